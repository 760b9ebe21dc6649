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

    [Test]
    public void Demo_with_a_config_runs_its_pipeline_settings_and_reports_tick_to_trade_and_stages_in_microseconds()
    {
        string config = Engine.Host.DefaultConfiguration.WriteTo(Path.Combine(_directory, "mine"), Path.Combine(_directory, "never-used-journal"), "never-used-transport");
        string text = File.ReadAllText(config);
        string edited = text
            .Replace("\"waitStrategy\": \"yielding\"", "\"waitStrategy\": \"sleeping\", \"threading\": \"shared\"", StringComparison.Ordinal)
            .Replace("\"ringSize\": 8192", "\"ringSize\": 1024", StringComparison.Ordinal)
            .Replace("\"fsync\": \"batch\"", "\"fsync\": \"none\"", StringComparison.Ordinal);
        Assert.That(edited, Is.Not.EqualTo(text));
        File.WriteAllText(config, edited);

        EngineRun run = EngineProcess.Run("demo", "--seconds", "3", "--config", config, "--data-dir", Path.Combine(_directory, "demo"));

        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(StateHashMatches().IsMatch(run.StandardOutput), Is.True, run.StandardOutput);
        string kept = File.ReadAllText(Path.Combine(_directory, "demo", "journal", "config", "engine.json"));
        Assert.That(kept, Does.Contain("\"threading\": \"shared\"").And.Contain("\"ringSize\": 1024").And.Contain("\"fsync\": \"none\""), "the demo ran with the given file");
        Assert.That(Directory.Exists(Path.Combine(_directory, "never-used-journal")), Is.False, "the demo's journal is its own");

        string[] lines = run.StandardOutput.Split('\n');
        string tickToTrade = lines.Single(l => l.TrimStart().StartsWith("tick-to-trade", StringComparison.Ordinal));
        Match samples = SampleCount().Match(tickToTrade);
        Assert.That(samples.Success, Is.True, tickToTrade);
        long n = long.Parse(samples.Groups[1].Value, System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(tickToTrade, Does.Contain(" µs"));
        Assert.That(tickToTrade.Contains(" p99 ", StringComparison.Ordinal), Is.EqualTo(n >= 1000), "p99 only with ten samples beyond it: " + tickToTrade);
        Assert.That(run.StandardOutput, Does.Contain("no fsync: the journal commit reaches the page cache only (fsync \"none\")"));
        foreach (string stage in new[] { "receive -> journaled", "journaled -> applied", "BLP -> egress" })
        {
            Assert.That(lines.Any(l => l.TrimStart().StartsWith(stage + " ", StringComparison.Ordinal) && l.Contains("n=", StringComparison.Ordinal)), Is.True, stage + " in " + run.StandardOutput);
        }
    }

    [Test]
    public void Run_with_a_data_dir_keeps_the_journal_there_instead_of_the_configs_directory()
    {
        string config = Engine.Host.DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "configured-journal"), "engine-run-" + Guid.NewGuid().ToString("N"));
        string dataDir = Path.Combine(_directory, "data");

        EngineRun run = EngineProcess.Run("run", "--config", config, "--data-dir", dataDir, "--seconds", "1");

        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        string journal = Path.Combine(dataDir, "journal");
        Assert.That(run.StandardOutput, Does.Contain("journal " + journal));
        Assert.That(Directory.GetFiles(journal, "*.seg"), Is.Not.Empty);
        Assert.That(File.Exists(Path.Combine(journal, "config", "engine.json")), Is.True, "the configuration copy lives with the journal");
        Assert.That(Directory.Exists(Path.Combine(_directory, "configured-journal")), Is.False);
    }

    private static string LastLine(string output) => output.TrimEnd().Split('\n')[^1].Trim();

    [GeneratedRegex("n=([0-9,]+)")]
    private static partial Regex SampleCount();

    [GeneratedRegex("StateHash ([0-9a-f]{16}) matches")]
    private static partial Regex StateHashMatches();
}
