using System.Text.Json;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Bybit;

/// <summary>
/// The <c>data</c> of Bybit's trade pushes for <see cref="BybitFeed"/>: v1 <c>trade.{symbol}</c>
/// (<c>[{"price":"1053.90"|60621.5,"size":0.14,"side":"Buy","trade_id":"uuid","trade_time_ms":"1618677785116"|N,..}]</c>)
/// and v5 <c>publicTrade.{symbol}</c> (<c>[{"p":"16578.50","v":"0.001","S":"Buy","i":"uuid","T":ms,..}]</c>). The side
/// is the taker's. Ids are UUIDs (v5 spot's are digits): see <see cref="TradeIds"/>. Trades do not touch the book, so
/// an unusable one is counted and skipped.
/// </summary>
internal static class BybitTrades
{
    public static void Read(BybitFeed feed, FeedInstrument instrument, ref Utf8JsonReader data, long receiveNanos)
    {
        if (data.TokenType != JsonTokenType.StartArray)
        {
            feed.BadInput(BadInputKind.MissingField, $"{instrument.Symbol}: a trade push whose data is not an array");
            return;
        }

        while (data.Read() && data.TokenType == JsonTokenType.StartObject)
        {
            ReadOnlySpan<byte> id = default;
            long price = -1;
            long size = -1;
            long time = 0;
            Side? aggressor = null;
            while (data.Read() && data.TokenType == JsonTokenType.PropertyName)
            {
                bool isId = VenueJson.Is(ref data, "trade_id"u8) || VenueJson.Is(ref data, "i"u8);
                bool isPrice = VenueJson.Is(ref data, "price"u8) || VenueJson.Is(ref data, "p"u8);
                bool isSize = VenueJson.Is(ref data, "size"u8) || VenueJson.Is(ref data, "v"u8);
                bool isSide = VenueJson.Is(ref data, "side"u8) || VenueJson.Is(ref data, "S"u8);
                bool isTime = VenueJson.Is(ref data, "trade_time_ms"u8) || VenueJson.Is(ref data, "T"u8);
                data.Read();
                if (isId)
                {
                    id = VenueJson.Scalar(ref data);
                }
                else if (isPrice && !VenueJson.TryReadUnsigned(ref data, instrument.PriceScale, out price, out _))
                {
                    price = -1;
                }
                else if (isSize && !VenueJson.TryReadUnsigned(ref data, instrument.QuantityScale, out size, out _))
                {
                    size = -1;
                }
                else if (isSide)
                {
                    aggressor = VenueJson.Is(ref data, "Buy"u8) ? Side.Buy : VenueJson.Is(ref data, "Sell"u8) ? Side.Sell : null;
                }
                else if (isTime)
                {
                    VenueJson.TryReadInt64(ref data, out time);
                }

                data.Skip();
            }

            long tradeId = TradeIds.Parse(id, currencyPrefix: false);
            if (tradeId < 0 || price <= 0 || size < 0)
            {
                feed.BadInput(BadInputKind.BadNumber, $"{instrument.Symbol}: a trade without a trade id, or whose price or size is not a non-negative decimal at the instrument's scale");
                continue;
            }

            var trade = new TradePrint(tradeId, price, size, aggressor, VenueJson.MillisToNanos(time), receiveNanos);
            feed.Trade(instrument, in trade);
        }
    }
}
