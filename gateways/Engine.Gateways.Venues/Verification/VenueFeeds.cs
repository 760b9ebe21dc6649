using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Bybit;
using Engine.Gateways.Venues.Coinbase;
using Engine.Gateways.Venues.Deribit;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Kraken;
using Engine.Gateways.Venues.Okx;

namespace Engine.Gateways.Venues.Verification;

/// <summary>The feeds by venue name, as the command line names them, with the scales a recording's unknown symbols are read at.</summary>
public static class VenueFeeds
{
    /// <summary>Every venue name <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["binance", "binance-usdm", "binance-coinm", "okx", "okx-swap", "kraken", "coinbase", "deribit", "bybit"];

    /// <summary>
    /// Decimals a recording's prices and quantities are read at when its symbols are not configured instruments:
    /// enough for every string these venues write, and small enough that no price or quantity overflows a long.
    /// <list type="bullet">
    /// <item>Binance writes at most 8 decimals.</item>
    /// <item>OKX: prices at 10 (tick sizes go down to 10^-9 or so for the cheapest coins; 10^-10 units still hold a
    /// price up to 922 million), sizes at 8 (spot lots are at most 8 decimals, and 10^-8 units hold the billions of
    /// coins a cheap coin's book shows). OKX.ws.1.0 writes at most 3 significant price decimals and 8 size decimals.</item>
    /// <item>Kraken: prices and volumes at 8. KRAKEN.ws.50.0 has a resting ask at 9999999997.00000 (XBT/CHF): at
    /// scale 10, or even 9, that overflows a long, so 10 is not possible for a book that holds every pair; its
    /// prices written with 9 decimals ("0.000022900", ADA/XBT, pair_decimals 8) end in a zero and parse exactly at 8.
    /// Volumes have 8 decimals (lot_decimals of every pair). The few pairs with 9 or 10 price decimals must be
    /// configured instruments with their own scale.</item>
    /// <item>Coinbase: prices and sizes at 8, the most decimals Coinbase writes (quote and base increments go down to
    /// 10^-8; COINBASE.ws.28.0 writes prices with up to 8 and sizes with up to 8). The largest number in it,
    /// the price 888888004 (a level far from the market), is 8.9e16 units, a hundredth of a long.</item>
    /// <item>Deribit: prices and amounts at 8. Option prices are in the underlying with ticks of 0.0001-0.0005
    /// (DERIBIT.ws.1.0 writes prices with up to 4 decimals, amounts with 1); futures amounts are USD contracts, tens
    /// of millions at most (10^15 units of a 9.2e18 long).</item>
    /// <item>Bybit: prices and sizes at 8. BYBIT.ws.25.0 (linear) writes prices with up to 4 decimals and sizes with
    /// up to 7; BYBIT.ws.26.0 (inverse) prices with 2-3 and sizes as whole USD contracts; v5 spot pairs tick down
    /// to 10^-8. The largest price, 60636.00, and the largest size, 12847106 contracts (1.3e15 units), are far from overflowing.</item>
    /// </list>
    /// </summary>
    public static (int Price, int Quantity) DiscoveryScales(string venue) => venue switch
    {
        "okx" or "okx-swap" => (10, 8),
        "kraken" => (8, 8),
        "coinbase" or "deribit" or "bybit" => (8, 8),
        _ => (8, 8),
    };

    public static VenueFeed Create(string venue, FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters, Action<FeedInstrument>? snapshotWanted = null) => venue switch
    {
        "binance" => new BinanceFeed(BinanceMarket.Spot, instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "binance-usdm" => new BinanceFeed(BinanceMarket.UsdM, instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "binance-coinm" => new BinanceFeed(BinanceMarket.CoinM, instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "okx" or "okx-swap" => new OkxFeed(instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "kraken" => new KrakenFeed(instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "coinbase" => new CoinbaseFeed(instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "deribit" => new DeribitFeed(instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "bybit" => new BybitFeed(instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        _ => throw new ArgumentException($"unknown venue '{venue}' (known: {string.Join(", ", Names)})", nameof(venue)),
    };
}
