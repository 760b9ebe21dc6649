using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Feeds;

namespace Engine.Gateways.Venues.Verification;

/// <summary>The feeds by venue name, as the command line names them, with the scales a recording's unknown symbols are read at.</summary>
public static class VenueFeeds
{
    /// <summary>Every venue name <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["binance", "binance-usdm", "binance-coinm"];

    /// <summary>
    /// Decimals a recording's prices and quantities are read at when its symbols are not configured instruments:
    /// enough for every string these venues write (Binance writes at most 8).
    /// </summary>
    public static (int Price, int Quantity) DiscoveryScales(string venue) => venue switch
    {
        _ => (8, 8),
    };

    public static VenueFeed Create(string venue, FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters, Action<FeedInstrument>? snapshotWanted = null) => venue switch
    {
        "binance" => new BinanceFeed(BinanceMarket.Spot, instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "binance-usdm" => new BinanceFeed(BinanceMarket.UsdM, instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        "binance-coinm" => new BinanceFeed(BinanceMarket.CoinM, instruments, sink, counters) { SnapshotWanted = snapshotWanted },
        _ => throw new ArgumentException($"unknown venue '{venue}' (known: {string.Join(", ", Names)})", nameof(venue)),
    };
}
