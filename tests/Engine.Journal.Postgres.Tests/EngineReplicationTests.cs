using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Host;

namespace Engine.Journal.Postgres.Tests;

/// <summary>
/// The engine process with <c>$.replicator</c> configured: its replicator thread feeds a real PostgreSQL while the
/// engine journals, and a database that is down never stops the engine; the backlog is shipped later.
/// </summary>
[TestFixture]
public sealed class EngineReplicationTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-replication-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void EngineWithReplicator_ShipsEveryJournaledInput_AndTheStoreMatchesTheJournalRecordForRecord()
    {
        string connection = PostgresFixture.CreateDatabase();
        EngineConfig config = WriteConfig(new JsonObject { ["connection"] = connection, ["batchSize"] = 64 });
        long last;
        using (EngineHost host = EngineHost.Start(config, _ => { }, withTransport: false))
        {
            // Deposits, then timer ticks every 100 ms: wait until some ticks are in the store while the engine runs.
            WaitUntil(() => host.Replication!.Status.ReplicatedSequence >= 8, () => host.Replication!.Status.ToString());
            host.Stop();
            last = host.Processor.Sequence;
            Assert.That(host.Replication!.Status.Lag, Is.Zero, "a graceful stop leaves a reachable store complete");
        }

        EventStoreVerification verification = EventStoreVerifier.Verify(config.JournalDirectory, connection);
        Assert.That(verification.IsComplete, Is.True, verification.ToString());
        Assert.That(verification.Matched, Is.EqualTo(last));
        Assert.That(PostgresFixture.Scalar(connection, "SELECT count(*) FROM events WHERE name = 'FundsTransferRequest' AND decoded->'fields'->>'direction' = 'Deposit'"), Is.EqualTo(2),
            "records are named and decoded with the engine's embedded schema");
        Assert.That(File.ReadAllText(JournalConfigCopy.EngineFile(config.JournalDirectory)), Does.Not.Contain("replicator"),
            "the journal's copy of the configuration keeps no connection string");
    }

    [Test]
    public void PostgresDown_EngineKeepsJournaling_ReportsTheLag_AndTheNextStartShipsTheBacklog()
    {
        string unreachable = $"Host=127.0.0.1;Port={UnusedPort()};Username=postgres;Database=postgres;Timeout=1";
        EngineConfig config = WriteConfig(new JsonObject { ["connection"] = unreachable });
        var log = new List<string>();
        long journaled;
        using (EngineHost host = EngineHost.Start(config, line => { lock (log) { log.Add(line); } }, withTransport: false))
        {
            WaitUntil(() => host.LastAppliedSequence >= 10 && host.Replication!.Status.Failures > 0, () => $"applied {host.LastAppliedSequence}, {host.Replication!.Status}");
            ReplicationStatus down = host.Replication!.Status;
            Assert.That(down.Connected, Is.False);
            Assert.That(down.Lag, Is.GreaterThan(0), "the lag is reported while PostgreSQL is down");
            host.Stop();
            journaled = host.Processor.Sequence;
        }

        lock (log)
        {
            Assert.That(log, Has.One.Contains("replicator: PostgreSQL unreachable"), "the outage is logged once, not once per retry");
        }

        // PostgreSQL is back (a reachable server): the next start ships everything the first run journaled.
        string connection = PostgresFixture.CreateDatabase();
        string path = config.Path;
        JsonNode root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        root["replicator"]!["connection"] = connection;
        File.WriteAllText(path, root.ToJsonString());
        EngineConfig restarted = EngineConfig.Load(path);
        using (EngineHost host = EngineHost.Start(restarted, _ => { }, withTransport: false))
        {
            WaitUntil(() => host.Replication!.Status.ReplicatedSequence >= journaled, () => host.Replication!.Status.ToString());
            host.Stop();
        }

        EventStoreVerification verification = EventStoreVerifier.Verify(config.JournalDirectory, connection);
        Assert.That(verification.IsComplete, Is.True, verification.ToString());
        Assert.That(verification.Gaps + verification.Duplicates, Is.Zero);
    }

    [Test]
    public void ReplicatorWithBothOrNeitherConnectionSource_IsAConfigErrorNamingTheKey()
    {
        var error = Assert.Throws<EngineConfigException>(() => WriteConfig(new JsonObject { ["batchSize"] = 10 }));
        Assert.That(error!.Message, Is.EqualTo("engine.json: $.replicator: give exactly one of connection and connectionEnvironmentVariable"));
        string variable = "ENGINE_TEST_PG_" + Guid.NewGuid().ToString("N");
        error = Assert.Throws<EngineConfigException>(() => WriteConfig(new JsonObject { ["connectionEnvironmentVariable"] = variable }));
        Assert.That(error!.Message, Is.EqualTo($"engine.json: $.replicator.connectionEnvironmentVariable: the environment variable {variable} is not set"));
    }

    private EngineConfig WriteConfig(JsonObject replicator)
    {
        string file = DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "journal"), "engine-replication-" + Guid.NewGuid().ToString("N"), _directory);
        JsonNode root = JsonNode.Parse(File.ReadAllText(file), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        root["replicator"] = replicator;
        File.WriteAllText(file, root.ToJsonString());
        return EngineConfig.Load(file);
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitUntil(Func<bool> condition, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), () => "not reached: " + describe());
            Thread.Sleep(10);
        }
    }
}
