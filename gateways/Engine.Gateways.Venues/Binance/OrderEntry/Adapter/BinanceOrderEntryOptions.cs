namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>How the Binance order-entry adapter (spot or USD-M) connects and how patient it is.</summary>
public sealed record BinanceOrderEntryOptions
{
    /// <summary>Spot (<c>/api/v3</c>) or USD-M futures (<c>/fapi</c>).</summary>
    public BinanceMarket Market { get; init; } = BinanceMarket.Spot;

    /// <summary>
    /// USD-M: the <c>countdownCancelAll</c> countdown the adapter keeps renewing for every symbol while it runs (the
    /// venue-side dead-man switch: if the gateway dies or loses Binance for this long, Binance cancels the symbol's open
    /// orders); 0 leaves it off. Renewed every third of it.
    /// </summary>
    public long CountdownMillis { get; init; }

    /// <summary>REST base (<c>https://api.binance.com</c> in production; the simulator's <c>http://127.0.0.1:PORT</c> here: this build speaks plain HTTP only).</summary>
    public required Uri RestBase { get; init; }

    /// <summary>The user data stream's WebSocket base (<c>wss://stream.binance.com:9443</c>; the simulator's <c>ws://127.0.0.1:PORT</c>).</summary>
    public required Uri WebSocketBase { get; init; }

    /// <summary>Binance client ids are this prefix and the engine's request id.</summary>
    public string ClientIdPrefix { get; init; } = "e";

    public int RecvWindowMillis { get; init; } = 5_000;

    /// <summary>An answer later than this leaves the request's outcome unknown.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Binance expires a listen key 60 minutes after its last keep-alive; it recommends one every 30.</summary>
    public TimeSpan ListenKeyKeepAlive { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the server-time offset is measured again.</summary>
    public TimeSpan TimeSyncInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a order of unknown fate is asked about.</summary>
    public TimeSpan UnknownQueryInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a closed order is remembered (late duplicates of its events are recognised meanwhile).</summary>
    public TimeSpan ClosedOrderRetention { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Back-off after a 429 without Retry-After.</summary>
    public TimeSpan RateLimitBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the first reconciliation waits for the engine's list of the venue's open orders (VenueOrdersRequest):
    /// without it, the orders an earlier gateway process sent would look like orphans and be canceled.
    /// </summary>
    public TimeSpan EngineOrdersWait { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(RestBase);
        ArgumentNullException.ThrowIfNull(WebSocketBase);
        if (RestBase.Scheme != Uri.UriSchemeHttp)
        {
            throw new ArgumentException($"order entry REST base {RestBase}: this build speaks plain http only (a local simulator); TLS to Binance is not written yet");
        }

        if (WebSocketBase.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"order entry WebSocket base {WebSocketBase}: want ws:// or wss://");
        }

        if (Market is not (BinanceMarket.Spot or BinanceMarket.UsdM))
        {
            throw new ArgumentException($"order entry: Binance {Market} is not written; spot and USD-M are");
        }

        if (CountdownMillis < 0 || (CountdownMillis > 0 && (Market != BinanceMarket.UsdM || CountdownMillis < 1_000)))
        {
            throw new ArgumentException($"order entry: the countdown cancel-all is USD-M's, of at least 1000 ms (or 0 for none), not {CountdownMillis} ms on {Market}");
        }

        if (RequestTimeout <= TimeSpan.Zero || UnknownQueryInterval <= TimeSpan.Zero || ListenKeyKeepAlive <= TimeSpan.Zero || TimeSyncInterval <= TimeSpan.Zero || EngineOrdersWait < TimeSpan.Zero)
        {
            throw new ArgumentException("order entry: timeouts and intervals must be positive");
        }
    }
}
