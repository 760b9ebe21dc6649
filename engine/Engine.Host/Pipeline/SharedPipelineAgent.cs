using Engine.Concurrency.Agents;
using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;

namespace Engine.Host;

/// <summary>
/// The whole inbound pipeline on one thread (<see cref="PipelineThreading.Shared"/>). Each duty cycle runs the
/// receiver, which copies what arrived on ingress into the inbound ring. Then the journaller appends those inputs
/// and commits them (one group commit), and then the BLP applies them. The order and the guarantee are the
/// dedicated pipeline's: every input is journaled under the fsync policy before the BLP sees it. A stage that
/// throws stops the engine with a <see cref="PipelineFaultException"/> naming the stage and the sequence; nothing is
/// skipped. Closing applies what is already in the ring. Owned by the engine thread.
/// </summary>
internal sealed class SharedPipelineAgent : IAgent
{
    private readonly IngressReceiver _receiver;
    private readonly RingBuffer<InputSlot> _ring;
    private readonly Sequencer _sequencer;
    private readonly Sequence _applied;
    private readonly JournalHandler _journal;
    private readonly KernelHandler _blp;
    private readonly Action<string> _log;

    public SharedPipelineAgent(IngressReceiver receiver, RingBuffer<InputSlot> ring, Sequencer sequencer, Sequence applied, JournalHandler journal, KernelHandler blp, Action<string> log)
    {
        _receiver = receiver;
        _ring = ring;
        _sequencer = sequencer;
        _applied = applied;
        _journal = journal;
        _blp = blp;
        _log = log;
    }

    public string RoleName => "engine";

    /// <summary>Set when a stage failed; the engine stopped at that input.</summary>
    public PipelineFaultException? Fault { get; private set; }

    public void OnStart() => _receiver.OnStart();

    public int DoWork() => _receiver.DoWork() + Apply();

    public void OnClose()
    {
        _receiver.OnClose();
        if (Fault is null)
        {
            Apply();
        }
    }

    /// <summary>Journals, commits and applies everything published since the last call; returns how many inputs.</summary>
    public int Apply()
    {
        long available = _sequencer.Cursor;
        long first = _applied.Value + 1;
        if (available < first)
        {
            return 0;
        }

        RunStage(_journal, first, available);
        RunStage(_blp, first, available);

        // Frees the slots for the receiver (the ring's only gating sequence).
        _applied.Value = available;

        // The inputs are applied and their outputs published: the stages' housekeeping delays none of them now.
        AfterBatch(_journal, available + 1);
        AfterBatch(_blp, available + 1);
        return (int)(available - first + 1);
    }

    /// <summary>The stage's <see cref="IEventHandler{T}.OnBatchPublished"/>, as its own processor calls it in dedicated threading.</summary>
    private void AfterBatch<THandler>(THandler handler, long next)
        where THandler : IEventHandler<InputSlot>
    {
        try
        {
            handler.OnBatchPublished();
        }
        catch (Exception e)
        {
            throw Fail(handler.Name, next, e);
        }
    }

    private void RunStage<THandler>(THandler handler, long first, long last)
        where THandler : IEventHandler<InputSlot>
    {
        long sequence = first;
        try
        {
            for (; sequence <= last; sequence++)
            {
                handler.OnEvent(ref _ring[sequence], sequence, sequence == last);
            }
        }
        catch (Exception e)
        {
            throw Fail(handler.Name, sequence, e);
        }
    }

    /// <summary>Records and logs the stage's failure at <paramref name="sequence"/>; returns the exception that stops the engine.</summary>
    private PipelineFaultException Fail(string stage, long sequence, Exception e)
    {
        Fault = new PipelineFaultException(new ProcessorFault(stage, FaultPhase.Event, sequence, e));
        _log(Fault.Message);
        return Fault;
    }
}
