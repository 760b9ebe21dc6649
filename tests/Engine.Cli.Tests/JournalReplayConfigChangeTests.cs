using System.Globalization;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine journal replay --config FILE</c> with a configuration other than the one the journal keeps: state keys
/// that differ refuse the replay naming each key (it would print another StateHash), unless
/// <c>--allow-config-change</c> asks for it, which warns with the same keys; operational keys may differ freely.
/// </summary>
[TestFixture]
public sealed class JournalReplayConfigChangeTests
{
    private TemporaryDirectory _temporary = null!;
    private string _root = string.Empty;

    [SetUp]
    public void CreateRoot()
    {
        _temporary = new TemporaryDirectory("engine-cli-replay-config");
        _root = _temporary.Path;
    }

    [TearDown]
    public void DeleteRoot() => _temporary.Dispose();

    [Test]
    public void Replay_with_a_config_of_other_state_keys_exits_1_naming_each_key_with_both_values()
    {
        (string journal, _) = WriteSession();
        string config = WriteConfig("changed-fee", text => text
            .Replace("\"takerBps\": 5", "\"takerBps\": 7", StringComparison.Ordinal)
            .Replace("\"halfSpreadTicks\": 50", "\"halfSpreadTicks\": 60", StringComparison.Ordinal));

        EngineRun run = EngineProcess.Run("journal", "replay", journal, "--config", config);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError, Does.StartWith("engine: error: --config " + config));
        Assert.That(run.StandardError, Does.Contain("engine.json $.fees[0].takerBps: 5 (journal) vs 7"));
        Assert.That(run.StandardError, Does.Contain("engine.json $.strategies[0].parameters.halfSpreadTicks: 50 (journal) vs 60"));
        Assert.That(run.StandardError, Does.Contain("--allow-config-change"));
        Assert.That(run.StandardOutput, Does.Not.Contain("StateHash"));
    }

    [Test]
    public void Replay_with_allow_config_change_warns_naming_the_keys_and_proceeds()
    {
        (string journal, _) = WriteSession();
        string config = WriteConfig("changed-fee", text => text.Replace("\"takerBps\": 5", "\"takerBps\": 7", StringComparison.Ordinal));

        EngineRun run = EngineProcess.Run("journal", "replay", journal, "--config", config, "--allow-config-change");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("warning: replaying with --config " + config));
        Assert.That(run.StandardOutput, Does.Contain("engine.json $.fees[0].takerBps: 5 (journal) vs 7"));
        Assert.That(run.StandardOutput.TrimEnd().Split('\n')[^1], Does.StartWith("StateHash: "));
    }

    [Test]
    public void Replay_with_a_config_differing_only_in_operational_keys_reproduces_the_journal_without_a_warning()
    {
        (string journal, ulong live) = WriteSession();
        string config = WriteConfig("other-transport", text => text
            .Replace("\"name\": \"replay-tests\"", "\"name\": \"elsewhere\"", StringComparison.Ordinal)
            .Replace("\"fsync\": \"none\"", "\"fsync\": \"record\"", StringComparison.Ordinal)
            .Replace("\"ringSize\": 1024", "\"ringSize\": 4096, \"waitStrategy\": \"busy-spin\"", StringComparison.Ordinal));

        EngineRun run = EngineProcess.Run("journal", "replay", journal, "--config", config);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Not.Contain("warning"));
        Assert.That(run.StandardOutput.TrimEnd(), Does.EndWith("StateHash: " + live.ToString("x16", CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Ledger_with_a_config_of_other_state_keys_is_refused_too()
    {
        (string journal, _) = WriteSession();
        string config = WriteConfig("changed-fee", text => text.Replace("\"takerBps\": 5", "\"takerBps\": 7", StringComparison.Ordinal));

        EngineRun run = EngineProcess.Run("journal", "ledger", journal, "--config", config);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.Contain("engine.json $.fees[0].takerBps: 5 (journal) vs 7"));
    }

    private (string Journal, ulong LiveHash) WriteSession()
    {
        using SessionJournal session = SessionJournal.Create(_root);
        session.Trade(books: 500, seed: 3);
        return (session.Directory, session.Processor.StateHash());
    }

    /// <summary>The session's configuration files in a folder of their own, engine.json edited.</summary>
    private string WriteConfig(string folderName, Func<string, string> edit)
    {
        string folder = Path.Combine(_root, folderName);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "instruments.json"), SessionJournal.InstrumentsJson);
        File.WriteAllText(Path.Combine(folder, "risk.json"), SessionJournal.RiskJson);
        string edited = edit(SessionJournal.EngineJson);
        Assert.That(edited, Is.Not.EqualTo(SessionJournal.EngineJson), "the edit applies to the session's configuration");
        string file = Path.Combine(folder, "engine.json");
        File.WriteAllText(file, edited);
        return file;
    }
}
