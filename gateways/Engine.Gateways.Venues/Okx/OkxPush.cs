using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Okx;

/// <summary>
/// The <c>data</c> of OKX's <c>trades</c> and <c>tickers</c> pushes, read element by element for <see cref="OkxFeed"/>.
/// Neither touches the book, so an unusable element is counted and skipped; the rest of the push still counts.
/// </summary>
internal static class OkxPush
{
    /// <summary><c>[{"instId":..,"tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"buy","ts":"1630048897897"}]</c>; side is the taker's.</summary>
    public static void ReadTrades(OkxFeed feed, FeedInstrument instrument, ref Utf8JsonReader data, long receiveNanos)
    {
        if (data.TokenType != JsonTokenType.StartArray)
        {
            feed.BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a trades push whose data is not an array");
            return;
        }

        while (data.Read() && data.TokenType == JsonTokenType.StartObject)
        {
            long id = -1;
            long price = -1;
            long quantity = -1;
            long time = 0;
            Side? aggressor = null;
            while (data.Read() && data.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = VenueJson.Is(ref data, "tradeId"u8);
                bool isPrice = VenueJson.Is(ref data, "px"u8);
                bool isSize = VenueJson.Is(ref data, "sz"u8);
                bool isSide = VenueJson.Is(ref data, "side"u8);
                bool isTime = VenueJson.Is(ref data, "ts"u8);
                data.Read();
                if (isId && !VenueJson.TryReadInt64(ref data, out id))
                {
                    id = -1;
                }
                else if (isPrice && !VenueJson.TryReadUnsigned(ref data, instrument.PriceScale, out price, out _))
                {
                    price = -1;
                }
                else if (isSize && !VenueJson.TryReadUnsigned(ref data, instrument.QuantityScale, out quantity, out _))
                {
                    quantity = -1;
                }
                else if (isSide)
                {
                    aggressor = VenueJson.Is(ref data, "buy"u8) ? Side.Buy : VenueJson.Is(ref data, "sell"u8) ? Side.Sell : null;
                }
                else if (isTime)
                {
                    VenueJson.TryReadInt64(ref data, out time);
                }

                data.Skip();
            }

            if (id < 0 || price <= 0 || quantity < 0)
            {
                feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a trade without a tradeId, or whose px or sz is not a non-negative decimal at the instrument's scale");
                continue;
            }

            var trade = new TradePrint(id, price, quantity, aggressor, VenueJson.MillisToNanos(time), receiveNanos);
            feed.Trade(instrument, in trade);
        }
    }

    /// <summary>
    /// <c>[{"bidPx":..,"bidSz":..,"askPx":..,"askSz":..,"ts":..}]</c> as the venue's best bid/offer. OKX numbers no
    /// ticker, so its sequence is <see cref="VenueFeed.NoSequence"/>; an empty side is written "" (passed on as 0).
    /// </summary>
    public static void ReadTickers(OkxFeed feed, FeedInstrument instrument, ref Utf8JsonReader data, long receiveNanos)
    {
        if (data.TokenType != JsonTokenType.StartArray)
        {
            feed.BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a tickers push whose data is not an array");
            return;
        }

        while (data.Read() && data.TokenType == JsonTokenType.StartObject)
        {
            long bid = 0;
            long bidSize = 0;
            long ask = 0;
            long askSize = 0;
            long time = 0;
            bool ok = true;
            while (data.Read() && data.TokenType == JsonTokenType.PropertyName)
            {
                bool isBid = VenueJson.Is(ref data, "bidPx"u8);
                bool isBidSize = VenueJson.Is(ref data, "bidSz"u8);
                bool isAsk = VenueJson.Is(ref data, "askPx"u8);
                bool isAskSize = VenueJson.Is(ref data, "askSz"u8);
                bool isTime = VenueJson.Is(ref data, "ts"u8);
                data.Read();
                if (isBid || isBidSize || isAsk || isAskSize)
                {
                    ok &= TryReadOrEmpty(ref data, isBid || isAsk ? instrument.PriceScale : instrument.QuantityScale, out long value);
                    (isBid ? ref bid : ref isBidSize ? ref bidSize : ref isAsk ? ref ask : ref askSize) = value;
                }
                else if (isTime)
                {
                    VenueJson.TryReadInt64(ref data, out time);
                }

                data.Skip();
            }

            if (!ok)
            {
                feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a ticker whose bid or ask is not a non-negative decimal at the instrument's scale");
                continue;
            }

            var quote = new BestQuote(bid, bidSize, ask, askSize, VenueFeed.NoSequence, VenueJson.MillisToNanos(time), receiveNanos);
            feed.Quote(instrument, in quote);
        }
    }

    private static bool TryReadOrEmpty(ref Utf8JsonReader reader, int scale, out long value)
    {
        if (reader.TokenType == JsonTokenType.String && reader.ValueSpan.IsEmpty)
        {
            value = 0;
            return true;
        }

        return VenueJson.TryReadUnsigned(ref reader, scale, out value, out _);
    }
}
