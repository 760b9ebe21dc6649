namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>
/// Bybit v5 public WebSocket (spot by default; linear and inverse are the same protocol at their own URL, given with
/// <c>--ws-url</c>): <c>orderbook.50.{symbol}</c> (a snapshot, then deltas numbered by <c>u</c>) and
/// <c>publicTrade.{symbol}</c>, one <c>{"op":"subscribe","args":[..]}</c> for all (Bybit takes at most 10 args per
/// request on spot, so more symbols go in several). Bybit drops a connection without a ping for a while and asks for
/// <c>{"op":"ping"}</c> every 20 s; its answer (<c>"op":"ping","ret_msg":"pong"</c>) is a session message the feed
/// ignores. A book's new snapshot: unsubscribe and subscribe its orderbook topic.
/// </summary>
public sealed class BybitSocketProtocol : IVenueSocketProtocol
{
    /// <summary>Bybit spot accepts at most this many topics in one subscribe request.</summary>
    public const int MaxArgsPerRequest = 10;

    public string Feed => "bybit";

    public Uri ProductionUrl { get; } = new("wss://stream.bybit.com/v5/public/spot");

    public TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(20);

    public IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols) =>
        symbols.SelectMany(s => new[] { Book(s), $"\"publicTrade.{Unquoted(s)}\"" })
            .Chunk(MaxArgsPerRequest)
            .Select(topics => $"{{\"op\":\"subscribe\",\"args\":[{string.Join(',', topics)}]}}")
            .ToArray();

    public IReadOnlyList<string> ResubscribeBook(string symbol) =>
        [$"{{\"op\":\"unsubscribe\",\"args\":[{Book(symbol)}]}}", $"{{\"op\":\"subscribe\",\"args\":[{Book(symbol)}]}}"];

    public string? KeepAliveMessage() => "{\"op\":\"ping\"}";

    public SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply)
    {
        reply = null;
        return SocketFrameKind.Deliver;
    }

    private static string Book(string symbol) => $"\"orderbook.50.{Unquoted(symbol)}\"";

    private static string Unquoted(string symbol) => SocketText.Quote(symbol)[1..^1];
}
