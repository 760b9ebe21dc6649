using Engine.Model;

namespace Engine.Model.Tests;

/// <summary>A bad config is refused with one message naming the source, the JSON path and what is wrong.</summary>
[TestFixture]
public sealed class InstrumentConfigValidationTests
{
    private const string Venues = "\"venues\": [ { \"code\": \"BINANCE\", \"name\": \"Binance\", \"symbolFormat\": \"concatenated\" } ]";
    private const string Instruments = "\"instruments\": [ { \"symbol\": \"BTC-USDT\", \"base\": \"BTC\", \"quote\": \"USDT\", \"kind\": \"spot\" } ]";

    [Test]
    public void MinimalConfig_Loads_AndDerivesTheVenueSymbol()
    {
        InstrumentRegistry registry = InstrumentConfig.Parse(Config(Listing()), "test.json");
        Assert.That(registry.Listings.Single().VenueSymbol, Is.EqualTo("BTCUSDT"));
        Assert.That(registry.Instruments.Single().SettleAsset, Is.EqualTo("USDT"));
    }

    [TestCase("\"tickSize\": \"0.015\"", "test.json: $.listings[0].tickSize: '0.015': more than 2 significant decimals")]
    [TestCase("\"tickSize\": \"0\"", "test.json: $.listings[0].tickSize: '0' must be positive")]
    [TestCase("\"tickSize\": 0.01", "test.json: $.listings[0].tickSize: expected a string, found a number")]
    [TestCase("\"venue\": \"NOPE\"", "test.json: $.listings[0].venue: unknown venue 'NOPE' (not in $.venues)")]
    [TestCase("\"instrument\": \"XRP-USDT\"", "test.json: $.listings[0].instrument: unknown instrument 'XRP-USDT' (not in $.instruments)")]
    [TestCase("\"lotSize\": \"0.00002\"", "test.json: $.listings[0].minQuantity: must be a multiple of lotSize")]
    [TestCase("\"priceScale\": 19", "test.json: $.listings[0].priceScale: expected an integer in 0..18, found 19")]
    [TestCase("\"quantityScale\": 17", "test.json: $.listings[0].quantityScale: priceScale + quantityScale must be at most 18 so notionals are exact, got 19")]
    [TestCase("\"contractMultiplier\": \"-1\"", "test.json: $.listings[0].contractMultiplier: '-1' is not a positive decimal")]
    public void BadListingValue_IsRefused_NamingThePath(string replacement, string expected)
    {
        string key = replacement[..(replacement.IndexOf(':', StringComparison.Ordinal) + 1)];
        string listing = ReplaceKey(Listing(), key, replacement);
        Assert.That(() => InstrumentConfig.Parse(Config(listing), "test.json"), Throws.InstanceOf<InstrumentConfigException>().With.Message.EqualTo(expected));
    }

    [Test]
    public void InversePerpetual_SettlesInItsBaseAsset()
    {
        string config = Config(Listing()).Replace(
            "\"kind\": \"spot\" } ]",
            "\"kind\": \"spot\" }, { \"symbol\": \"BTC-USD-PERP\", \"base\": \"BTC\", \"quote\": \"USD\", \"kind\": \"perpetual\", \"inverse\": true } ]",
            StringComparison.Ordinal);
        Instrument inverse = InstrumentConfig.Parse(config, "test.json").Instruments.Single(i => i.Symbol == "BTC-USD-PERP");
        Assert.That((inverse.SettleAsset, inverse.IsInverse), Is.EqualTo(("BTC", true)));
    }

    [TestCase("\"kind\": \"spot\", \"inverse\": true", "test.json: $.instruments[0].inverse: an inverse contract is a derivative settled in its base asset (BTC), not a spot settled in BTC")]
    [TestCase("\"kind\": \"perpetual\", \"settle\": \"USDT\", \"inverse\": true", "test.json: $.instruments[0].inverse: an inverse contract is a derivative settled in its base asset (BTC), not a perpetual settled in USDT")]
    public void InverseThatIsNot_IsRefused_NamingThePath(string replacement, string expected)
    {
        string config = Config(Listing()).Replace("\"kind\": \"spot\"", replacement, StringComparison.Ordinal);
        Assert.That(() => InstrumentConfig.Parse(config, "test.json"), Throws.InstanceOf<InstrumentConfigException>().With.Message.EqualTo(expected));
    }

