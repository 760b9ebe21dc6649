using System.Diagnostics;
using Engine.Journal.Postgres;
using Engine.Journal.Postgres.Tests;
using Engine.Journal.Writing;
using Engine.PerfTests.Harnesses.Rings;
using Npgsql;
using NpgsqlTypes;

namespace Engine.PerfTests.Harnesses.Journal;

/// <summary>
/// Replicates a journal of 64-256 byte records into a fresh PostgreSQL <c>events</c> table with the replicator
/// (binary COPY, batches of 8192, one transaction each). Baseline in the same run: a raw binary COPY of the same
/// rows from memory (no journal, no CRC check). Uses the server named by <c>ENGINE_PG_CONNECTION</c>, or starts a
/// throw-away one (fsync on) like the tests do. Verifies the store against the journal record for record.
/// </summary>
public sealed class PgReplicateHarness : IHarness
{
    public string Name => "pg-replicate";

    public string Description => "journal -> PostgreSQL events table via the replicator (binary COPY, 8192/batch) vs raw binary COPY of the same rows";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string? external = Environment.GetEnvironmentVariable("ENGINE_PG_CONNECTION");
        if (external is null && PostgresServer.FindBinaries() is null)
        {
            context.Log.WriteLine($"  pg-replicate skipped: PostgreSQL is not installed ({PostgresServer.InstallCommand}) and ENGINE_PG_CONNECTION is not set");
            return;
        }

        using PostgresServer? server = external is null ? PostgresServer.Start(durable: true) : null;
        string adminConnection = external ?? server!.ConnectionString();
        long records = context.Quick ? 100_000 : 1_000_000;
        int rounds = context.Quick ? 2 : 3;
        string journal = Path.Combine(Path.GetTempPath(), "engine-pg-replicate-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteJournal(journal, records);
            var replicated = new List<double>();
            var raw = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                string database = CreateDatabase(adminConnection);
                long started = Stopwatch.GetTimestamp();
                long shipped;
                using (var replicator = new PostgresReplicator(journal, database))
                {
                    shipped = replicator.SyncOnce();
                }

                long ticks = Stopwatch.GetTimestamp() - started;
                if (shipped != records)
                {
                    throw new HarnessVerificationException($"replicator shipped {shipped} of {records} records");
                }

                replicated.Add(RoundStatistics.PerSecond(records, ticks));
                if (round == rounds - 1)
                {
                    EventStoreVerification verification = EventStoreVerifier.Verify(journal, database);
                    if (!verification.IsComplete || verification.Matched != records)
                    {
                        throw new HarnessVerificationException($"event store does not match the journal: {verification}");
                    }
                }

                raw.Add(RoundStatistics.PerSecond(records, RawCopy(CreateDatabase(adminConnection), records)));
                context.Log.WriteLine($"  round {round}: replicator {replicated[^1] / 1e3:F0}k records/s, raw COPY {raw[^1] / 1e3:F0}k/s");
            }

            double median = RoundStatistics.Median(replicated);
            double baseline = RoundStatistics.Median(raw);
            context.Report(new HarnessResult(Name, median, "records/s", "npgsql-raw-binary-copy", baseline)
            {
                Extra = new Dictionary<string, double>
                {
                    ["ratio"] = median / baseline,
                    ["records_per_round"] = records,
                    ["rounds"] = rounds,
                },
            });
        }
        finally
        {
            Directory.Delete(journal, recursive: true);
        }
    }

    private static void WriteJournal(string directory, long records)
    {
        var random = new Random(11);
        byte[] payload = new byte[256];
        random.NextBytes(payload);
        using JournalWriter writer = JournalWriter.Open(directory, new JournalOptions { FsyncPolicy = FsyncPolicy.None, SchemaId = 1, SchemaVersion = 1 });
        for (long sequence = 1; sequence <= records; sequence++)
        {
            writer.Append(sequence, (int)(sequence % 7) + 1, sequence, sequence, payload.AsSpan(0, 64 + (int)(sequence * 37 % 193)));
        }

        writer.Commit();
    }

    private static long RawCopy(string connectionString, long records)
    {
        byte[] payload = new byte[256];
        new Random(11).NextBytes(payload);
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        EventStoreSchema.EnsureCreated(connection);
        long started = Stopwatch.GetTimestamp();
        for (long first = 1; first <= records; first += 8192)
        {
            using NpgsqlTransaction transaction = connection.BeginTransaction();
            using (NpgsqlBinaryImporter importer = connection.BeginBinaryImport(EventStoreSchema.CopySql))
            {
                for (long sequence = first; sequence < first + 8192 && sequence <= records; sequence++)
                {
                    importer.StartRow();
                    importer.Write(sequence, NpgsqlDbType.Bigint);
                    importer.Write((int)(sequence % 7) + 1, NpgsqlDbType.Integer);
                    importer.Write("template", NpgsqlDbType.Text);
                    importer.Write(sequence, NpgsqlDbType.Bigint);
                    importer.Write(sequence, NpgsqlDbType.Bigint);
                    importer.Write(new ArraySegment<byte>(payload, 0, 64 + (int)(sequence * 37 % 193)), NpgsqlDbType.Bytea);
                    importer.WriteNull();
                    importer.Write(sequence, NpgsqlDbType.Bigint);
                }

                importer.Complete();
            }

            transaction.Commit();
        }

        return Stopwatch.GetTimestamp() - started;
    }

    private static string CreateDatabase(string adminConnection)
    {
        string name = "pg_replicate_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(adminConnection))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(adminConnection) { Database = name }.ConnectionString;
    }
}
