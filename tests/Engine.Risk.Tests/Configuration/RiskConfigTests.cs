using Engine.Model;
using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests.Configuration;

/// <summary>The shipped config loads; every kind of mistake is reported with its key path.</summary>
public sealed class RiskConfigTests
{
    private const string Valid = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 16,
          "maxStrategyId": 4,
          "deadManSwitchIntervalMillis": 1500,
          "instruments": [
            { "instrument": "BTC-USDT", "venue": "SIM", "maxOrderSize": "5", "maxOrderNotional": "250000",
              "maxPositionSize": "20", "maxSymbolExposure": "unlimited", "priceBandBps": 500 },
            { "instrument": "BTC-USDT-PERP", "venue": "OKX", "maxOrderSize": "500", "maxOrderNotional": "250000",
              "maxPositionSize": "2000", "maxSymbolExposure": "1000000", "priceBandBps": "unlimited", "initialMarginBps": 1000 }
          ],
          "accountDefaults": { "maxGrossExposure": "2000000", "maxDailyLoss": "50000", "orderRatePerSecond": 100, "orderBurst": 200 },
          "accounts": [ { "account": 7, "maxDailyLoss": "1000.5" }, { "account": 8, "orderRatePerSecond": "unlimited" } ],
          "strategyDefaults": { "orderRatePerSecond": 50, "orderBurst": 100 }
        }
        """;

    [Test]
    public void ShippedConfig_LoadsAgainstTheShippedInstruments()
    {
        string instruments = Path.Combine(RepositoryPaths.Root, "config", "instruments.json");
        string path = Path.Combine(RepositoryPaths.Root, "config", "risk.json");
        InstrumentRegistry registry = InstrumentConfig.Parse(File.ReadAllText(instruments), instruments);
        RiskSettings settings = RiskConfig.Parse(File.ReadAllText(path), path, registry);
        Assert.That(settings.Instruments, Has.Count.EqualTo(2));
        Assert.That(settings.ValuationAsset, Is.EqualTo("USDT"));
        var engine = new RiskEngine(settings);
        Assert.That(engine.ValuationScale, Is.EqualTo(8));
    }

    [Test]
    public void ValidConfig_ParsesEveryLimitExactly()
    {
        RiskSettings settings = RiskConfig.Parse(Valid, "risk.json", Registry);
        RiskInstrument spot = settings.Instruments[0];
        Assert.That(spot.Id, Is.EqualTo(Spot));
        Assert.That(spot.Limits.MaxOrderSize, Is.EqualTo(SpotQuantity("5")));
        Assert.That(spot.Limits.MaxOrderNotional, Is.EqualTo(Usdt("250000")));
        Assert.That(spot.Limits.MaxPositionSize, Is.EqualTo(SpotQuantity("20")));
        Assert.That(spot.Limits.MaxSymbolExposure.Units, Is.EqualTo(RiskLimit.Unlimited));
        Assert.That(spot.Limits.PriceBandBps, Is.EqualTo(500));
        RiskInstrument perp = settings.Instruments[1];
        Assert.That(perp.Limits.MaxOrderSize, Is.EqualTo(Contracts("500")));
        Assert.That(perp.Limits.PriceBandBps, Is.EqualTo(RiskLimit.NoPriceBand));
        Assert.That(perp.Limits.InitialMarginBps, Is.EqualTo(1000));
        Assert.That(settings.DeadManIntervalNanos, Is.EqualTo(1_500_000_000));
        Assert.That(settings.AccountDefaults, Is.EqualTo(new AccountRiskLimits(Usdt("2000000"), Usdt("50000"), new OrderRateLimit(100, 200))));
        Assert.That(settings.AccountOverrides[0].Key, Is.EqualTo(new AccountId(7)));
        Assert.That(settings.AccountOverrides[0].Value, Is.EqualTo(settings.AccountDefaults with { MaxDailyLoss = Usdt("1000.5") }), "missing keys inherit");
        Assert.That(settings.AccountOverrides[1].Value.OrderRate, Is.EqualTo(OrderRateLimit.Unlimited));
        Assert.That(settings.StrategyDefaults, Is.EqualTo(new OrderRateLimit(50, 100)));
    }

    [TestCase("\"maxOrderSize\": \"5\"", "\"maxOrderSize\": \"5.000001\"", "$.instruments[0].maxOrderSize: '5.000001': more than 5 significant decimals")]
    [TestCase("\"maxOrderSize\": \"5\"", "\"maxOrderSize\": 5", "$.instruments[0].maxOrderSize: expected a decimal string")]
    [TestCase("\"maxOrderSize\": \"5\"", "\"maxOrderSize\": \"-5\"", "$.instruments[0].maxOrderSize: '-5' must be positive")]
    [TestCase("\"maxOrderSize\": \"5\", ", "", "$.instruments[0]: missing key 'maxOrderSize'")]
    [TestCase("\"priceBandBps\": 500", "\"priceBandBps\": 500, \"maxOrderQty\": \"1\"", "$.instruments[0].maxOrderQty: unknown key")]
    [TestCase("\"priceBandBps\": 500", "\"priceBandBps\": 0", "$.instruments[0].priceBandBps: expected an integer in 1..1000000, found 0")]
    [TestCase("\"priceBandBps\": 500", "\"priceBandBps\": 500, \"initialMarginBps\": 100", "$.instruments[0].initialMarginBps: 'BTC-USDT' is spot")]
    [TestCase("\"priceBandBps\": \"unlimited\", \"initialMarginBps\": 1000", "\"priceBandBps\": \"unlimited\"", "$.instruments[1]: missing key 'initialMarginBps'")]
    [TestCase("\"instrument\": \"BTC-USDT\", \"venue\": \"SIM\"", "\"instrument\": \"DOGE-USDT\", \"venue\": \"SIM\"", "$.instruments[0].instrument: unknown instrument 'DOGE-USDT'")]
    [TestCase("\"instrument\": \"BTC-USDT\", \"venue\": \"SIM\"", "\"instrument\": \"BTC-USDT\", \"venue\": \"OKX\"", "$.instruments[0].venue: venue OKX does not list 'BTC-USDT'")]
    [TestCase("\"instrument\": \"BTC-USDT\", \"venue\": \"SIM\"", "\"instrument\": \"BTC-USDT\", \"venue\": \"KRAKEN\"", "$.instruments[0].venue: unknown venue 'KRAKEN'")]
    [TestCase("\"instrument\": \"BTC-USDT-PERP\"", "\"instrument\": \"BTC-USDT\"", "$.instruments[1].instrument: instrument 'BTC-USDT' has limits twice")]
    [TestCase("\"scale\": 8", "\"scale\": 6", "$.instruments[0].venue: listing SIM BTC-USDT has money scale 7")]
    [TestCase("\"asset\": \"USDT\"", "\"asset\": \"USD\"", "$.instruments[0].instrument: 'BTC-USDT' is quoted in USDT, not in the valuation asset USD")]
    [TestCase("\"maxAccountId\": 16", "\"maxAccountId\": 0", "$.maxAccountId: expected an integer in 1..")]
    [TestCase("\"account\": 8", "\"account\": 7", "$.accounts[1].account: account 7 has overrides twice")]
    [TestCase("\"account\": 8", "\"account\": 17", "$.accounts[1].account: expected an integer in 1..16, found 17")]
    [TestCase("\"orderRatePerSecond\": \"unlimited\"", "\"orderRatePerSecond\": \"unlimited\", \"orderBurst\": 3", "$.accounts[1].orderBurst: an \"unlimited\" order rate takes no burst")]
    [TestCase("\"account\": 8,", "\"account\": 8, \"protectiveStop\": { \"distanceBps\": 0 },", "$.accounts[1].protectiveStop.distanceBps: expected an integer in 1..9999, found 0")]
    [TestCase("\"account\": 8,", "\"account\": 8, \"protectiveStop\": { \"distance\": 100 },", "$.accounts[1].protectiveStop.distance: unknown key")]
    [TestCase("\"account\": 8,", "\"account\": 8, \"protectiveStop\": {},", "$.accounts[1].protectiveStop: missing key 'distanceBps'")]
    [TestCase("\"account\": 8,", "\"account\": 8, \"protectiveStop\": 200,", "$.accounts[1].protectiveStop: expected an object")]
    [TestCase("\"orderRatePerSecond\": 50, \"orderBurst\": 100", "\"orderRatePerSecond\": 50", "$.strategyDefaults: missing key 'orderBurst'")]
    [TestCase("\"maxDailyLoss\": \"50000\"", "\"maxDailyLoss\": \"50000\", \"maxDailyLoss\": \"1\"", "$.accountDefaults.maxDailyLoss: duplicate key")]
    [TestCase("\"deadManSwitchIntervalMillis\": 1500", "\"deadManSwitchIntervalMillis\": -1", "$.deadManSwitchIntervalMillis: expected an integer in 0..")]
    [TestCase("\"maxStrategyId\": 4,", "\"maxStrategyId\": 4", "risk.json: not valid JSON (line 5")]
    public void InvalidConfig_IsRejectedNamingTheKeyPath(string find, string replace, string expected)
    {
        string valid = Valid;
        Assert.That(valid, Does.Contain(find), "the test's edit must apply");
        string json = valid.Replace(find, replace, StringComparison.Ordinal);
        RiskConfigException? error = Assert.Throws<RiskConfigException>(() => RiskConfig.Parse(json, "risk.json", Registry));
        Assert.That(error!.Message, Does.StartWith("risk.json: "));
        Assert.That(error.Message, Does.Contain(expected));
        Assert.That(error.Message, Does.Not.Contain('\n'), "one line");
    }

    [Test]
    public void ProtectiveStop_OfAnAccount_IsParsed()
    {
        string json = Valid.Replace("\"account\": 8,", "\"account\": 8, \"protectiveStop\": { \"distanceBps\": 150 },", StringComparison.Ordinal);
        RiskSettings settings = RiskConfig.Parse(json, "risk.json", Registry);
        Assert.That(settings.ProtectiveStops, Is.EqualTo(new[] { new ProtectiveStopPolicy(new AccountId(8), 150) }));
        Assert.That(RiskConfig.Parse(Valid, "risk.json", Registry).ProtectiveStops, Is.Empty);
    }

    [Test]
    public void InverseContract_IsRefused()
    {
        var registry = Engine.Model.InstrumentConfig.Parse(
            InstrumentJson.Replace("\"settle\": \"USDT\"", "\"settle\": \"BTC\"", StringComparison.Ordinal),
            "inverse.json");
        string json = Valid.Replace("\"maxSymbolExposure\": \"unlimited\"", "\"maxSymbolExposure\": \"1\"", StringComparison.Ordinal);
        RiskConfigException? error = Assert.Throws<RiskConfigException>(() => RiskConfig.Parse(json, "risk.json", registry));
        Assert.That(error!.Message, Does.Contain("$.instruments[1].instrument: 'BTC-USDT-PERP' settles in BTC: inverse contracts are not supported"));
    }
}
