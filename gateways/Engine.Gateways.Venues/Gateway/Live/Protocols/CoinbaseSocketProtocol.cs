namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>
/// Coinbase Exchange WebSocket feed (<c>wss://ws-feed.exchange.coinbase.com</c>), the channels
/// <see cref="Coinbase.CoinbaseFeed"/> reads: <c>level2</c> (a snapshot of the whole book, then l2updates),
/// <c>matches</c> and <c>ticker</c>, plus <c>heartbeat</c>, which makes Coinbase send a heartbeat per product each
/// second: the keep-alive that keeps a quiet connection open (the feed skips it). The client has no ping to send. A
/// book's new snapshot: unsubscribe and subscribe the product's level2.
/// </summary>
public sealed class CoinbaseSocketProtocol : IVenueSocketProtocol
{
    public string Feed => "coinbase";

    public Uri ProductionUrl { get; } = new("wss://ws-feed.exchange.coinbase.com");

    public TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(30);

    public IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols) =>
        [$"{{\"type\":\"subscribe\",\"product_ids\":[{SocketText.QuoteAll(symbols)}],\"channels\":[\"level2\",\"matches\",\"ticker\",\"heartbeat\"]}}"];

    public IReadOnlyList<string> ResubscribeBook(string symbol) =>
    [
        $"{{\"type\":\"unsubscribe\",\"product_ids\":[{SocketText.Quote(symbol)}],\"channels\":[\"level2\"]}}",
        $"{{\"type\":\"subscribe\",\"product_ids\":[{SocketText.Quote(symbol)}],\"channels\":[\"level2\"]}}",
    ];

    public string? KeepAliveMessage() => null;

    public SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply)
    {
        reply = null;
        return SocketFrameKind.Deliver;
    }
}
