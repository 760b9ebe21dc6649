namespace Engine.Host.Tests;

/// <summary>
/// A journal keeps the configuration it was written with; a restart compares the new one key by key: keys that
/// decide state must match (each differing one is named with both values), operational keys may change.
/// </summary>
[TestFixture]
public sealed class JournalConfigCopyTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-config-copy-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Restart_with_another_transport_fsync_ring_size_and_wait_strategy_is_accepted()
    {
        EngineConfig config = StartAndStopOnce();

        EngineConfig changed = Edit(config, text => text
            .Replace("\"name\": \"engine-config-test\"", "\"name\": \"another-transport\"", StringComparison.Ordinal)
            .Replace("\"fsync\": \"batch\"", "\"fsync\": \"none\"", StringComparison.Ordinal)
            .Replace("\"ringSize\": 8192", "\"ringSize\": 1024", StringComparison.Ordinal)
            .Replace("\"timerIntervalMillis\": 100", "\"timerIntervalMillis\": 250", StringComparison.Ordinal)
            .Replace("\"waitStrategy\": \"yielding\"", "\"waitStrategy\": \"sleeping\", \"threading\": \"shared\"", StringComparison.Ordinal));

        Assert.That((changed.Transport.Name, changed.RingSize, changed.Wait), Is.EqualTo(("another-transport", 1024, WaitKind.Sleeping)));
        Assert.That(JournalConfigCopy.StateDifferences(changed, config.JournalDirectory), Is.Empty);
        using EngineHost restarted = EngineHost.Start(changed, _ => { }, withTransport: false);
        Assert.That(restarted.RecoveredRecords, Is.GreaterThan(0));
        restarted.Stop();
    }

    [Test]
    public void Restart_with_other_state_keys_is_refused_naming_each_key_with_both_values()
    {
        EngineConfig config = StartAndStopOnce();
        EngineConfig changed = Edit(config, text => text
            .Replace("\"takerBps\": 5", "\"takerBps\": 7", StringComparison.Ordinal)
            .Replace("\"halfSpreadTicks\": 100", "\"halfSpreadTicks\": 120", StringComparison.Ordinal)
            .Replace("\"name\": \"engine-config-test\"", "\"name\": \"another-transport\"", StringComparison.Ordinal));
        string risk = Path.Combine(_directory, "config", "risk.json");
        File.WriteAllText(risk, File.ReadAllText(risk).Replace("\"maxOrderSize\": \"5\"", "\"maxOrderSize\": \"6\"", StringComparison.Ordinal));

        var error = Assert.Throws<EngineConfigException>(() => EngineHost.Start(changed, _ => { }, withTransport: false));

        Assert.That(error!.Message, Does.Contain("engine.json $.fees[0].takerBps: 5 (journal) vs 7"));
        Assert.That(error.Message, Does.Contain("engine.json $.strategies[0].parameters.halfSpreadTicks: 100 (journal) vs 120"));
        Assert.That(error.Message, Does.Contain("risk.json $.instruments[0].maxOrderSize: \"5\" (journal) vs \"6\""));
        Assert.That(error.Message, Does.Not.Contain("transport"), "the transport's name is not state");
    }

    [Test]
    public void Spelling_out_a_default_or_editing_a_comment_is_no_difference()
    {
        IReadOnlyList<ConfigDifference> engine = StateKeyComparison.Compare(
            "engine.json",
            """{ "fees": [], "journal": { "directory": ".." } }""",
            """{ "fees": [], "ledgerScale": 8, "journal": { "directory": "..", "checkpointInterval": 1048576 } } // a comment""");
        IReadOnlyList<ConfigDifference> risk = StateKeyComparison.Compare("risk.json", "{ \"maxAccountId\": 4 }", "{\n  // why 4\n  \"maxAccountId\": 4\n}");

        Assert.That(engine, Is.Empty);
        Assert.That(risk, Is.Empty);
    }

    [Test]
    public void A_key_present_on_one_side_only_is_a_difference_shown_as_absent()
    {
        IReadOnlyList<ConfigDifference> differences = StateKeyComparison.Compare(
            "engine.json",
            """{ "strategies": [ { "id": 1 } ] }""",
            """{ "strategies": [ { "id": 1, "venue": "SIM" } ], "transport": { "name": "x" } }""");

        Assert.That(differences, Is.EqualTo(new[] { new ConfigDifference("engine.json", "$.strategies[0].venue", ConfigDifference.Absent, "\"SIM\"") }));
    }

    [TestCase("$.transport.name", true)]
    [TestCase("$.pipeline.waitStrategy", true)]
    [TestCase("$.journal.fsync", true)]
    [TestCase("$.replicator.batchSize", true)]
    [TestCase("$.journal.checkpointInterval", false)]
    [TestCase("$.deposits[0].amount", false)]
    [TestCase("$.ledgerScale", false)]
    public void Operational_keys_are_exactly_those_that_change_no_state(string key, bool operational)
    {
        Assert.That(StateKeyComparison.IsOperational("engine.json", key), Is.EqualTo(operational));
    }

    private EngineConfig StartAndStopOnce()
    {
        string file = DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "journal"), "engine-config-test", _directory);
        EngineConfig config = EngineConfig.Load(file);
        using EngineHost host = EngineHost.Start(config, _ => { }, withTransport: false);
        host.Stop();
        return config;
    }

    private static EngineConfig Edit(EngineConfig config, Func<string, string> edit)
    {
        string text = File.ReadAllText(config.Path);
        string edited = edit(text);
        Assert.That(edited, Is.Not.EqualTo(text), "the edit applies to the default configuration");
        File.WriteAllText(config.Path, edited);
        return EngineConfig.Load(config.Path);
    }
}
