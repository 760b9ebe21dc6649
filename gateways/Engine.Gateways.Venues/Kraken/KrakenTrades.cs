using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Kraken;

/// <summary>
/// The payload of Kraken's v1 <c>trade</c> channel, read for <see cref="KrakenFeed"/>:
/// <c>[["price","volume","time","side","orderType","misc"],...]</c>, time in seconds with microseconds, side the
/// taker's ("b" or "s"). v1 gives trades no id, so <see cref="TradePrint.TradeId"/> is 0. Trades do not touch the
/// book: an unusable one is counted and skipped.
/// </summary>
internal static class KrakenTrades
{
    public static void Read(KrakenFeed feed, FeedInstrument instrument, ref Utf8JsonReader reader, long receiveNanos)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            feed.BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a trade payload that is not an array");
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            bool priceOk = VenueJson.TryReadUnsigned(ref reader, instrument.PriceScale, out long price, out _);
            reader.Read();
            bool volumeOk = VenueJson.TryReadUnsigned(ref reader, instrument.QuantityScale, out long volume, out _);
            reader.Read();
            bool timeOk = VenueJson.TryReadUnsigned(ref reader, 9, out long nanos, out _);
            reader.Read();
            Side? aggressor = reader.TokenType != JsonTokenType.String ? null
                : VenueJson.Is(ref reader, "b"u8) ? Side.Buy
                : VenueJson.Is(ref reader, "s"u8) ? Side.Sell
                : null;
            if (reader.TokenType != JsonTokenType.EndArray)
            {
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                }
            }

            if (!priceOk || !volumeOk || !timeOk || price == 0)
            {
                feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a trade whose price, volume or time is not a non-negative decimal at the instrument's scale");
                continue;
            }

            var trade = new TradePrint(0, price, volume, aggressor, nanos, receiveNanos);
            feed.Trade(instrument, in trade);
        }
    }
}
