using System.Globalization;
using Engine.Gateways.Venues.Binance;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// Where a live Binance source connects and how it behaves. The defaults are Binance's production endpoints of each
/// market; tests point <see cref="WebSocketBase"/> and <see cref="RestBase"/> at a local server.
/// </summary>
public sealed record BinanceLiveOptions
{
    public required BinanceMarket Market { get; init; }

    /// <summary>The combined stream's base (<c>{base}/stream?streams=...</c>): wss://stream.binance.com:9443 for spot.</summary>
    public required Uri WebSocketBase { get; init; }

    /// <summary>The REST API's base (<c>{base}/api/v3/depth</c> for spot): https://api.binance.com for spot.</summary>
    public required Uri RestBase { get; init; }

    /// <summary>
    /// Messages received but not yet taken by the gateway. Past this the gateway is too far behind for the books to
    /// mean anything: the connection is dropped, and the feed resyncs from the gap after the reconnect.
    /// </summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>Levels per side asked of the REST depth snapshot (1,000: the most all three markets give).</summary>
    public int SnapshotLimit { get; init; } = 1_000;

    /// <summary>The first reconnect (or REST retry) waits this long; each further one twice as long, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// WebSocket pings this often, each answered within the same time, or the connection is dropped: a connection
    /// whose peer vanished (no FIN, no RST) is noticed within two intervals, not at the next TCP timeout.
    /// </summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A connection that delivers no message for this long is dropped and reopened: a stream whose pings are answered
    /// but which stopped sending (seen with load balancers in front of venues) would otherwise stall every book until
    /// the silence check, and then only re-snapshot them over the same dead stream. A liquid symbol's combined stream
    /// (depth every 100 ms, trades, bookTicker) is never quiet this long.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection attempt or REST request that takes longer has failed (and is retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Streams one connection may carry: 1,024 on all three markets (Binance's WebSocket market streams documentation).</summary>
    public const int MaxStreamsPerConnection = 1_024;

    /// <summary>Streams per symbol: diff depth, trades, best bid/offer.</summary>
    public const int StreamsPerSymbol = 3;

    /// <summary>Symbols one combined-stream connection can follow.</summary>
    public const int MaxSymbolsPerConnection = MaxStreamsPerConnection / StreamsPerSymbol;

    /// <summary>Binance's production endpoints of <paramref name="market"/>.</summary>
    public static BinanceLiveOptions For(BinanceMarket market) => market switch
    {
        BinanceMarket.Spot => new() { Market = market, WebSocketBase = new Uri("wss://stream.binance.com:9443"), RestBase = new Uri("https://api.binance.com") },
        BinanceMarket.UsdM => new() { Market = market, WebSocketBase = new Uri("wss://fstream.binance.com"), RestBase = new Uri("https://fapi.binance.com") },
        _ => new() { Market = market, WebSocketBase = new Uri("wss://dstream.binance.com"), RestBase = new Uri("https://dapi.binance.com") },
    };

    /// <summary>The market of a Binance feed name (binance, binance-usdm, binance-coinm); false for other venues.</summary>
    public static bool TryMarketOf(string feed, out BinanceMarket market)
    {
        market = feed switch
        {
            "binance" => BinanceMarket.Spot,
            "binance-usdm" => BinanceMarket.UsdM,
            "binance-coinm" => BinanceMarket.CoinM,
            _ => (BinanceMarket)255,
        };
        return market != (BinanceMarket)255;
    }

    /// <summary>
    /// The combined stream of every symbol's diff depth (100 ms: all three markets offer it; futures' 0 ms is not on
    /// every account), trades and best bid/offer: every symbol on one connection. Stream names are lower case.
    /// </summary>
    public Uri StreamUrl(IEnumerable<string> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        int count = symbols.Count();
        if (count > MaxSymbolsPerConnection)
        {
            throw new ArgumentException($"{count} symbols need {count * StreamsPerSymbol} streams; one Binance connection carries at most {MaxStreamsPerConnection} ({MaxSymbolsPerConnection} symbols)", nameof(symbols));
        }

        string streams = string.Join('/', symbols.SelectMany(s =>
        {
            string lower = s.ToLowerInvariant();
            return (string[])[$"{lower}@depth@100ms", $"{lower}@trade", $"{lower}@bookTicker"];
        }));
        return new Uri($"{WebSocketBase.AbsoluteUri.TrimEnd('/')}/stream?streams={streams}");
    }

    /// <summary>The REST depth snapshot of <paramref name="symbol"/> (upper case, as Binance names it).</summary>
    public Uri DepthUrl(string symbol)
    {
        string path = Market switch
        {
            BinanceMarket.Spot => "/api/v3/depth",
            BinanceMarket.UsdM => "/fapi/v1/depth",
            _ => "/dapi/v1/depth",
        };
        return new Uri(string.Create(CultureInfo.InvariantCulture, $"{RestBase.AbsoluteUri.TrimEnd('/')}{path}?symbol={Uri.EscapeDataString(symbol.ToUpperInvariant())}&limit={SnapshotLimit}"));
    }

    /// <summary>The shared live loop's options for the combined stream of <paramref name="symbols"/>.</summary>
    internal SocketLiveOptions SocketOptions(IReadOnlyList<string> symbols) => new()
    {
        Url = StreamUrl(symbols),
        QueueCapacity = QueueCapacity,
        InitialBackoff = InitialBackoff,
        MaxBackoff = MaxBackoff,
        WebSocketKeepAlive = KeepAlive,
        StallTimeout = StallTimeout,
        RequestTimeout = RequestTimeout,
    };

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(SnapshotLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(KeepAlive, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StallTimeout, TimeSpan.Zero);
        if (WebSocketBase.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"the WebSocket base must be ws:// or wss://, got {WebSocketBase}");
        }

        if (RestBase.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"the REST base must be http:// or https://, got {RestBase}");
        }
    }
}
