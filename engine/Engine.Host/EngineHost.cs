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
/// The engine process: opens (and recovers) the journal, rebuilds the BLP by replaying it, creates the
/// shared-memory transport, and runs the pipeline
/// <code>
///   ingress receiver ──► inbound ring ──► journaller (append, group commit) ──► BLP ──► egress publisher
///                                              └─ durable journal ──► replicator thread ──► PostgreSQL (optional)
/// </code>
/// until <see cref="Stop"/>, which stops the receiver, drains the ring (every received input is journaled and
/// applied) and closes the journal. On a fresh journal the configured deposits are journaled as the first inputs.
/// Thread ownership: created and stopped by one controlling thread; the stages run on their own named threads.
/// </summary>
public sealed class EngineHost : IDisposable
{
    private readonly EngineConfig _config;
    private readonly JournalWriter _writer;
    private readonly TransportFile? _transport;
    /// <summary>How long a graceful stop waits for a reachable PostgreSQL to receive the journal's last records.</summary>
    private static readonly TimeSpan s_replicationCatchUpOnStop = TimeSpan.FromSeconds(30);

    // Dedicated threading: the ring's stages on their threads, the receiver on its own. Shared: one agent for all.
    private readonly Disruptor<InputSlot>? _pipeline;
    private readonly SharedPipelineAgent? _sharedPipeline;
    private readonly IngressReceiver _receiver;
    private readonly AgentRunner _receiverRunner;
    private readonly BusinessLogicHandler _blpHandler;
    private readonly Action<string> _log;
    private readonly EventStoreReplication? _replication;
    private bool _stopped;

    private EngineHost(EngineConfig config, JournalWriter writer, TransportFile? transport, BusinessLogicProcessor processor, EgressPublisher publisher, long recoveredRecords, Action<string> log)
    {
        _config = config;
        _log = log;
        _writer = writer;
        _transport = transport;
        Processor = processor;
        Publisher = publisher;
        RecoveredRecords = recoveredRecords;
        long offset = writer.NextSequence;
        _blpHandler = new BusinessLogicHandler(processor, offset, config.JournalDirectory, log);
        var journalHandler = new JournalHandler(writer, offset);
        if (config.Threading == PipelineThreading.Shared)
        {
            var ring = new RingBuffer<InputSlot>(config.RingSize);
            var sequencer = new SingleProducerSequencer(config.RingSize, config.Wait.CreateWaitStrategy());
            var applied = new Sequence();
            sequencer.AddGatingSequences(applied);
            _receiver = new IngressReceiver(transport, ring, sequencer, config.TimerIntervalNanos, log);
            _sharedPipeline = new SharedPipelineAgent(_receiver, ring, sequencer, applied, journalHandler, _blpHandler, log);

            // No error handler: a failure stops the engine thread (see SharedPipelineAgent), it is never logged and skipped.
            _receiverRunner = new AgentRunner(_sharedPipeline, config.Wait.CreateIdleStrategy());
        }
        else
        {
            _pipeline = new Disruptor<InputSlot>(config.RingSize, ProducerType.Single, config.Wait.CreateWaitStrategy());
            _pipeline.HandleEventsWith(journalHandler).Then(_blpHandler);
            _receiver = new IngressReceiver(transport, _pipeline.RingBuffer, _pipeline.Sequencer, config.TimerIntervalNanos, log);
            _receiverRunner = new AgentRunner(_receiver, config.Wait.CreateIdleStrategy(), errorHandler: e => log($"receiver failed: {e.Message}"));
        }

        if (config.Replicator is not null)
        {
            _replication = new EventStoreReplication(config.JournalDirectory, config.Replicator, () => writer.DurableSequence, log);
        }
    }

    public BusinessLogicProcessor Processor { get; }

    public EgressPublisher Publisher { get; }

    public IngressReceiver Receiver => _receiver;

    public JournalWriter Journal => _writer;

    /// <summary>Inputs replayed from the journal at start (0 on a fresh journal).</summary>
    public long RecoveredRecords { get; }

    /// <summary>The journal sequence of the snapshot recovery started from (0: replayed from the start).</summary>
    public long RecoveredFromSnapshot { get; private init; }

    /// <summary>The journal sequence of the last input the BLP applied.</summary>
    public long LastAppliedSequence => Math.Max(_blpHandler.LastSequence, Processor.Sequence);

