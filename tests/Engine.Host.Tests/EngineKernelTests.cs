using System.Text.Json.Nodes;
using Engine.Journal.Reading;
using Engine.Journal.Writing;

namespace Engine.Host.Tests;

/// <summary>
/// The kernel is the one place inputs are checked, journaled and applied: a simulation's frames pass the same gate as
/// a gateway's, StateHash checkpoints are journaled and verified on replay, and replaying or recovering a journal
/// writes nothing into it.
/// </summary>
[TestFixture]
public sealed class EngineKernelTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-kernel-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void ASimulationsFrame_ThatIsNotAnInput_IsRefusedByTheGate_AndNeverJournaled()
    {
        EngineConfig config = Config(checkpointInterval: 0);
        string journal = Path.Combine(_directory, "journal");
        var kernel = new EngineKernel(config.CreateCoreSettings(), new JournalReplayer.CountingOutput(), config.KernelOptions(_ => { }) with { JournalDirectory = journal });
        using (JournalWriter writer = JournalWriter.Open(journal, config.Journal))
        {
            kernel.JournalTo(writer);
            byte[] status = new byte[Codecs.EngineSchema.HeaderLength + Codecs.EngineStatusEncoder.BlockLength + 16];
            Codecs.EngineStatusEncoder.WrapAndApplyHeader(status, 0);
            byte[] truncated = new byte[Codecs.EngineSchema.HeaderLength + 4];
            new Codecs.MessageHeaderEncoder(truncated, 0).SetBlockLength(Codecs.TradeEncoder.BlockLength).SetTemplateId(Codecs.TradeEncoder.TemplateId).SetSchemaId(Codecs.EngineSchema.Id).SetVersion(Codecs.EngineSchema.Version);

            Assert.That(kernel.Submit(Codecs.EngineStatusEncoder.TemplateId, 1, status), Is.False, "an output, not an input");
            Assert.That(kernel.Submit(Codecs.TradeEncoder.TemplateId, 1, truncated), Is.False, "its block does not fit");
            Assert.That(kernel.FramesRefused, Is.EqualTo(2));
            kernel.Commit();
        }

        using JournalReader reader = JournalReader.Open(journal);
        Assert.That(reader.TryRead(out _), Is.False, "nothing refused was journaled");
        Assert.That(kernel.Processor.Sequence, Is.Zero, "nor applied");
    }

    [Test]
    public void ABacktest_JournalsStateHashCheckpoints_AndItsReplayVerifiesEveryOne()
    {
        EngineConfig config = Config(checkpointInterval: 500);
        string journal = Path.Combine(_directory, "run");
        BacktestResult run = new BacktestRunner(config, new BacktestOptions { Seed = 3, DurationNanos = 5_000_000_000 }).Run(journal);
        int checkpoints = CountRecords(journal, Codecs.StateHashCheckpointDecoder.TemplateId);
        Assert.That(checkpoints, Is.GreaterThanOrEqualTo((int)(run.Inputs / 501)).And.GreaterThan(1));

        EngineConfig recorded = EngineConfig.Load(JournalConfigCopy.EngineFile(journal));
        JournalReplayer.Result replay = JournalReplayer.Replay(journal, recorded, new JournalReplayer.CountingOutput());
        Assert.That(replay.StateHash, Is.EqualTo(run.StateHash));
        Assert.That(replay.CheckpointsVerified, Is.EqualTo(checkpoints));
    }

    [Test]
    public void AReplay_ThatDoesNotReproduceTheRun_StopsAtTheFirstCheckpoint_NamingIt()
    {
        EngineConfig config = Config(checkpointInterval: 500);
        string journal = Path.Combine(_directory, "run");
        new BacktestRunner(config, new BacktestOptions { Seed = 3, DurationNanos = 5_000_000_000 }).Run(journal);

        // Another fee schedule: the same inputs lead to another state.
        EngineConfig other = Config(checkpointInterval: 500, takerBps: 7, folder: "other");
        StateDivergedException e = Assert.Throws<StateDivergedException>(() => JournalReplayer.Replay(journal, other, new JournalReplayer.CountingOutput()))!;
        Assert.That(e.Sequence % 500, Is.Zero);
        Assert.That(e.Message, Does.StartWith($"the state after input {e.Sequence} has StateHash "));
    }

    [Test]
    public void ALiveEngine_JournalsCheckpoints_FromItsReceiver_AndRecoveryWritesNoSnapshotForARequestItReplays()
    {
        EngineConfig config = Config(checkpointInterval: 64);
        using (EngineHost host = EngineHost.Start(config, _ => { }, withTransport: false))
        {
            // Timer ticks (every 100 ms) are the inputs here; at most a few checkpoints go by in the time it takes.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (CountRecords(config.JournalDirectory, Codecs.StateHashCheckpointDecoder.TemplateId) == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(50);
            }

            host.Stop();
        }

        Assert.That(CountRecords(config.JournalDirectory, Codecs.StateHashCheckpointDecoder.TemplateId), Is.GreaterThan(0), "the receiver journals the checkpoints the kernel takes");
        EngineConfig recorded = EngineConfig.Load(JournalConfigCopy.EngineFile(config.JournalDirectory));
        Assert.That(JournalReplayer.Replay(config.JournalDirectory, recorded, new JournalReplayer.CountingOutput()).CheckpointsVerified, Is.GreaterThan(0));

        // Recovery from the whole journal (the stop's snapshot removed) applies the journal's inputs again without
        // serving them: no snapshot appears.
        string snapshots = Path.Combine(config.JournalDirectory, "snapshots");
        Directory.Delete(snapshots, recursive: true);
        using EngineHost restarted = EngineHost.Start(config, _ => { }, withTransport: false);
        Assert.That(Directory.Exists(snapshots) && Directory.EnumerateFiles(snapshots).Any(), Is.False);
        restarted.Stop();
    }

    private EngineConfig Config(long checkpointInterval, int? takerBps = null, string folder = "config")
    {
        string file = DefaultConfiguration.WriteTo(Path.Combine(_directory, folder), Path.Combine(_directory, folder, "journal"), "engine-kernel-test-" + Guid.NewGuid().ToString("N"), _directory);
        JsonNode root = JsonNode.Parse(File.ReadAllText(file), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        root["journal"]!["checkpointInterval"] = checkpointInterval;
        root["journal"]!["fsync"] = "none";
        if (takerBps is { } bps)
        {
            root["fees"]![0]!["takerBps"] = bps;
        }

        File.WriteAllText(file, root.ToJsonString());
        return EngineConfig.Load(file);
    }

    private static int CountRecords(string journal, int templateId)
    {
        if (!Directory.Exists(journal) || !Directory.EnumerateFiles(journal, "*.seg").Any())
        {
            return 0;
        }

        int count = 0;
        using JournalReader reader = JournalReader.Open(journal);
        while (reader.TryRead(out JournalRecord record))
        {
            count += record.TemplateId == templateId ? 1 : 0;
        }

        return count;
    }
}
