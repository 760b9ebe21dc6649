using Engine.Model;
using Engine.Primitives;

namespace Engine.Model.Tests;

/// <summary>The shipped config/instruments.json loads and covers BTC and ETH on every venue.</summary>
[TestFixture]
public sealed class DefaultConfigTests
{
    private static InstrumentRegistry Load()
    {
        string path = Path.Combine(TestContext.CurrentContext.TestDirectory, "config", "instruments.json");
        return InstrumentConfig.Parse(File.ReadAllText(path), "config/instruments.json");
    }

    [Test]
    public void DefaultConfig_HasTheNineVenuesTheSimulatedOneAndInternalCrossing()
    {
        InstrumentRegistry registry = Load();
        Assert.That(
            registry.Venues.Select(v => v.Code),
            Is.EqualTo(new[] { "BINANCE", "BYBIT", "KRAKEN", "OKX", "COINBASE", "DERIBIT", "BINANCE_USDM", "OKX_SWAP", "SIM", "INTERNAL", "BINANCE_COINM" }));
        Assert.That(registry.Venues.Single(v => v.IsSimulated).Code, Is.EqualTo("SIM"));
        Assert.That(registry.Venues.Single(v => v.IsInternal).Code, Is.EqualTo("INTERNAL"));
    }

    [Test]
    public void DefaultConfig_ListsBtcAndEthOnEveryVenue()
    {
        InstrumentRegistry registry = Load();
        foreach (Venue venue in registry.Venues)
        {
            string[] bases = [.. registry.Listings.Where(l => l.Venue == venue).Select(l => l.Instrument.BaseAsset).Order(StringComparer.Ordinal)];
            Assert.That(bases, Is.EqualTo(new[] { "BTC", "ETH" }), venue.Code);
        }
    }

    [TestCase("BINANCE", "BTCUSDT", "BTC-USDT", InstrumentKind.Spot)]
    [TestCase("BYBIT", "BTCUSDT", "BTC-USDT", InstrumentKind.Spot)]
    [TestCase("KRAKEN", "XBT/USDT", "BTC-USDT", InstrumentKind.Spot)]
    [TestCase("OKX", "BTC-USDT", "BTC-USDT", InstrumentKind.Spot)]
    [TestCase("COINBASE", "BTC-USD", "BTC-USD", InstrumentKind.Spot)]
    [TestCase("DERIBIT", "BTC-PERPETUAL", "BTC-USD-PERP", InstrumentKind.Perpetual)]
    [TestCase("BINANCE_USDM", "BTCUSDT", "BTC-USDT-PERP", InstrumentKind.Perpetual)]
    [TestCase("OKX_SWAP", "BTC-USDT-SWAP", "BTC-USDT-PERP", InstrumentKind.Perpetual)]
    [TestCase("SIM", "ETH-USDT", "ETH-USDT", InstrumentKind.Spot)]
    public void VenueSymbol_MapsToItsCanonicalInstrument(string venueCode, string symbol, string canonical, InstrumentKind kind)
    {
        InstrumentRegistry registry = Load();
        Assert.That(registry.TryGetVenue(venueCode, out Venue? venue), Is.True);
        Assert.That(registry.TryGetListing(venue!.Id, symbol, out Listing? listing), Is.True, $"{venueCode} {symbol}");
        Assert.Multiple(() =>
        {
            Assert.That(listing!.Instrument.Symbol, Is.EqualTo(canonical));
            Assert.That(listing.Instrument.Kind, Is.EqualTo(kind));
            Assert.That(registry.GetListing(listing.Id), Is.SameAs(listing));
            Assert.That(registry.TryGetListing(venue.Id, listing.Instrument.Id, out Listing? byInstrument) && byInstrument == listing, Is.True);
        });
    }

    [Test]
    public void InversePerpetuals_AreMarkedInverse_AndKrakenNamesBitcoinXbt()
    {
        InstrumentRegistry registry = Load();
        Assert.That(registry.Instruments.Where(i => i.IsInverse).Select(i => i.Symbol), Is.EqualTo(new[] { "BTC-USD-PERP", "ETH-USD-PERP" }));
        registry.TryGetVenue("KRAKEN", out Venue? kraken);
        registry.TryGetInstrument("BTC-USDT", out Instrument? btc);
        Assert.That(registry.TryGetListing(kraken!.Id, btc!.Id, out Listing? listing), Is.True);
        Assert.That(listing!.VenueSymbol, Is.EqualTo("XBT/USDT"), "Kraken's WebSocket v1 name, which the feed reads");
    }

    [Test]
    public void BinanceBtcUsdt_HasItsTickLotAndMinimumNotional()
    {
        InstrumentRegistry registry = Load();
        registry.TryGetVenue("BINANCE", out Venue? binance);
        registry.TryGetListing(binance!.Id, "BTCUSDT", out Listing? listing);
        TradingRules rules = listing!.Rules;
        Assert.Multiple(() =>
        {
            Assert.That(rules.TickSize.ToString(rules.PriceScale), Is.EqualTo("0.01"));
            // Quantities at 8 decimals (what Binance writes; deep levels of its book carry 6), orders on the 0.00001 lot.
            Assert.That(rules.QuantityScale, Is.EqualTo(8));
            Assert.That(rules.LotSize.ToString(rules.QuantityScale), Is.EqualTo("0.00001000"));
            Assert.That(rules.MinNotional.ToString(rules.AmountScale), Is.EqualTo("5.0000000000"));
            Assert.That(rules.Validate(Price.Parse("61737.63", 2), Quantity.Parse("0.00001", 8), checkNotional: true), Is.EqualTo(ResultCode.NotionalBelowMinimum));
            Assert.That(rules.Validate(Price.Parse("61737.63", 2), Quantity.Parse("0.0001", 8), checkNotional: true), Is.EqualTo(ResultCode.Ok));
            Assert.That(rules.Validate(Price.Parse("61737.63", 2), Quantity.Parse("0.000105", 8), checkNotional: true), Is.EqualTo(ResultCode.QuantityNotOnLot));
        });
    }

    [Test]
    public void OkxSwap_ContractMultiplier_ScalesTheNotional()
    {
        InstrumentRegistry registry = Load();
        registry.TryGetVenue("OKX_SWAP", out Venue? okx);
        registry.TryGetListing(okx!.Id, "BTC-USDT-SWAP", out Listing? listing);
        TradingRules rules = listing!.Rules;

        // 2 contracts of 0.01 BTC at 60000.0 = 1200 USDT (amount scale 1 + 2 = 3).
        Assert.That(rules.TryNotional(Price.Parse("60000.0", 1), Quantity.Parse("2", 2), out Amount notional), Is.True);
        Assert.That(notional.ToString(rules.AmountScale), Is.EqualTo("1200.000"));
    }
}