    public string? TransportPath => _transport?.Path;

    /// <summary>The PostgreSQL replicator, when configured (<c>$.replicator</c>); null otherwise.</summary>
    public EventStoreReplication? Replication => _replication;

    /// <summary>Starts the engine; <paramref name="withTransport"/> false runs without IPC (inputs only from <see cref="Inject"/>).</summary>
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
            var processor = new BusinessLogicProcessor(config.CreateCoreSettings(), publisher);
            publisher.Processor = processor;
            (long recovered, long snapshotSequence) = Recover(config, writer.NextSequence - 1, ref processor, publisher, log);
            publisher.Muted = false;
            var host = new EngineHost(config, writer, transport, processor, publisher, recovered, log) { RecoveredFromSnapshot = snapshotSequence };
            host._pipeline?.Start();
            if (recovered == 0)
            {
                host.JournalDeposits();
            }

            host._receiverRunner.Start();
            host._replication?.Start();
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
        _receiverRunner.Close();
        try
        {
            _pipeline?.Halt(TimeSpan.FromSeconds(60));
            if (_sharedPipeline?.Fault is { } fault)
            {
                throw fault;
            }

            // Drained: the BLP thread is done, so its state can be read here. The next start begins from this snapshot.
            if (Processor.Sequence > 0)
            {
                WriteSnapshot(Processor, _config.JournalDirectory, _log);
            }
        }
        finally
        {
            // After the drain: everything journaled is durable, so a reachable event store ends complete.
            _replication?.Stop(s_replicationCatchUpOnStop);
            _writer.Dispose();
            _transport?.Dispose();
        }
    }

    /// <summary>Writes a snapshot of the processor's state now (between inputs; on the thread that owns it).</summary>
    internal static void WriteSnapshot(BusinessLogicProcessor processor, string journalDirectory, Action<string> log)
    {
        using var payload = new MemoryStream();
        processor.WriteSnapshot(payload);
        string path = SnapshotStore.Write(journalDirectory, processor.Sequence, processor.StateHash(), payload.GetBuffer().AsSpan(0, (int)payload.Length));
        log($"snapshot at input {processor.Sequence}: {path}");
    }

    /// <summary>
    /// Rebuilds the BLP from the newest snapshot whose restored state has the StateHash it recorded, then the journal
    /// after it; without a usable snapshot, from the whole journal. Returns (inputs replayed, snapshot sequence).
    /// </summary>
    private static (long Recovered, long SnapshotSequence) Recover(EngineConfig config, long lastSequence, ref BusinessLogicProcessor processor, EgressPublisher publisher, Action<string> log)
    {
        if (lastSequence <= 0)
        {
            return (0, 0);
        }

        var skipped = new List<string>();
        SnapshotFile? snapshot = SnapshotStore.TryLoadNewest(config.JournalDirectory, lastSequence, skipped);
        foreach (string reason in skipped)
        {
            log("snapshot skipped: " + reason);
        }

        if (snapshot is not null)
        {
            try
            {
                processor.RestoreSnapshot(new MemoryStream(snapshot.Payload));
                if (processor.StateHash() == snapshot.StateHash)
                {
                    long tail = JournalReplayer.ApplyFrom(config.JournalDirectory, processor, snapshot.Sequence + 1);
                    log($"recovered from the snapshot at input {snapshot.Sequence} and {tail:N0} journaled inputs after it");
                    return (snapshot.Sequence + tail, snapshot.Sequence);
                }

                log($"snapshot skipped: {snapshot.Path}: restored state hash differs from the recorded one (another build or configuration)");
            }
            catch (Exception e) when (e is SnapshotFormatException or EndOfStreamException or InvalidOperationException)
            {
                log($"snapshot skipped: {snapshot.Path}: {e.Message}");
            }

            processor = new BusinessLogicProcessor(config.CreateCoreSettings(), publisher);
            publisher.Processor = processor;
        }

        return (JournalReplayer.Apply(config.JournalDirectory, processor), 0);
    }

    public void Dispose() => Stop();

    private void JournalDeposits() =>
        InputFrames.EncodeDeposits(_config, Processor.Assets, MonotonicClock.WallNanos(), (template, buffer, length) => _receiver.Publish(template, 0, buffer.AsSpan(0, length)));
}
