using System.Text.Json;
using Engine.Journal.Decoding;

namespace Engine.Journal.Postgres.Tests;

[TestFixture]
public sealed class PostgresReplicatorTests
{
    [Test]
    public void Sync_EmptyStore_ShipsEveryRecord_AndVerifiesRecordForRecord()
    {
        using var journal = new TestJournal();
        journal.Append(25_000);
        string connection = PostgresFixture.CreateDatabase();

        using (var replicator = new PostgresReplicator(journal.Directory, connection, options: new ReplicatorOptions { BatchSize = 4000 }))
        {
            Assert.That(replicator.SyncOnce(), Is.EqualTo(25_000));
            Assert.That(replicator.SyncOnce(), Is.Zero, "nothing new");
            ReplicationStatus status = replicator.Status;
            Assert.That(status.ReplicatedSequence, Is.EqualTo(25_000));
            Assert.That(status.Lag, Is.Zero);
        }

        EventStoreVerification verification = EventStoreVerifier.Verify(journal.Directory, connection);
        Assert.That(verification.IsComplete, Is.True, verification.ToString());
        Assert.That(verification.Matched, Is.EqualTo(25_000));
        Assert.That(PostgresFixture.Scalar(connection, "SELECT count(*) FROM events WHERE name = 'template-2'"), Is.GreaterThan(0));
    }

    [Test]
    public void Sync_AfterRestart_ResumesFromTheHighestStoredSequence_WithoutDuplicates()
    {
        using var journal = new TestJournal();
        string connection = PostgresFixture.CreateDatabase();
        for (int round = 0; round < 4; round++)
        {
            journal.Append(3_000 + round);
            using var replicator = new PostgresReplicator(journal.Directory, connection, options: new ReplicatorOptions { BatchSize = 1000 });
            replicator.SyncOnce();
        }

        EventStoreVerification verification = EventStoreVerifier.Verify(journal.Directory, connection);
        Assert.That(verification.IsComplete, Is.True, verification.ToString());
        Assert.That(verification.StoredCount, Is.EqualTo(12_006));
        Assert.That(verification.Duplicates, Is.Zero);
    }

    [Test]
    public void Sync_StoreOfAnotherJournal_IsRefused()
    {
        using var first = new TestJournal();
        first.Append(100);
        using var second = new TestJournal();
        second.Append(50);
        second.Writer.Append(51, 99, 0, 0, [1, 2, 3]);
        second.Writer.Commit();
        string connection = PostgresFixture.CreateDatabase();
        using (var replicator = new PostgresReplicator(second.Directory, connection))
        {
            replicator.SyncOnce();
        }

        using var wrong = new PostgresReplicator(first.Directory, connection);
        EventStoreConflictException? error = Assert.Throws<EventStoreConflictException>(() => wrong.SyncOnce());
        Assert.That(error!.Message, Does.Contain("record 51 differs"));
    }

    [Test]
    public void Verify_TamperedAndMissingRows_AreReported()
    {
        using var journal = new TestJournal();
        journal.Append(1000);
        string connection = PostgresFixture.CreateDatabase();
        using (var replicator = new PostgresReplicator(journal.Directory, connection))
        {
            replicator.SyncOnce();
        }

        PostgresFixture.Execute(connection, "UPDATE events SET payload = '\\x00' WHERE seq = 500");
        EventStoreVerification tampered = EventStoreVerifier.Verify(journal.Directory, connection);
        Assert.That(tampered.IsConsistent, Is.False);
        Assert.That(tampered.FirstMismatch, Does.Contain("record 500 differs"));
        Assert.That(tampered.Matched, Is.EqualTo(499));

        PostgresFixture.Execute(connection, "DELETE FROM events WHERE seq BETWEEN 500 AND 509");
        EventStoreVerification gap = EventStoreVerifier.Verify(journal.Directory, connection);
        Assert.That(gap.Gaps, Is.EqualTo(10));
        Assert.That(gap.FirstMismatch, Does.Contain("sequence 510 where the journal has 500"));
    }

    [Test]
    public void Decoder_FillsNameAndDecodedJson()
    {
        using var journal = new TestJournal();
        journal.Append(30);
        string connection = PostgresFixture.CreateDatabase();
        using (var replicator = new PostgresReplicator(journal.Directory, connection, new LengthDecoder()))
        {
            replicator.SyncOnce();
        }

        Assert.That(PostgresFixture.Scalar(connection, "SELECT count(*) FROM events WHERE name = 'Message1'"), Is.EqualTo(10));
        Assert.That(PostgresFixture.Scalar(connection, "SELECT (decoded->>'length')::bigint FROM events WHERE seq = 7"), Is.EqualTo(16 + 7));
    }

    [Test]
    public void Outage_ServerStoppedMidRun_CatchesUpWithNoGapsOrDuplicates()
    {
        using var journal = new TestJournal();
        string connection = PostgresFixture.CreateDatabase();
        journal.Append(20_000);
        var options = new ReplicatorOptions
        {
            BatchSize = 2000,
            RetryDelay = TimeSpan.FromMilliseconds(100),
            DurableSequence = () => journal.Writer.DurableSequence,
        };
        using var replicator = new PostgresReplicator(journal.Directory, connection, options: options);
        using var stop = new CancellationTokenSource();
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                replicator.Run(stop.Token);
            }
            catch (EventStoreConflictException e)
            {
                failure = e;
            }
        });
        thread.Start();
        WaitUntil(() => replicator.Status.ReplicatedSequence > 0, "first batches");

        PostgresFixture.Server.StopServer();
        try
        {
            // The engine keeps journaling while PostgreSQL is down; the lag grows.
            for (int i = 0; i < 20; i++)
            {
                journal.Append(1_000, batch: 50);
            }

            WaitUntil(() => !replicator.Status.Connected && replicator.Status.Failures > 0, "the replicator to notice the outage");
            Assert.That(replicator.Status.Lag, Is.GreaterThan(0));
        }
        finally
        {
            PostgresFixture.Server.StartServer();
        }

        journal.Append(5_000);
        long last = journal.Writer.DurableSequence;
        WaitUntil(() => replicator.Status.ReplicatedSequence == last, "catch-up");
        Assert.That(replicator.Status.Lag, Is.Zero);
        stop.Cancel();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);
        Assert.That(failure, Is.Null);

        EventStoreVerification verification = EventStoreVerifier.Verify(journal.Directory, connection);
        Assert.That(verification.IsComplete, Is.True, verification.ToString());
        Assert.That(verification.Gaps, Is.Zero);
        Assert.That(verification.Duplicates, Is.Zero);
        Assert.That(verification.Matched, Is.EqualTo(last));
        Assert.That(verification.StoredCount, Is.EqualTo(last));

        // Connections pooled before the outage are dead; later tests must not inherit them.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            Thread.Sleep(10);
        }
    }

    private sealed class LengthDecoder : IRecordDecoder
    {
        public string NameOf(int templateId) => $"Message{templateId}";

        public bool TryResolveTemplateId(string name, out int templateId) => int.TryParse(name.AsSpan(7), out templateId);

        public bool TryWriteJson(int templateId, ReadOnlySpan<byte> payload, Utf8JsonWriter writer)
        {
            writer.WriteStartObject();
            writer.WriteNumber("length", payload.Length);
            writer.WriteEndObject();
            return true;
        }
    }
}
