using System.Text.RegularExpressions;

namespace Engine.Cli.Tests;

/// <summary>
/// The user's first commands, run as real processes: the demo (engine + simulated venue gateway over IPC) replays
/// to its own StateHash; backtests are bit-for-bit repeatable and `engine journal replay` of a backtest's journal
/// prints the backtest's StateHash.
/// </summary>
[TestFixture]
public sealed partial class EndToEndCommandTests
{
    private TemporaryDirectory _temporary = null!;
    private string _directory = string.Empty;

    [SetUp]
    public void SetUp()
    {
        _temporary = new TemporaryDirectory("engine-e2e");
        _directory = _temporary.Path;
    }

    [TearDown]
    public void TearDown() => _temporary.Dispose();

    [Test]
    public void Demo_RunsEngineAndVenueOverIpc_AndReplaysToTheSameStateHash()
    {
        EngineRun run = EngineProcess.Run("demo", "--seconds", "4", "--data-dir", Path.Combine(_directory, "demo"));

        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("trial balance zero"));
        Assert.That(StateHashMatches().IsMatch(run.StandardOutput), Is.True, run.StandardOutput);
        Assert.That(run.StandardOutput, Does.Contain("venue: gateway sim"), "the venue ran as its own process and spoke up");

        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(_directory, "demo", "journal"));
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        string demoHash = StateHashMatches().Match(run.StandardOutput).Groups[1].Value;
        Assert.That(replay.StandardOutput.TrimEnd(), Does.EndWith("StateHash: " + demoHash));
    }

    [Test]
    public void Demo_InAForeignNonEmptyDirectory_RefusesToTouchIt()
    {
        File.WriteAllText(Path.Combine(_directory, "precious.txt"), "do not delete");

        EngineRun run = EngineProcess.Run("demo", "--seconds", "1", "--data-dir", _directory);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("is not empty and was not made by `engine demo`"));
        Assert.That(File.Exists(Path.Combine(_directory, "precious.txt")), Is.True);
    }

    [Test]
    public void Backtest_SameSeedTwice_SameStateHash_AndJournalReplayAgrees()
    {
        EngineRun first = EngineProcess.Run("backtest", "--seconds", "20", "--seed", "3", "--data-dir", Path.Combine(_directory, "a"));
        EngineRun second = EngineProcess.Run("backtest", "--seconds", "20", "--seed", "3", "--data-dir", Path.Combine(_directory, "b"));

        Assert.That(first.ExitCode, Is.Zero, first.StandardError);
        Assert.That(second.ExitCode, Is.Zero, second.StandardError);
        string hash = LastLine(first.StandardOutput);
        Assert.That(hash, Does.StartWith("StateHash: "));
        Assert.That(LastLine(second.StandardOutput), Is.EqualTo(hash));

        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(_directory, "a", "journal"));
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        Assert.That(LastLine(replay.StandardOutput), Is.EqualTo(hash));
    }

    [Test]
    public void Run_WithABadConfig_ExitsOneNamingTheKey()
    {
        string config = Path.Combine(_directory, "engine.json");
        File.WriteAllText(config, """{ "instruments": "nowhere.json", "risk": "risk.json" }""");

        EngineRun run = EngineProcess.Run("run", "--config", config, "--seconds", "1");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.Trim(), Does.StartWith("engine: error: engine.json: $.instruments: cannot read"));
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    [GeneratedRegex("StateHash ([0-9a-f]{16}) matches")]
    private static partial Regex StateHashMatches();
}
