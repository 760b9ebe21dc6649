using Engine.Concurrency.Agents;
using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Core;
using Engine.Journal.Snapshots;
using Engine.Journal.Writing;
using Engine.Primitives;
using Engine.Transport;
using Engine.Transport.Egress;

namespace Engine.Host;

/// <summary>
/// The engine process: opens (and recovers) the journal, rebuilds the BLP by replaying it through the
/// <see cref="EngineKernel"/>, creates the shared-memory transport, and runs the live pipeline (see
/// <see cref="EnginePipeline"/>, where it is wired):
/// <code>
///   ingress receiver ──► inbound ring ──► journaller (append, group commit) ──► kernel (BLP) ──► egress publisher
///                                              └─ durable journal ──► replicator thread ──► PostgreSQL (optional)
/// </code>
/// until <see cref="Stop"/>, which stops the receiver, drains the ring (every received input is journaled and
/// applied) and closes the journal. On a fresh journal the configured deposits are journaled as the first inputs.
/// In paper mode (<see cref="EngineConfig.Mode"/>) it plugs in the paper venues (<see cref="PaperVenues"/>), which
/// fill the orders of the configured venues in process instead of the gateways.
/// Thread ownership: created and stopped by one controlling thread; the stages run on their own named threads.
/// </summary>
public sealed class EngineHost : IDisposable
{
    /// <summary>How long a graceful stop waits for a reachable PostgreSQL to receive the journal's last records.</summary>
    private static readonly TimeSpan s_replicationCatchUpOnStop = TimeSpan.FromSeconds(30);

    private readonly EngineConfig _config;
    private readonly JournalWriter _writer;
    private readonly TransportFile? _transport;
    private readonly EnginePipeline _pipeline;
    private readonly Action<string> _log;
    private readonly EventStoreReplication? _replication;
    private LatencyPublication? _latencyPublication;
    private bool _stopped;

    private EngineHost(EngineConfig config, JournalWriter writer, TransportFile? transport, EngineKernel kernel, EgressPublisher publisher, PaperVenues? paper, long recoveredRecords, Action<string> log)
    {
        Paper = paper;
        _config = config;
        _log = log;
        _writer = writer;
        _transport = transport;
        Kernel = kernel;
        Publisher = publisher;
        RecoveredRecords = recoveredRecords;
        _pipeline = EnginePipeline.Create(config, kernel, writer, transport, Latencies, log, paper);
        publisher.Latencies = Latencies;
        if (config.Replicator is not null)
        {
            _replication = new EventStoreReplication(config.JournalDirectory, config.Replicator, () => writer.DurableSequence, log);
        }
    }

    public EngineKernel Kernel { get; }

    public BusinessLogicProcessor Processor => Kernel.Processor;

    public EgressPublisher Publisher { get; }

    /// <summary>In paper mode (engine.json's <c>mode</c>), the venues whose orders the engine fills itself; null live.</summary>
    public PaperVenues? Paper { get; }

    /// <summary>The live pipeline's per-stage latencies (host measurements, not state); also published beside the transport file.</summary>
    public PipelineLatencies Latencies { get; } = new();

    public IngressReceiver Receiver => _pipeline.Receiver;

    public JournalWriter Journal => _writer;

    /// <summary>Inputs replayed from the journal at start (0 on a fresh journal).</summary>
    public long RecoveredRecords { get; }

    /// <summary>The journal sequence of the snapshot recovery started from (0: replayed from the start).</summary>
    public long RecoveredFromSnapshot { get; private init; }

    /// <summary>The journal sequence of the last input the BLP applied.</summary>
    public long LastAppliedSequence => Math.Max(_pipeline.Applier.LastSequence, Processor.Sequence);

    public string? TransportPath => _transport?.Path;

    /// <summary>Where the pipeline stands now (any thread; see <see cref="HostProgress"/>).</summary>
    public HostProgress Progress() => new(
        _pipeline.Receiver.FramesAccepted,
        _writer.NextSequence - 1,
        _writer.DurableSequence,
        LastAppliedSequence,
        _replication is null ? null : _replication.Status.Lag);

