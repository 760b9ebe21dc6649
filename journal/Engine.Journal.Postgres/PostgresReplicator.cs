using System.Buffers;
using System.Data;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Engine.Journal.Decoding;
using Engine.Journal.Format;
using Engine.Journal.Reading;
using Npgsql;
using NpgsqlTypes;

namespace Engine.Journal.Postgres;

/// <summary>
/// Ships journal records to the PostgreSQL <c>events</c> table with binary COPY, one transaction per batch.
/// <list type="bullet">
/// <item>Idempotent and gap-free: on every (re)connection it resumes from <c>max(seq) + 1</c> of the table, after
/// checking that the stored last record is the journal's (same CRC32C), so a restart never duplicates or skips.</item>
/// <item>Outage-tolerant: when PostgreSQL is unreachable, <see cref="Run"/> keeps retrying while the engine goes on
/// journaling locally; the backlog is shipped when PostgreSQL returns, and <see cref="Status"/> reports the lag.</item>
/// </list>
/// Threading: <see cref="SyncOnce"/> and <see cref="Run"/> belong to one thread (the replicator's); <see cref="Status"/>
/// may be read from any thread.
/// </summary>
public sealed class PostgresReplicator : IDisposable
{
    private readonly string _journalDirectory;
    private readonly string _connectionString;
    private readonly ReplicatorOptions _options;
    private readonly RowWriter _rows;
    private readonly Lock _statusLock = new();
    private NpgsqlConnection? _connection;
    private JournalTailer? _tailer;

    // Guarded by _statusLock.
    private long _replicated = -1;
    private long _journalSeen = -1;
    private bool _connected;
    private long _failures;
    private string? _lastError;

    public PostgresReplicator(string journalDirectory, string connectionString, IRecordDecoder? decoder = null, ReplicatorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        ArgumentNullException.ThrowIfNull(connectionString);
        _journalDirectory = journalDirectory;
        _connectionString = connectionString;
        _options = options ?? new ReplicatorOptions();
        if (_options.BatchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"batch size must be positive, got {_options.BatchSize}");
        }

