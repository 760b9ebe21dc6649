using Engine.Gateways.Venues.Binance;

namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>
/// Binance's market streams (spot, USD-M, COIN-M) for <see cref="SocketLiveSource"/>. Every followed symbol's diff
/// depth, trades and best bid/offer come on one connection, Binance's combined stream: the streams are named in the
/// URL (<see cref="BinanceLiveOptions.StreamUrl"/>), so nothing is sent on connecting, and each event arrives wrapped
/// as <c>{"stream":...,"data":{...}}</c>. Binance pings at the WebSocket level and pushes no application heartbeat;
/// the client sends none either.
/// <para>
/// Unlike the other venues, a Binance book starts from a REST snapshot, not one pushed on subscribing: the source
/// fetches them with a <see cref="DepthSnapshotFetcher"/> (one request per book at a time, only while the stream is
/// connected, retried with back-off) and delivers each through the same queue as the stream's messages.
/// </para>
/// </summary>
public sealed class BinanceSocketProtocol : IVenueSocketProtocol, IRestSnapshotProtocol
{
    private readonly BinanceLiveOptions _options;

    /// <param name="feed">The feed's name (binance, binance-usdm, binance-coinm).</param>
    public BinanceSocketProtocol(string feed, BinanceLiveOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentNullException.ThrowIfNull(options);
        Feed = feed;
        _options = options;
    }

    public string Feed { get; }

    /// <summary>The market's WebSocket base; the connection's URL adds the streams (<see cref="BinanceLiveOptions.StreamUrl"/>).</summary>
    public Uri ProductionUrl => BinanceLiveOptions.For(_options.Market).WebSocketBase;

    /// <summary>Binance sends WebSocket pings itself; this interval only paces the (empty) keep-alive check.</summary>
    public TimeSpan KeepAliveInterval => _options.KeepAlive;

    /// <summary>Nothing: the combined stream's URL names every stream.</summary>
    public IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols) => [];

    /// <summary>Nothing over the socket: a Binance book's snapshot comes over REST (<see cref="IRestSnapshotProtocol"/>).</summary>
    public IReadOnlyList<string> ResubscribeBook(string symbol) => [];

    public string? KeepAliveMessage() => null;

    /// <summary>Everything goes to the feed, which skips subscription answers (<c>{"result":null,"id":1}</c>) itself.</summary>
    public SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply)
    {
        reply = null;
        return SocketFrameKind.Deliver;
    }

    DepthSnapshotFetcher IRestSnapshotProtocol.CreateSnapshotFetcher(TextWriter log, Func<Task> connected, Func<RawFrame, string, bool> deliver) =>
        new(Feed, _options, log, connected, deliver);
}