    [Test]
    public void SymbolNotFollowingTheVenueFormat_IsRefused()
    {
        string listing = Listing().Replace("{", "{ \"symbol\": \"BTC-USDT\",", StringComparison.Ordinal);
        Assert.That(
            () => InstrumentConfig.Parse(Config(listing), "test.json"),
            Throws.InstanceOf<InstrumentConfigException>().With.Message.StartsWith("test.json: $.listings[0].symbol: 'BTC-USDT' does not follow BINANCE's Concatenated format"));
    }

    [Test]
    public void UnknownKey_IsRefused()
    {
        string listing = Listing().Replace("{", "{ \"tick\": \"1\",", StringComparison.Ordinal);
        Assert.That(
            () => InstrumentConfig.Parse(Config(listing), "test.json"),
            Throws.InstanceOf<InstrumentConfigException>().With.Message.StartsWith("test.json: $.listings[0].tick: unknown key"));
    }

    [Test]
    public void MissingKey_IsRefused()
    {
        string listing = Listing().Replace("\"lotSize\": \"0.00001\", ", "", StringComparison.Ordinal);
        Assert.That(
            () => InstrumentConfig.Parse(Config(listing), "test.json"),
            Throws.InstanceOf<InstrumentConfigException>().With.Message.EqualTo("test.json: $.listings[0]: missing key 'lotSize'"));
    }

    [Test]
    public void DuplicateListing_IsRefused()
    {
        Assert.That(
            () => InstrumentConfig.Parse(Config(Listing() + ", " + Listing()), "test.json"),
            Throws.InstanceOf<InstrumentConfigException>().With.Message.EqualTo("test.json: $.listings[1].symbol: venue BINANCE lists symbol 'BTCUSDT' twice"));
    }

    [Test]
    public void VenueBothSimulatedAndInternal_IsRefused()
    {
        string config = Config(Listing()).Replace("\"symbolFormat\": \"concatenated\"", "\"symbolFormat\": \"concatenated\", \"simulated\": true, \"internal\": true", StringComparison.Ordinal);
        Assert.That(
            () => InstrumentConfig.Parse(config, "test.json"),
            Throws.InstanceOf<InstrumentConfigException>().With.Message.EqualTo(
                "test.json: $.venues[0].internal: a venue is either simulated (a gateway process) or internal (crossed inside the engine), not both"));
    }

    [Test]
    public void BadEnum_ListsTheAllowedValues()
    {
        string config = Config(Listing()).Replace("\"kind\": \"spot\"", "\"kind\": \"swap\"", StringComparison.Ordinal);
        Assert.That(
            () => InstrumentConfig.Parse(config, "test.json"),
            Throws.InstanceOf<InstrumentConfigException>().With.Message.EqualTo("test.json: $.instruments[0].kind: 'swap' is not one of Spot, Perpetual, Future, Option"));
    }

    [Test]
    public void InvalidJson_IsRefused_WithALineNumber()
    {
        Assert.That(
            () => InstrumentConfig.Parse("{ \"venues\": [ }", "broken.json"),
            Throws.InstanceOf<InstrumentConfigException>().With.Message.StartsWith("broken.json: not valid JSON (line 1"));
    }

    private static string Listing() =>
        """{ "venue": "BINANCE", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "5", "contractMultiplier": "1" }""";

    private static string Config(string listings) => $"{{ {Venues}, {Instruments}, \"listings\": [ {listings} ] }}";

    private static string ReplaceKey(string listing, string key, string replacement)
    {
        int start = listing.IndexOf(key, StringComparison.Ordinal);
        int end = listing.IndexOfAny([',', '}'], start + key.Length);
        return listing[..start] + replacement + listing[end..];
    }
}