        _rows = new RowWriter(decoder ?? TemplateIdRecordDecoder.Instance, this);
    }

    public ReplicationStatus Status
    {
        get
        {
            long durable = _options.DurableSequence?.Invoke() ?? -1;
            lock (_statusLock)
            {
                return new ReplicationStatus(_replicated, Math.Max(durable, _journalSeen), _connected, _failures, _lastError);
            }
        }
    }

    /// <summary>
    /// Connects (resuming from the table's highest sequence) if needed, then ships batches until caught up with the
    /// journal or <paramref name="maxRecords"/> were shipped. Returns how many records were shipped. A PostgreSQL
    /// failure is recorded in <see cref="Status"/>, the connection is dropped (the next call resumes) and rethrown.
    /// </summary>
    public long SyncOnce(long maxRecords = long.MaxValue)
    {
        try
        {
            EnsureConnected();
            long shipped = 0;
            while (shipped < maxRecords)
            {
                int shippedNow = ShipBatch((int)Math.Min(_options.BatchSize, maxRecords - shipped));
                if (shippedNow == 0)
                {
                    break;
                }

                shipped += shippedNow;
            }

            return shipped;
        }
        catch (Exception e) when (IsTransient(e) || e is EventStoreConflictException)
        {
            Disconnect(e.Message);
            throw;
        }
    }

    /// <summary>
    /// Replicates until cancelled: ships whatever the journal has, waits <see cref="ReplicatorOptions.PollInterval"/>
    /// when caught up, and reconnects every <see cref="ReplicatorOptions.RetryDelay"/> while PostgreSQL is down.
    /// Stops with <see cref="EventStoreConflictException"/> when the store and the journal disagree.
    /// </summary>
    public void Run(CancellationToken cancellationToken)
    {
        bool reportedDown = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            long shipped;
            bool wasConnected = _connection is not null;
            try
            {
                shipped = SyncOnce(_options.BatchSize * 16L);
            }
            catch (Exception e) when (IsTransient(e))
            {
                if (!reportedDown)
                {
                    _options.Log?.Invoke($"PostgreSQL unreachable ({e.Message}); retrying every {_options.RetryDelay.TotalMilliseconds:0} ms while the journal keeps every input");
                    reportedDown = true;
                }

                cancellationToken.WaitHandle.WaitOne(_options.RetryDelay);
                continue;
            }

            if (!wasConnected)
            {
                reportedDown = false;
                _options.Log?.Invoke($"connected to PostgreSQL; the event store now holds the journal up to sequence {Status.ReplicatedSequence}");
            }

            if (shipped == 0)
            {
                cancellationToken.WaitHandle.WaitOne(_options.PollInterval);
            }
        }
    }

    public void Dispose() => Disconnect(null);

    private static bool IsTransient(Exception e) =>
        e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException ||
        (e is IOException && e is not EventStoreConflictException && e is not JournalFormatException && e is not JournalCorruptionException);

    private void EnsureConnected()
    {
        if (_connection is { State: ConnectionState.Open } && _tailer is not null)
        {
            return;
        }

        Disconnect(null);
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            EventStoreSchema.EnsureCreated(connection);
            long stored = EventStoreSchema.MaxSequence(connection);
            CheckSameJournal(connection, stored);
            _tailer = JournalTailer.Open(_journalDirectory, stored >= 0 ? stored + 1 : -1);
            _connection = connection;
            lock (_statusLock)
            {
                _replicated = stored;
                _connected = true;
            }
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The store's last record must be the journal's, and the journal must still hold the next one.</summary>
    private void CheckSameJournal(NpgsqlConnection connection, long stored)
    {
        if (stored < 0)
        {
            return;
        }

        using var command = new NpgsqlCommand("SELECT crc FROM events WHERE seq = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = stored, NpgsqlDbType = NpgsqlDbType.Bigint });
        long storedCrc = (long)command.ExecuteScalar()!;
        using JournalReader reader = JournalReader.Open(_journalDirectory);
        bool found;
        try
        {
            found = reader.Seek(stored) && reader.TryRead(out JournalRecord record) && CheckCrc(record, storedCrc, stored);
        }
        catch (ArgumentOutOfRangeException)
        {
            // The store's last record was removed from the journal by retention: the next one must still be there.
            if (!reader.Seek(stored + 1))
            {
                throw new EventStoreConflictException(
                    $"{_journalDirectory}: the event store ends at sequence {stored} but the journal no longer holds {stored + 1} (retention ran ahead of replication)");
            }

            return;
        }

        if (!found)
        {
            throw new EventStoreConflictException(
                $"{_journalDirectory}: the event store holds sequence {stored} but the journal ends at {reader.NextSequence - 1}; the store belongs to another journal");
        }
    }

    private bool CheckCrc(JournalRecord record, long storedCrc, long sequence)
    {
        if (record.Checksum != storedCrc)
        {
            throw new EventStoreConflictException(
                $"{_journalDirectory}: record {sequence} differs between the event store (CRC32C 0x{storedCrc:X8}) and the journal (0x{record.Checksum:X8}); the store belongs to another journal");
        }

        return true;
    }

    private int ShipBatch(int limit)
    {
        long max = _options.DurableSequence?.Invoke() ?? long.MaxValue;
        RowWriter rows = _rows;
        int shipped = _tailer!.Poll(ref rows, limit, max);
        lock (_statusLock)
        {
            _journalSeen = Math.Max(_journalSeen, _tailer.NextSequence - 1);
        }

        if (shipped == 0)
        {
            return 0;
        }

        _rows.Finish();
        lock (_statusLock)
        {
            _replicated = _rows.LastSequence;
        }

        return shipped;
    }

    private NpgsqlBinaryImporter BeginCopy(out NpgsqlTransaction transaction)
    {
        transaction = _connection!.BeginTransaction();
        return _connection.BeginBinaryImport(EventStoreSchema.CopySql);
    }

    private void Disconnect(string? error)
    {
        _rows.Abandon();
        _tailer?.Dispose();
        _tailer = null;
        if (_connection is not null)
        {
            NpgsqlConnection.ClearPool(_connection);
            _connection.Dispose();
            _connection = null;
        }

        lock (_statusLock)
        {
            _connected = false;
            if (error is not null)
            {
                _failures++;
                _lastError = error;
            }
        }
    }

    /// <summary>Writes one COPY row per record; starts the transaction and the COPY lazily, at the first record.</summary>
    private sealed class RowWriter : IJournalRecordHandler
    {
        private readonly IRecordDecoder _decoder;
        private readonly PostgresReplicator _owner;
        private readonly Dictionary<int, string> _names = [];
        private readonly ArrayBufferWriter<byte> _json = new(4096);
        private readonly Utf8JsonWriter _jsonWriter;
        private byte[] _payload = new byte[4096];
        private NpgsqlBinaryImporter? _importer;
        private NpgsqlTransaction? _transaction;

        public RowWriter(IRecordDecoder decoder, PostgresReplicator owner)
        {
            _decoder = decoder;
            _owner = owner;
            _jsonWriter = new Utf8JsonWriter(_json);
        }

        public long LastSequence { get; private set; } = -1;

        public void OnRecord(in JournalRecord record)
        {
            _importer ??= _owner.BeginCopy(out _transaction);
            NpgsqlBinaryImporter importer = _importer;
            importer.StartRow();
            importer.Write(record.Sequence, NpgsqlDbType.Bigint);
            importer.Write(record.TemplateId, NpgsqlDbType.Integer);
            importer.Write(NameOf(record.TemplateId), NpgsqlDbType.Text);
            importer.Write(record.ExchangeTime, NpgsqlDbType.Bigint);
            importer.Write(record.EngineTime, NpgsqlDbType.Bigint);
            if (_payload.Length < record.Payload.Length)
            {
                _payload = new byte[Math.Max(record.Payload.Length, _payload.Length * 2)];
            }

            record.Payload.CopyTo(_payload);
            importer.Write(new ArraySegment<byte>(_payload, 0, record.Payload.Length), NpgsqlDbType.Bytea);
            _json.ResetWrittenCount();
            _jsonWriter.Reset(_json);
            if (_decoder.TryWriteJson(record.TemplateId, record.Payload, _jsonWriter))
            {
                _jsonWriter.Flush();
                importer.Write(Encoding.UTF8.GetString(_json.WrittenSpan), NpgsqlDbType.Jsonb);
            }
            else
            {
                importer.WriteNull();
            }

            importer.Write((long)record.Checksum, NpgsqlDbType.Bigint);
            LastSequence = record.Sequence;
        }

        public void Finish()
        {
            _importer!.Complete();
            _importer.Dispose();
            _importer = null;
            _transaction!.Commit();
            _transaction.Dispose();
            _transaction = null;
        }

        public void Abandon()
        {
            // Disposing an uncompleted importer cancels the COPY; the connection is being dropped anyway, so a
            // failure to cancel cleanly changes nothing (the transaction never commits).
            try
            {
                _importer?.Dispose();
                _transaction?.Dispose();
            }
            catch (Exception e) when (IsTransient(e))
            {
                _ = e;
            }

            _importer = null;
            _transaction = null;
        }

        private string NameOf(int templateId)
        {
            if (!_names.TryGetValue(templateId, out string? name))
            {
                name = _decoder.NameOf(templateId);
                _names[templateId] = name;
            }

            return name;
        }
    }
}
