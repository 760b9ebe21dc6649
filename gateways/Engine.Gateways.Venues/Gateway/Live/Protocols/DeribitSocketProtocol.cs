using System.Globalization;
using System.Text;
using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;

namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>
/// Deribit API v2 over WebSocket JSON-RPC (<c>wss://www.deribit.com/ws/api/v2</c>): on every connection
/// <c>public/set_heartbeat</c> (30 s), then one <c>public/subscribe</c> of each instrument's book,
/// <c>trades.{i}.100ms</c> and <c>ticker.{i}.100ms</c>. Deribit's heartbeat <c>test_request</c> must be answered
/// with <c>public/test</c> or it closes the connection: <see cref="Inspect"/> answers it. Heartbeats and answers are
/// session messages the feed skips. A book's new snapshot: <c>public/unsubscribe</c> and <c>public/subscribe</c> its
/// book channel. Request ids count up per source, so answers can be told apart in a recording.
/// <para>
/// The book channel: <c>book.{i}.raw</c> (every change, the recordings' channel) is for authorised connections only.
/// With an API key (<see cref="VenueCredentials"/>: client id and client secret) each connection first sends
/// <c>public/auth</c> (<c>client_credentials</c>) and subscribes the raw books once its answer carries an access
/// token; the answer itself is dropped before the feed and the recording (it holds the tokens). Without a key, or when
/// Deribit refuses it, the public <c>book.{i}.100ms</c> is subscribed: the same <c>change_id</c> chain, grouped.
/// </para>
/// </summary>
public sealed class DeribitSocketProtocol : IVenueSocketProtocol
{
    public const int HeartbeatSeconds = 30;

    /// <summary>Auth answers are a few hundred bytes; longer messages are market data, not searched.</summary>
    private const int MaxAuthAnswerBytes = 4_096;

    private readonly VenueCredentials? _credentials;
    private long _nextId;

    // The connection's public/auth request id while its answer is awaited (0: none), and whether it was granted.
    private long _authRequestId;
    private volatile bool _authorised;
    private string[] _symbols = [];

    /// <param name="credentials">Deribit's client id (the key) and client secret, for the raw book channel; null: the 100ms channel.</param>
    public DeribitSocketProtocol(VenueCredentials? credentials = null) => _credentials = credentials;

    public string Feed => "deribit";

    public Uri ProductionUrl { get; } = new("wss://www.deribit.com/ws/api/v2");

    /// <summary>Deribit's own heartbeat keeps the connection; the client sends nothing of its own on top.</summary>
    public TimeSpan KeepAliveInterval => TimeSpan.FromSeconds(HeartbeatSeconds);

    /// <summary>Whether the current connection's books are the raw channel (its public/auth was granted).</summary>
    public bool Authorised => _authorised;

    public IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols)
    {
        _symbols = [.. symbols];
        _authorised = false;
        var messages = new List<string> { Request("public/set_heartbeat", string.Create(CultureInfo.InvariantCulture, $"{{\"interval\":{HeartbeatSeconds}}}")) };
        if (_credentials is not null)
        {
            // The books wait for the answer (Inspect): a raw subscription before it would be refused.
            long id = Interlocked.Increment(ref _nextId);
            Interlocked.Exchange(ref _authRequestId, id);
            messages.Add(AuthRequest(id, _credentials));
            messages.Add(Request("public/subscribe", Channels(_symbols, "trades", "ticker")));
        }
        else
        {
            Interlocked.Exchange(ref _authRequestId, 0);
            messages.Add(Request("public/subscribe", Channels(_symbols, "book", "trades", "ticker")));
        }

        return messages;
    }

    public IReadOnlyList<string> ResubscribeBook(string symbol)
    {
        string channel = $"{{\"channels\":[\"book.{Name(symbol)}.{BookInterval}\"]}}";
        return [Request("public/unsubscribe", channel), Request("public/subscribe", channel)];
    }

    public string? KeepAliveMessage() => null;

    public SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply)
    {
        reply = null;
        long awaited = Interlocked.Read(ref _authRequestId);
        if (awaited != 0 && message.Length < MaxAuthAnswerBytes && TryReadAnswer(message, awaited, out bool granted))
        {
            Interlocked.Exchange(ref _authRequestId, 0);
            _authorised = granted;
            reply = Request("public/subscribe", Channels(_symbols, "book"));
            return SocketFrameKind.Drop;
        }

        // {"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}: small, unlike market data, so
        // only short messages are searched.
        if (message.Length < 256 && message.IndexOf("\"heartbeat\""u8) >= 0 && message.IndexOf("\"test_request\""u8) >= 0)
        {
            reply = Request("public/test", "{}");
        }

        return SocketFrameKind.Deliver;
    }

    private string BookInterval => _authorised ? "raw" : "100ms";

    /// <summary>Whether the message answers request <paramref name="id"/>, and whether it granted an access token.</summary>
    private static bool TryReadAnswer(ReadOnlySpan<byte> message, long id, out bool granted)
    {
        granted = false;
        try
        {
            var reader = new Utf8JsonReader(message);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            bool answers = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = reader.ValueTextEquals("id"u8);
                bool isResult = reader.ValueTextEquals("result"u8);
                reader.Read();
                if (isId)
                {
                    answers = reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out long answered) && answered == id;
                }
                else if (isResult && reader.TokenType == JsonTokenType.StartObject)
                {
                    granted = HasAccessToken(ref reader);
                    continue;
                }

                reader.Skip();
            }

            granted &= answers;
            return answers;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasAccessToken(ref Utf8JsonReader reader)
    {
        bool found = false;
        int depth = reader.CurrentDepth;
        while (reader.Read() && !(reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth))
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("access_token"u8))
            {
                reader.Read();
                found = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length > 0;
            }
        }

        return found;
    }

    private string Channels(IEnumerable<string> symbols, params string[] kinds)
    {
        string interval = BookInterval;
        string channels = string.Join(',', symbols.SelectMany(s => kinds.Select(kind => $"\"{kind}.{Name(s)}.{(kind == "book" ? interval : "100ms")}\"")));
        return $"{{\"channels\":[{channels}]}}";
    }

    private static string Name(string symbol) => SocketText.Quote(symbol)[1..^1];

    private static string AuthRequest(long id, VenueCredentials credentials) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"jsonrpc\":\"2.0\",\"id\":{id},\"method\":\"public/auth\",\"params\":{{\"grant_type\":\"client_credentials\",\"client_id\":{JsonString(credentials.ApiKey)},\"client_secret\":{JsonString(Encoding.UTF8.GetString(credentials.Secret))}}}}}");

    // Escaped by the framework, never checked by SocketText.Quote: its error would carry the secret.
    private static string JsonString(string value) => "\"" + JsonEncodedText.Encode(value).Value + "\"";

    private string Request(string method, string parameters) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"jsonrpc\":\"2.0\",\"id\":{Interlocked.Increment(ref _nextId)},\"method\":\"{method}\",\"params\":{parameters}}}");
}
