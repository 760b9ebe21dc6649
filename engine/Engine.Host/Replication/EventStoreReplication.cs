using Engine.Journal.Postgres;

namespace Engine.Host;

/// <summary>
/// The engine's PostgreSQL replicator (<c>$.replicator</c> in engine.json), on its own thread beside the pipeline.
/// It tails the journal and ships only records the fsync policy has made durable, so the event store never holds an
/// input a crash could take back, and a database outage never stalls the ring: the engine keeps trading on the
/// local journal, the lag (<see cref="Status"/>) grows, and the backlog is shipped when PostgreSQL returns.
/// A store that belongs to another journal stops the replicator (not the engine) and is reported in the status.
/// Thread ownership: started and stopped by the host's controlling thread; <see cref="Status"/> from any thread.
/// </summary>
public sealed class EventStoreReplication : IDisposable
{
    private readonly PostgresReplicator _replicator;
    private readonly Func<long> _durableSequence;
    private readonly Action<string> _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private volatile string? _stoppedBecause;

    public EventStoreReplication(string journalDirectory, ReplicatorConfig config, Func<long> durableSequence, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(config);
        _durableSequence = durableSequence;
        _log = log;
        _replicator = new PostgresReplicator(journalDirectory, config.ConnectionString, EngineRecordDecoder.Instance, new ReplicatorOptions
        {
            BatchSize = config.BatchSize,
            DurableSequence = durableSequence,
            Log = message => log("replicator: " + message),
        });
        _thread = new Thread(Run) { Name = "replicator", IsBackground = true };
    }

    /// <summary>Progress and lag; <see cref="ReplicationStatus.LastError"/> says why it stopped, if it did.</summary>
    public ReplicationStatus Status
    {
        get
        {
            ReplicationStatus status = _replicator.Status;
            return _stoppedBecause is { } reason ? status with { LastError = reason } : status;
        }
    }

    /// <summary>Whether the replicator gave up (the store belongs to another journal); the engine trades on.</summary>
    public bool Stopped => _stoppedBecause is not null;

    public void Start() => _thread.Start();

    /// <summary>
    /// Stops the thread, first giving it up to <paramref name="catchUp"/> to ship what the journal holds when
    /// PostgreSQL is reachable (a graceful shutdown leaves the store complete); whatever is left is shipped by the
    /// next start or by <c>engine journal pg-sync</c>.
    /// </summary>
    public void Stop(TimeSpan catchUp)
    {
        if (!_thread.IsAlive)
        {
            _replicator.Dispose();
            return;
        }

        DateTime deadline = DateTime.UtcNow + catchUp;
        while (DateTime.UtcNow < deadline && !Stopped)
        {
            ReplicationStatus status = _replicator.Status;
            if (!status.Connected || status.ReplicatedSequence >= _durableSequence())
            {
                break;
            }

            Thread.Sleep(10);
        }

        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
        _replicator.Dispose();
        ReplicationStatus final = Status;
        _log($"replicator: stopped with the event store at sequence {final.ReplicatedSequence}, {final.Lag:N0} records behind the journal");
    }

    public void Dispose() => Stop(TimeSpan.Zero);

    private void Run()
    {
        try
        {
            _replicator.Run(_stop.Token);
        }
        catch (Exception e)
        {
            // Not transient (the replicator retries those itself): the store disagrees with the journal, or a bug.
            // Replication stops loudly; trading goes on, because the local journal is the source of truth.
            _stoppedBecause = e.Message;
            _log($"replicator: STOPPED, the event store is no longer being fed: {e.Message}");
        }
    }
}
