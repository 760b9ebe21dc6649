using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;

namespace Engine.Gateways.Venues.Binance;

/// <summary>Depth events of one book kept, as received, until its snapshot arrives.</summary>
internal sealed class BinancePendingDepth
{
    private readonly List<(byte[] Json, long ReceiveNanos)> _events = [];

    public void Add(ReadOnlySpan<byte> json, long receiveNanos)
    {
        if (_events.Count == BinanceFeed.MaxBufferedEvents)
        {
            _events.RemoveAt(0);
        }

        _events.Add((json.ToArray(), receiveNanos));
    }

    public void Replay(BinanceFeed feed, FeedInstrument instrument)
    {
        foreach ((byte[] json, long receiveNanos) in _events)
        {
            var reader = new Utf8JsonReader(json);
            reader.Read();
            Utf8JsonReader eventReader = reader;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isData = VenueJson.Is(ref reader, "data"u8);
                reader.Read();
                if (isData)
                {
                    eventReader = reader;
                }

                reader.Skip();
            }

            // Read before, so well formed; a book that went stale again keeps the rest for its next snapshot.
            var message = default(BinanceMessage);
            message.LevelReader = feed.LevelReader;
            if (message.Read(ref eventReader, json))
            {
                feed.OnDepth(ref message, json, receiveNanos);
            }
        }
    }
}
