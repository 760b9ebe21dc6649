namespace Engine.Host.Tests;

/// <summary>engine.json's <c>mode</c> and <c>paper</c> keys, read from real files: defaults, values, and errors naming the key.</summary>
[TestFixture]
public sealed class PaperTradingConfigTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-paper-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void Without_a_mode_the_engine_trades_live()
    {
        EngineConfig config = EngineConfig.Load(WriteConfig(string.Empty));

        Assert.That(config.Mode, Is.EqualTo(TradingMode.Live));
        Assert.That(config.Paper, Is.Null);
    }

    [Test]
    public void Paper_mode_without_a_paper_object_trades_every_real_venue_on_paper_with_the_default_fill_model()
    {
        EngineConfig config = EngineConfig.Load(WriteConfig("\"mode\": \"paper\","));

        Assert.That(config.Mode, Is.EqualTo(TradingMode.Paper));
        string[] venues = config.Paper!.Venues.Select(v => config.Registry.GetVenue(v).Code).ToArray();
        Assert.That(venues, Does.Contain("BINANCE").And.Contain("OKX_SWAP").And.Not.Contain("SIM").And.Not.Contain("INTERNAL"));
        Assert.That(config.Paper.Fills, Is.EqualTo(new FillSimulationOptions()));
    }

    [Test]
    public void The_paper_object_names_the_venues_the_order_latency_and_the_queue_model()
    {
        EngineConfig config = EngineConfig.Load(WriteConfig("\"mode\": \"paper\", \"paper\": { \"venues\": [ \"BINANCE\", \"OKX\" ], \"orderLatencyMicros\": 250, \"queueModel\": \"probabilistic\" },"));

        Assert.That(config.Paper!.Venues.Select(v => config.Registry.GetVenue(v).Code), Is.EqualTo(new[] { "BINANCE", "OKX" }));
        Assert.That(config.Paper.Fills.OrderLatency, Is.EqualTo(new LatencyModel(250_000)));
        Assert.That(config.Paper.Fills.QueueModel, Is.EqualTo(QueueModelKind.Probabilistic));
        Assert.That(config.Paper.IsPaper(config.Paper.Venues[1]), Is.True);
    }

    [TestCase("\"mode\": \"papr\",", "engine.json: $.mode: 'papr' is not one of live, paper")]
    [TestCase("\"mode\": 1,", "engine.json: $.mode: ")]
    [TestCase("\"paper\": { },", "engine.json: $.paper: is only read with \"mode\": \"paper\"")]
    [TestCase("\"mode\": \"live\", \"paper\": { },", "engine.json: $.paper: is only read with \"mode\": \"paper\"")]
    [TestCase("\"mode\": \"paper\", \"paper\": { \"venues\": [ \"NASDAQ\" ] },", "engine.json: $.paper.venues[0]: unknown venue 'NASDAQ' (the instrument file has BINANCE,")]
    [TestCase("\"mode\": \"paper\", \"paper\": { \"venues\": [ \"INTERNAL\" ] },", "engine.json: $.paper.venues[0]: INTERNAL is internal")]
    [TestCase("\"mode\": \"paper\", \"paper\": { \"venues\": [ \"BINANCE\", \"BINANCE\" ] },", "engine.json: $.paper.venues[1]: BINANCE is named twice")]
    [TestCase("\"mode\": \"paper\", \"paper\": { \"venues\": [ ] },", "engine.json: $.paper.venues: names no venue")]
    [TestCase("\"mode\": \"paper\", \"paper\": { \"orderLatencyMicros\": -1 },", "engine.json: $.paper.orderLatencyMicros: expected an integer in 0..1000000")]
    [TestCase("\"mode\": \"paper\", \"paper\": { \"queueModel\": \"fifo\" },", "engine.json: $.paper.queueModel: 'fifo' is not one of risk-averse, probabilistic")]
    [TestCase("\"mode\": \"paper\", \"paper\": { \"latency\": 5 },", "engine.json: $.paper.latency: unknown key")]
    public void A_bad_mode_or_paper_key_is_refused_naming_its_path(string keys, string expected)
    {
        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(WriteConfig(keys)));

        Assert.That(error!.Message, Does.StartWith(expected));
    }

    [Test]
    public void Mode_is_a_state_key_whose_default_is_live()
    {
        const string Journal = "{ \"ledgerScale\": 8 }";
        Assert.That(StateKeyComparison.Compare("engine.json", Journal, "{ \"ledgerScale\": 8, \"mode\": \"live\" }"), Is.Empty);
        Assert.That(StateKeyComparison.Compare("engine.json", Journal, "{ \"ledgerScale\": 8, \"mode\": \"paper\" }").Select(d => d.Key), Is.EqualTo(new[] { "$.mode" }));
    }

    [Test]
    public void The_shipped_paper_configuration_trades_BINANCE_on_paper()
    {
        string? root = TestContext.CurrentContext.TestDirectory;
        while (root is not null && !File.Exists(Path.Combine(root, "Engine.sln")))
        {
            root = Path.GetDirectoryName(root);
        }

        EngineConfig config = EngineConfig.Load(Path.Combine(root!, "config", "paper", "engine.json"));

        Assert.That(config.Mode, Is.EqualTo(TradingMode.Paper));
        Assert.That(config.Paper!.Venues.Select(v => config.Registry.GetVenue(v).Code), Is.EqualTo(new[] { "BINANCE" }));
    }

    /// <summary>The default configuration with <paramref name="keys"/> (each followed by a comma) before its ledger scale.</summary>
    private string WriteConfig(string keys)
    {
        string path = DefaultConfiguration.WriteTo(_directory, Path.Combine(_directory, "journal"), "engine-test");
        string text = File.ReadAllText(path);
        string edited = text.Replace("\"ledgerScale\": 8,", keys + " \"ledgerScale\": 8,", StringComparison.Ordinal);
        Assert.That(edited.Length, Is.EqualTo(text.Length + keys.Length + 1), "the edit applies to the default configuration");
        File.WriteAllText(path, edited);
        return path;
    }
}
