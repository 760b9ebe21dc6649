using System.Runtime.CompilerServices;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Processors;

/// <summary>
/// The Disruptor's consumer loop: waits on its barrier for the next sequence, then hands every available event to
/// the handler (the last one with <c>endOfBatch</c>) and publishes its progress once per batch. The handler is a
/// type parameter, so for a struct handler the whole loop is specialised and <c>OnEvent</c> is inlined.
/// </summary>
/// <remarks>
/// Thread ownership: <see cref="Run"/> owns the handler and <see cref="Sequence"/> (single writer); any thread may
/// call <see cref="Halt"/> and read <see cref="Fault"/> and <see cref="IsRunning"/>.
/// Failure policy is fail-fast: when the handler throws, the processor stops with <see cref="Sequence"/> just
/// before the failed event (it is never skipped), records a <see cref="ProcessorFault"/> and reports it to the
/// fault callback, which halts the rest of the pipeline.
/// </remarks>
public sealed class BatchEventProcessor<T, THandler> : IEventProcessor
    where T : struct
    where THandler : IEventHandler<T>
{
    private const int Idle = 0;
    private const int Running = 1;
    private const int Halted = 2;
    private const int Finished = 3;

    private readonly RingBuffer<T> _ring;
    private readonly SequenceBarrier _barrier;
    private readonly Sequence _sequence = new();
    private readonly Action<ProcessorFault>? _onFault;

    // Whether the handler has its own OnBatchPublished (see EventHandlerHooks): a field, because the consumer loop
    // runs as on-stack-replaced code, which tests the static's class initialisation on every batch.
    private readonly bool _callsOnBatchPublished = EventHandlerHooks<T, THandler>.HasOnBatchPublished;

    // Not readonly: a struct handler is mutated in place by its calls.
    private THandler _handler;
    private int _state;
    private volatile ProcessorFault? _fault;

    public BatchEventProcessor(RingBuffer<T> ring, SequenceBarrier barrier, THandler handler, Action<ProcessorFault>? onFault = null)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(barrier);
        ArgumentNullException.ThrowIfNull(handler);
        _ring = ring;
        _barrier = barrier;
        _handler = handler;
        _onFault = onFault;
        Name = handler.Name;
    }

    public string Name { get; }

    public Sequence Sequence => _sequence;

    public bool IsRunning => Volatile.Read(ref _state) is Running or Halted;

    public ProcessorFault? Fault => _fault;

    /// <summary>The handler as the processor holds it (a struct handler's state lives here). Owner thread only while running.</summary>
    public ref THandler Handler => ref _handler;

    public void Run()
    {
        int previous = Interlocked.CompareExchange(ref _state, Running, Idle);
        if (previous != Idle)
        {
            if (previous == Halted)
            {
                // Halted before it ever ran: nothing to drain, nothing to start.
                Volatile.Write(ref _state, Finished);
                return;
            }

            throw new InvalidOperationException($"stage '{Name}' is already running or has finished: a processor runs once");
        }

        try
        {
            if (Start())
            {
                ProcessEvents();
            }
        }
        finally
        {
            Shutdown();
            Volatile.Write(ref _state, Finished);
        }
    }

    public void Halt()
    {
        Interlocked.CompareExchange(ref _state, Halted, Running);
        Interlocked.CompareExchange(ref _state, Halted, Idle);
        _barrier.Alert();
    }

    private void ProcessEvents()
    {
        long next = _sequence.Value + 1;
        var unpublished = default(SpinWait);
        while (true)
        {
            long available = _barrier.WaitFor(next);
            if (available < next)
            {
                // Nothing new: either alerted to halt (everything before the halt is already drained by the host)
                // or a multi-producer slot is claimed but not yet published. In the second case its producer may
                // have been preempted between claim and publish: spin briefly, then yield our core to it.
                if (Volatile.Read(ref _state) == Halted)
                {
                    return;
                }

                unpublished.SpinOnce(sleep1Threshold: -1);
                continue;
            }

            unpublished.Reset();

            long sequence = next;
            try
            {
                for (; sequence <= available; sequence++)
                {
                    _handler.OnEvent(ref _ring[sequence], sequence, sequence == available);
                }
            }
            catch (Exception e)
            {
                // Everything before the failed event is done; the failed one is not, so it stays visible as unprocessed.
                _sequence.Value = sequence - 1;
                ReportFault(FaultPhase.Event, sequence, e);
                return;
            }

            // Release store: later stages and the producers see the batch as done only now.
            _sequence.Value = available;
            next = available + 1;

            // Only a handler that has its own hook is called: calling the default body boxed a struct handler once
            // per batch (see EventHandlerHooks).
            if (_callsOnBatchPublished)
            {
                try
                {
                    _handler.OnBatchPublished();
                }
                catch (Exception e)
                {
                    ReportFault(FaultPhase.Event, next, e);
                    return;
                }
            }
        }
    }

    private bool Start()
    {
        try
        {
            _handler.OnStart();
            return true;
        }
        catch (Exception e)
        {
            ReportFault(FaultPhase.Start, _sequence.Value + 1, e);
            return false;
        }
    }

    private void Shutdown()
    {
        try
        {
            _handler.OnShutdown();
        }
        catch (Exception e)
        {
            ReportFault(FaultPhase.Shutdown, _sequence.Value + 1, e);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportFault(FaultPhase phase, long sequence, Exception exception)
    {
        var fault = new ProcessorFault(Name, phase, sequence, exception);
        _fault ??= fault;
        _onFault?.Invoke(fault);
    }
}
