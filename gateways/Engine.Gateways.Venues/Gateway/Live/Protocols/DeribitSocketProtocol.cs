using System.Globalization;

namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>
/// Deribit API v2 over WebSocket JSON-RPC (<c>wss://www.deribit.com/ws/api/v2</c>): on every connection
/// <c>public/set_heartbeat</c> (30 s), then one <c>public/subscribe</c> of each instrument's <c>book.{i}.100ms</c>,
/// <c>trades.{i}.100ms</c> and <c>ticker.{i}.100ms</c> (the raw interval is for authorised connections only; the
/// 100ms book carries the same change_id chain). Deribit's heartbeat <c>test_request</c> must be answered with
/// <c>public/test</c> or it closes the connection: <see cref="Inspect"/> answers it. Heartbeats and answers are session
/// messages the feed skips. A book's new snapshot: <c>public/unsubscribe</c> and <c>public/subscribe</c> its book channel.
/// Request ids count up per source, so answers can be told apart in a recording.
/// </summary>
public sealed class DeribitSocketProtocol : IVenueSocketProtocol
{
    public const int HeartbeatSeconds = 30;

    private long _nextId;

    public string Feed => "deribit";

    public Uri ProductionUrl { get; } = new("wss://www.deribit.com/ws/api/v2");

    /// <summary>Deribit's own heartbeat keeps the connection; the client sends nothing of its own on top.</summary>
    public TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(HeartbeatSeconds);

    public IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols)
    {
        string channels = string.Join(',', symbols.SelectMany(s =>
        {
            string name = SocketText.Quote(s)[1..^1];
            return new[] { $"\"book.{name}.100ms\"", $"\"trades.{name}.100ms\"", $"\"ticker.{name}.100ms\"" };
        }));
        return
        [
            Request("public/set_heartbeat", string.Create(CultureInfo.InvariantCulture, $"{{\"interval\":{HeartbeatSeconds}}}")),
            Request("public/subscribe", $"{{\"channels\":[{channels}]}}"),
        ];
    }

    public IReadOnlyList<string> ResubscribeBook(string symbol)
    {
        string channel = $"{{\"channels\":[\"book.{SocketText.Quote(symbol)[1..^1]}.100ms\"]}}";
        return [Request("public/unsubscribe", channel), Request("public/subscribe", channel)];
    }

    public string? KeepAliveMessage() => null;

    public SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply)
    {
        // {"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}: small, unlike market data, so
        // only short messages are searched.
        reply = message.Length < 256 && message.IndexOf("\"heartbeat\""u8) >= 0 && message.IndexOf("\"test_request\""u8) >= 0
            ? Request("public/test", "{}")
            : null;
        return SocketFrameKind.Deliver;
    }

    private string Request(string method, string parameters) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"jsonrpc\":\"2.0\",\"id\":{Interlocked.Increment(ref _nextId)},\"method\":\"{method}\",\"params\":{parameters}}}");
}
