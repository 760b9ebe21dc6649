using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Deribit;

/// <summary>
/// The <c>data</c> of Deribit's <c>trades</c> and <c>ticker</c> notifications, read for <see cref="DeribitFeed"/>.
/// Neither touches the book, so an unusable trade is counted and skipped; the rest of the notification still counts.
/// Each trade names its instrument (a <c>trades.{kind}.{currency}</c> channel mixes many).
/// </summary>
internal static class DeribitPush
{
    /// <summary>
    /// <c>[{"trade_id":"ETH-12345678","trade_seq":..,"instrument_name":..,"price":0.0015,"amount":4.0,"direction":"buy",
    /// "timestamp":ms},..]</c>; direction is the taker's. The id is the number after the currency prefix (<see cref="TradeIds"/>).
    /// </summary>
    public static void ReadTrades(DeribitFeed feed, ref Utf8JsonReader data, long receiveNanos)
    {
        if (data.TokenType != JsonTokenType.StartArray)
        {
            feed.BadInput(BadInputKind.MissingField, "a trades notification whose data is not an array");
            return;
        }

        while (data.Read() && data.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> id = default;
            ReadOnlySpan<byte> name = default;
            ReadOnlySpan<byte> price = default;
            ReadOnlySpan<byte> amount = default;
            long time = 0;
            Side? aggressor = null;
            while (data.Read() && data.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = VenueJson.Is(ref data, "trade_id"u8);
                bool isName = VenueJson.Is(ref data, "instrument_name"u8);
                bool isPrice = VenueJson.Is(ref data, "price"u8);
                bool isAmount = VenueJson.Is(ref data, "amount"u8);
                bool isDirection = VenueJson.Is(ref data, "direction"u8);
                bool isTime = VenueJson.Is(ref data, "timestamp"u8);
                data.Read();
                if (isId)
                {
                    id = VenueJson.Scalar(ref data);
                }
                else if (isName)
                {
                    name = VenueJson.Scalar(ref data);
                }
                else if (isPrice)
                {
                    price = VenueJson.Scalar(ref data);
                }
                else if (isAmount)
                {
                    amount = VenueJson.Scalar(ref data);
                }
                else if (isDirection)
                {
                    aggressor = VenueJson.Is(ref data, "buy"u8) ? Side.Buy : VenueJson.Is(ref data, "sell"u8) ? Side.Sell : null;
                }
                else if (isTime)
                {
                    VenueJson.TryReadInt64(ref data, out time);
                }

                data.Skip();
            }

            FeedInstrument? instrument = name.IsEmpty ? null : feed.FindInstrument(name);
            if (name.IsEmpty)
            {
                feed.BadInput(BadInputKind.MissingField, "a trade without instrument_name");
            }

            if (instrument is null)
            {
                continue;
            }

            long tradeId = TradeIds.Parse(id, currencyPrefix: true);
            if (tradeId < 0 || !VenueJson.TryParseUnsigned(price, instrument.PriceScale, out long units) || units == 0
                || !VenueJson.TryParseUnsigned(amount, instrument.QuantityScale, out long quantity))
            {
                feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a trade without a trade_id, or whose price or amount is not a non-negative decimal at the instrument's scale");
                continue;
            }

            var trade = new TradePrint(tradeId, units, quantity, aggressor, VenueJson.MillisToNanos(time), receiveNanos);
            feed.Trade(instrument, in trade);
        }
    }

    /// <summary>
    /// <c>{"best_bid_price":..,"best_bid_amount":..,"best_ask_price":..,"best_ask_amount":..,"timestamp":ms,..}</c> as
    /// the venue's best bid/offer; an empty side is written 0 (or null, passed on as 0). Deribit numbers no ticker, so
    /// its sequence is <see cref="VenueFeed.NoSequence"/>.
    /// </summary>
    public static void ReadTicker(DeribitFeed feed, FeedInstrument instrument, ref Utf8JsonReader data, long receiveNanos)
    {
        if (data.TokenType != JsonTokenType.StartObject)
        {
            feed.BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a ticker notification whose data is not an object");
            return;
        }

        long bid = 0;
        long bidSize = 0;
        long ask = 0;
        long askSize = 0;
        long time = 0;
        bool ok = true;
        while (data.Read() && data.TokenType == JsonTokenType.PropertyName)
        {
            bool isBid = VenueJson.Is(ref data, "best_bid_price"u8);
            bool isBidSize = VenueJson.Is(ref data, "best_bid_amount"u8);
            bool isAsk = VenueJson.Is(ref data, "best_ask_price"u8);
            bool isAskSize = VenueJson.Is(ref data, "best_ask_amount"u8);
            bool isTime = VenueJson.Is(ref data, "timestamp"u8);
            data.Read();
            if ((isBid || isBidSize || isAsk || isAskSize) && data.TokenType != JsonTokenType.Null)
            {
                ok &= VenueJson.TryReadUnsigned(ref data, isBid || isAsk ? instrument.PriceScale : instrument.QuantityScale, out long value, out _);
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
            feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a ticker whose best bid or ask is not a non-negative decimal at the instrument's scale");
            return;
        }

        var quote = new BestQuote(bid, bidSize, ask, askSize, VenueFeed.NoSequence, VenueJson.MillisToNanos(time), receiveNanos);
        feed.Quote(instrument, in quote);
    }
}
