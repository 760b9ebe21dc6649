using System.Text.Json;
using Engine.Gateways.Venues.Recordings;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// A recorded Binance session as a test server plays it: the combined-stream messages in order (the recording's
/// inline REST snapshot taken out, to be served over REST instead), cut after the first depth event at or past a
/// message count so that the last message served is a depth event (the test knows the gateway has everything once
/// the engine's book carries that event's id).
/// </summary>
internal sealed class BinanceRecordedSession
{
    private readonly List<byte[]> _messages = [];
    private readonly List<JsonElement?> _depth = [];

    private BinanceRecordedSession(byte[] snapshot) => Snapshot = snapshot;

    public IReadOnlyList<byte[]> Messages => _messages;

    /// <summary>The session's symbol as Binance names it (BTCUSDT, BTCUSD_PERP), from its first depth event.</summary>
    public string Symbol => _depth.First(d => d is not null)!.Value.GetProperty("s").GetString()!;

    /// <summary>The REST depth snapshot recorded with the session.</summary>
    public byte[] Snapshot { get; }

    /// <summary>The last depth event's final update id (<c>u</c>).</summary>
    public long LastDepthUpdateId => _depth.Last(d => d is not null)!.Value.GetProperty("u").GetInt64();

    public static BinanceRecordedSession Load(string file, int minimumMessages)
    {
        var messages = new List<byte[]>();
        byte[]? snapshot = null;
        RecordingReader.ReadLines(file, line =>
        {
            if (!RecordingReader.TryParse(line, out RecordedFrameKind kind, out _, out ReadOnlySpan<byte> payload, out _) || kind != RecordedFrameKind.WebSocket)
            {
                return true;
            }

            if (payload.StartsWith("{\"lastUpdateId\""u8))
            {
                snapshot ??= payload.ToArray();
                return true;
            }

            messages.Add(payload.ToArray());
            return true;
        });

        var session = new BinanceRecordedSession(snapshot ?? throw new InvalidDataException($"{file} holds no depth snapshot"));
        foreach (byte[] message in messages)
        {
            using JsonDocument document = JsonDocument.Parse(message);
            JsonElement data = document.RootElement.GetProperty("data");
            bool depth = data.TryGetProperty("e", out JsonElement type) && type.GetString() == "depthUpdate";
            session._messages.Add(message);
            session._depth.Add(depth ? data.Clone() : null);
            if (depth && session._messages.Count >= minimumMessages)
            {
                break;
            }
        }

        return session;
    }

    /// <summary>
    /// The book Binance would have once the messages before <paramref name="index"/> were sent: the recorded
    /// snapshot, then every newer depth event among them.
    /// </summary>
    public BinanceServerBook BookBefore(int index)
    {
        BinanceServerBook book = BinanceServerBook.FromSnapshot(Snapshot);
        for (int i = 0; i < index && i < _depth.Count; i++)
        {
            if (_depth[i] is JsonElement depth)
            {
                book.Apply(depth);
            }
        }

        return book;
    }

    /// <summary>The index of the first depth event at or after <paramref name="index"/>.</summary>
    public int FirstDepthAtOrAfter(int index)
    {
        for (int i = index; i < _depth.Count; i++)
        {
            if (_depth[i] is not null)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index), index, "no depth event at or after it");
    }

    /// <summary>Depth events among the messages in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public int DepthEventsBetween(int from, int to) => _depth.Skip(from).Take(to - from).Count(d => d is not null);
}