    /// <summary>The PostgreSQL replicator, when configured (<c>$.replicator</c>); null otherwise.</summary>
    public EventStoreReplication? Replication => _replication;

    /// <summary>Starts the engine; <paramref name="withTransport"/> false runs without IPC (inputs only from the receiver itself).</summary>
    public static EngineHost Start(EngineConfig config, Action<string> log, bool withTransport = true)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        Directory.CreateDirectory(config.JournalDirectory);
        JournalConfigCopy.SaveOrVerify(config);
        JournalWriter writer = JournalWriter.Open(config.JournalDirectory, config.Journal);
        TransportFile? transport = null;
        try
        {
            log(writer.Recovery.ToString() ?? "journal opened");
            if (withTransport)
            {
                transport = TransportFile.CreateForEngine(config.Transport);
            }

            // Recovery replays the journal with the publisher muted: outputs are derived, and were sent the first time.
            var publisher = new EgressPublisher(transport is null ? null : new BroadcastTransmitter(transport.EgressBuffer)) { Muted = true };
            PaperVenues? paper = config.Paper is { } paperConfig ? new PaperVenues(paperConfig, config.Registry) : null;
            IEngineOutput output = paper is null ? publisher : new PaperOutput(publisher, paper);
            var kernel = new EngineKernel(config.CreateCoreSettings(), output, config.KernelOptions(log));
            (long recovered, long snapshotSequence) = kernel.Recover(config.JournalDirectory, writer.NextSequence - 1);
            publisher.Processor = kernel.Processor;
            publisher.Muted = false;
            var host = new EngineHost(config, writer, transport, kernel, publisher, paper, recovered, log) { RecoveredFromSnapshot = snapshotSequence };
            if (paper is not null)
            {
                log(PaperModeLine(config, paper.CancelOrdersLeftOpen(kernel.Processor, config.Registry)));
            }

            host._pipeline.StartStages();
            if (recovered == 0)
            {
                host.JournalDeposits();
            }

            host._pipeline.StartReceiver();
            host._replication?.Start();
            if (transport is not null)
            {
                host._latencyPublication = new LatencyPublication(host.Latencies, host.Progress, transport.Path, log);
            }

            return host;
        }
        catch
        {
            transport?.Dispose();
            writer.Dispose();
            throw;
        }
    }

    /// <summary>Stops the receiver, drains the pipeline (everything received is journaled and applied), closes the journal.</summary>
    public void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            _pipeline.Stop();

            // Drained: the BLP thread is done, so its state can be read here. The next start begins from this snapshot.
            if (Processor.Sequence > 0)
            {
                Kernel.WriteSnapshot();
            }
        }
        finally
        {
            // After the drain: everything journaled is durable, so a reachable event store ends complete.
            _replication?.Stop(s_replicationCatchUpOnStop);
            _latencyPublication?.Dispose();
            _writer.Dispose();
            _transport?.Dispose();
        }
    }

    public void Dispose() => Stop();

    private static string PaperModeLine(EngineConfig config, int canceled)
    {
        string venues = string.Join(", ", config.Paper!.Venues.Select(v => config.Registry.GetVenue(v).Code));
        string line = $"paper mode: orders for {venues} are filled in this process against the journaled market data (order latency {config.Paper.Fills.OrderLatency}, queue model {(config.Paper.Fills.QueueModel == QueueModelKind.RiskAverse ? "risk-averse" : "probabilistic")}); no order of these venues goes to a gateway";
        return canceled == 0 ? line : line + $"; {canceled} order(s) left open by the previous run are reported canceled (the paper book does not outlive its process)";
    }

    private void JournalDeposits() =>
        InputFrames.EncodeDeposits(_config, Processor.Assets, MonotonicClock.WallNanos(), (template, buffer, length) => _pipeline.Receiver.Publish(template, 0, buffer.AsSpan(0, length)));
}
