namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>
/// Kraken WebSocket v1 public (<c>wss://ws.kraken.com</c>): <c>book</c> at depth 1000 (the depth the recordings
/// use; every update's checksum covers its top 10) and <c>trade</c>, each one <c>{"event":"subscribe","pair":[..],
/// "subscription":{..}}</c> for all pairs. Kraken sends a <c>heartbeat</c> each second when nothing else is sent; the
/// client's <c>{"event":"ping"}</c> goes out whenever nothing was sent for 30 s, and its <c>pong</c>, like every event
/// object, is a session message the feed skips. A book's new snapshot: unsubscribe and subscribe its pair's book.
/// </summary>
public sealed class KrakenSocketProtocol : IVenueSocketProtocol
{
    public const int BookDepth = 1000;

    private const string BookSubscription = "{\"name\":\"book\",\"depth\":1000}";

    public string Feed => "kraken";

    public Uri ProductionUrl { get; } = new("wss://ws.kraken.com");

    public TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols)
    {
        string pairs = SocketText.QuoteAll(symbols);
        return
        [
            $"{{\"event\":\"subscribe\",\"pair\":[{pairs}],\"subscription\":{BookSubscription}}}",
            $"{{\"event\":\"subscribe\",\"pair\":[{pairs}],\"subscription\":{{\"name\":\"trade\"}}}}",
        ];
    }

    public IReadOnlyList<string> ResubscribeBook(string symbol) =>
    [
        $"{{\"event\":\"unsubscribe\",\"pair\":[{SocketText.Quote(symbol)}],\"subscription\":{BookSubscription}}}",
        $"{{\"event\":\"subscribe\",\"pair\":[{SocketText.Quote(symbol)}],\"subscription\":{BookSubscription}}}",
    ];

    public string? KeepAliveMessage() => "{\"event\":\"ping\"}";

    public SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply)
    {
        reply = null;
        return SocketFrameKind.Deliver;
    }
}
