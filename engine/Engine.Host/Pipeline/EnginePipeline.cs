using Engine.Concurrency.Agents;
using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Journal.Writing;
using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// The live engine's pipeline, wired here and nowhere else:
/// <code>
///   gateways ──ingress ring──► IngressReceiver      checks each frame (InputGate), stamps the engine time, adds
///                                │                  timer ticks, StateHash checkpoints and dead-gateway inputs
///                                ▼
///                          inbound ring (pre-allocated InputSlots)
///                                │
///                  stage 1: JournalHandler          appends, commits each batch (group commit, fsync policy)
///                                │                  gates stage 2: nothing unjournaled goes further
///                  stage 2: KernelHandler           EngineKernel.Apply: the BLP, snapshots, checkpoints
///                                │
///                          EgressPublisher ──egress broadcast──► gateways (each acts on its own venue's requests)
/// </code>
/// Paper mode (<see cref="PaperVenues"/>) plugs in the in-process paper venues: <see cref="PaperOutput"/> hands them the
/// requests naming them (never egress), stage 2 shows them each applied input (engine time, market data), and the
/// receiver takes their execution reports as it takes a gateway's frames:
/// <code>
///   stage 2 ──requests, market data──► PaperVenue (FillSimulator) ──PaperReports──► IngressReceiver ──► inbound ring
/// </code>
/// <see cref="PipelineThreading.Dedicated"/> gives the receiver, the journaller and the BLP a thread each (the
/// Disruptor's stages); <see cref="PipelineThreading.Shared"/> runs the three in that order on one engine thread
/// (<see cref="SharedPipelineAgent"/>). Backtests and replays use the same kernel without this ring: a simulation
/// calls <see cref="EngineKernel.Submit"/>, a replay <see cref="EngineKernel.Replay"/>.
/// Created and stopped by the host's controlling thread.
/// </summary>
internal sealed class EnginePipeline
{
    private readonly Disruptor<InputSlot>? _dedicated;
    private readonly SharedPipelineAgent? _shared;
    private readonly AgentRunner _runner;

    private EnginePipeline(IngressReceiver receiver, KernelHandler applier, Disruptor<InputSlot>? dedicated, SharedPipelineAgent? shared, AgentRunner runner)
    {
        Receiver = receiver;
        Applier = applier;
        _dedicated = dedicated;
        _shared = shared;
        _runner = runner;
    }

    public IngressReceiver Receiver { get; }

    /// <summary>Stage 2: the kernel's apply step.</summary>
    public KernelHandler Applier { get; }

    /// <summary>Wires the stages for the journal's next sequence; nothing runs until <see cref="Start"/>.</summary>
    public static EnginePipeline Create(EngineConfig config, EngineKernel kernel, JournalWriter journal, TransportFile? transport, PipelineLatencies latencies, Action<string> log, PaperVenues? paper = null)
    {
        long offset = journal.NextSequence;
        var applier = new KernelHandler(kernel, offset, latencies, paper);
        if (config.Threading == PipelineThreading.Shared)
        {
            var ring = new RingBuffer<InputSlot>(config.RingSize);
            var journaller = new JournalHandler(journal, offset, ring, latencies);
            var sequencer = new SingleProducerSequencer(config.RingSize, config.Wait.CreateWaitStrategy());
            var applied = new Sequence();
            sequencer.AddGatingSequences(applied);
            var receiver = new IngressReceiver(transport, ring, sequencer, config.TimerIntervalNanos, log, kernel.Checkpoints, paper);
            var agent = new SharedPipelineAgent(receiver, ring, sequencer, applied, journaller, applier, log);

            // No error handler: a failure stops the engine thread (see SharedPipelineAgent), it is never logged and skipped.
            return new EnginePipeline(receiver, applier, null, agent, new AgentRunner(agent, config.Wait.CreateIdleStrategy()));
        }

        var disruptor = new Disruptor<InputSlot>(config.RingSize, ProducerType.Single, config.Wait.CreateWaitStrategy());
        disruptor.HandleEventsWith(new JournalHandler(journal, offset, disruptor.RingBuffer, latencies)).Then(applier);
        var dedicatedReceiver = new IngressReceiver(transport, disruptor.RingBuffer, disruptor.Sequencer, config.TimerIntervalNanos, log, kernel.Checkpoints, paper);
        var runner = new AgentRunner(dedicatedReceiver, config.Wait.CreateIdleStrategy(), errorHandler: e => log($"receiver failed: {e.Message}"));
        return new EnginePipeline(dedicatedReceiver, applier, disruptor, null, runner);
    }

    /// <summary>Starts the stages (dedicated threading) so inputs published from now on flow through.</summary>
    public void StartStages() => _dedicated?.Start();

    /// <summary>Starts reading ingress.</summary>
    public void StartReceiver() => _runner.Start();

    /// <summary>
    /// Stops the receiver and drains the ring: every input received is journaled and applied. Throws the stage failure
    /// that stopped a shared pipeline.
    /// </summary>
    public void Stop()
    {
        _runner.Close();
        _dedicated?.Halt(TimeSpan.FromSeconds(60));
        if (_shared?.Fault is { } fault)
        {
            throw fault;
        }
    }
}
