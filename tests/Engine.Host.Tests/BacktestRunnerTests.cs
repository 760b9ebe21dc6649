namespace Engine.Host.Tests;

/// <summary>
/// Backtests are bit-for-bit repeatable: the same configuration, seed and latencies give byte-identical journals
/// and the same StateHash; the journal replays to that StateHash; another seed gives another market.
/// </summary>
[TestFixture]
public sealed class BacktestRunnerTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-backtest-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void SameSeed_TwoRuns_IdenticalJournalBytesAndStateHash_AndReplayAgrees()
    {
        EngineConfig config = EngineConfig.Load(DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "unused"), "engine-backtest-test"));
        var options = new BacktestOptions { Seed = 5, DurationNanos = 30_000_000_000 };

        BacktestResult first = new BacktestRunner(config, options).Run(Path.Combine(_directory, "first"));
        BacktestResult second = new BacktestRunner(config, options).Run(Path.Combine(_directory, "second"));

        Assert.That(first.Processor.Counters.Fills, Is.GreaterThan(0), "the backtest must trade");
        Assert.That(first.Processor.Ledger.ComputeTrialBalance().IsBalanced, Is.True);
        Assert.That(second.StateHash, Is.EqualTo(first.StateHash));
        Assert.That(second.Inputs, Is.EqualTo(first.Inputs));
        string[] segments = Directory.GetFiles(Path.Combine(_directory, "first"), "*.seg");
        Assert.That(segments, Is.Not.Empty);
        foreach (string segment in segments)
        {
            string other = Path.Combine(_directory, "second", Path.GetFileName(segment));
            Assert.That(File.ReadAllBytes(other), Is.EqualTo(File.ReadAllBytes(segment)), $"{Path.GetFileName(segment)} differs between the runs");
        }

        EngineConfig recorded = EngineConfig.Load(JournalConfigCopy.EngineFile(Path.Combine(_directory, "first")));
        var replay = JournalReplayer.Replay(Path.Combine(_directory, "first"), recorded, new JournalReplayer.CountingOutput());
        Assert.That(replay.StateHash, Is.EqualTo(first.StateHash));
        Assert.That(replay.Records, Is.EqualTo(first.Inputs));
    }

    [Test]
    public void AnotherSeed_GivesAnotherRun()
    {
        EngineConfig config = EngineConfig.Load(DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "unused"), "engine-backtest-test"));

        BacktestResult first = new BacktestRunner(config, new BacktestOptions { Seed = 1, DurationNanos = 5_000_000_000 }).Run(Path.Combine(_directory, "a"));
        BacktestResult second = new BacktestRunner(config, new BacktestOptions { Seed = 2, DurationNanos = 5_000_000_000 }).Run(Path.Combine(_directory, "b"));

        Assert.That(second.StateHash, Is.Not.EqualTo(first.StateHash));
    }

    [Test]
    public void ExistingJournal_IsNotOverwritten()
    {
        EngineConfig config = EngineConfig.Load(DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "unused"), "engine-backtest-test"));
        string journal = Path.Combine(_directory, "journal");
        new BacktestRunner(config, new BacktestOptions { DurationNanos = 1_000_000_000 }).Run(journal);

        var error = Assert.Throws<IOException>(() => new BacktestRunner(config, new BacktestOptions { DurationNanos = 1_000_000_000 }).Run(journal));
        Assert.That(error!.Message, Does.Contain("not empty"));
    }
}
