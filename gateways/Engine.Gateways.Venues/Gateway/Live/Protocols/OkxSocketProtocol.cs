namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>
/// OKX v5 public WebSocket (spot and swap alike: the instId says which): <c>books</c> (400 levels, a snapshot then
/// updates with checksums, as <see cref="Okx.OkxFeed"/> reads them), <c>trades</c> and <c>tickers</c>, one
/// <c>{"op":"subscribe","args":[{"channel":..,"instId":..}]}</c> for all. OKX closes a connection that has been
/// silent for 30 s: the text <c>ping</c> goes out whenever nothing was sent for 20 s, and its bare <c>pong</c> (not
/// JSON) is dropped here. A book's new snapshot: unsubscribe and subscribe its <c>books</c> channel.
/// </summary>
public sealed class OkxSocketProtocol(string feed = "okx") : IVenueSocketProtocol
{
    public string Feed => feed;

    public Uri ProductionUrl { get; } = new("wss://ws.okx.com:8443/ws/v5/public");

    public TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(20);

    public IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols) =>
        [$"{{\"op\":\"subscribe\",\"args\":[{string.Join(',', symbols.SelectMany(s => new[] { Arg("books", s), Arg("trades", s), Arg("tickers", s) }))}]}}"];

    public IReadOnlyList<string> ResubscribeBook(string symbol) =>
        [$"{{\"op\":\"unsubscribe\",\"args\":[{Arg("books", symbol)}]}}", $"{{\"op\":\"subscribe\",\"args\":[{Arg("books", symbol)}]}}"];

    public string? KeepAliveMessage() => "ping";

    public SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply)
    {
        reply = null;
        return SocketText.Is(message, "pong"u8) ? SocketFrameKind.Drop : SocketFrameKind.Deliver;
    }

    private static string Arg(string channel, string symbol) => $"{{\"channel\":\"{channel}\",\"instId\":{SocketText.Quote(symbol)}}}";
}
