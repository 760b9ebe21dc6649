using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// The events of Binance's spot user data stream as its documentation ("User Data Streams", "Order Update",
/// "Account Update") writes them, one JSON object per WebSocket text message: <c>executionReport</c> with its one-letter
/// fields in the documented order, <c>outboundAccountPosition</c>, and <c>listenKeyExpired</c>.
/// </summary>
public static class BinanceUserDataJson
{
    /// <summary>
    /// The executionReport for one change of <paramref name="order"/>: x is TRADE when <paramref name="fill"/> is
    /// given, else the order's new state (NEW, CANCELED, EXPIRED, REJECTED); c and C follow Binance's rule that a
    /// cancel is reported under the cancel request's client id with the order's own in C.
    /// </summary>
    public static byte[] ExecutionReport(BinanceSimOrder order, BinanceFill? fill, long eventTime, long sequence)
    {
        ArgumentNullException.ThrowIfNull(order);
        string executionType = fill is not null ? "TRADE" : order.Status switch
        {
            "NEW" => "NEW",
            "CANCELED" => "CANCELED",
            "REJECTED" => "REJECTED",
            "EXPIRED" => "EXPIRED",
            _ => "TRADE",
        };
        bool canceled = executionType == "CANCELED" && order.CancelClientOrderId is not null;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("e", "executionReport");
            json.WriteNumber("E", eventTime);
            json.WriteString("s", order.Symbol.Name);
            json.WriteString("c", canceled ? order.CancelClientOrderId : order.ClientOrderId);
            json.WriteString("S", order.Side);
            json.WriteString("o", order.Type);
            json.WriteString("f", order.TimeInForce);
            json.WriteString("q", BinanceJson.Decimal(order.OrigQty));
            json.WriteString("p", BinanceJson.Decimal(order.Price));
            json.WriteString("P", BinanceJson.Decimal(0m));
            json.WriteString("F", BinanceJson.Decimal(0m));
            json.WriteNumber("g", -1);
            json.WriteString("C", canceled ? order.ClientOrderId : string.Empty);
            json.WriteString("x", executionType);
            json.WriteString("X", order.Status);
            json.WriteString("r", "NONE");
            json.WriteNumber("i", order.OrderId);
            json.WriteString("l", BinanceJson.Decimal(fill?.Quantity ?? 0m));
            json.WriteString("z", BinanceJson.Decimal(order.ExecutedQty));
            json.WriteString("L", BinanceJson.Decimal(fill?.Price ?? 0m));
            json.WriteString("n", fill is null ? "0" : BinanceJson.Decimal(fill.Commission));
            if (fill is null)
            {
                json.WriteNull("N");
            }
            else
            {
                json.WriteString("N", fill.CommissionAsset);
            }

            json.WriteNumber("T", fill?.Time ?? order.UpdateTime);
            json.WriteNumber("t", fill?.TradeId ?? -1);
            json.WriteNumber("I", sequence);
            json.WriteBoolean("w", order.IsOpen && order.Type != "MARKET");
            json.WriteBoolean("m", fill?.IsMaker ?? false);
            json.WriteBoolean("M", false);
            json.WriteNumber("O", order.Time);
            json.WriteString("Z", BinanceJson.Decimal(order.CummulativeQuoteQty));
            json.WriteString("Y", BinanceJson.Decimal(fill is null ? 0m : fill.Price * fill.Quantity));
            json.WriteString("Q", BinanceJson.Decimal(0m));
            json.WriteNumber("W", order.Time);
            json.WriteString("V", "EXPIRE_MAKER");
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The balances of the assets an order change may have moved (its symbol's base and quote).</summary>
    public static byte[] AccountPosition(BinanceSpotExchange exchange, BinanceSymbol symbol, long eventTime, long updateTime)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(symbol);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("e", "outboundAccountPosition");
            json.WriteNumber("E", eventTime);
            json.WriteNumber("u", updateTime);
            json.WriteStartArray("B");
            foreach (string asset in (string[])[symbol.BaseAsset, symbol.QuoteAsset])
            {
                json.WriteStartObject();
                json.WriteString("a", asset);
                json.WriteString("f", BinanceJson.Decimal(exchange.Free(asset)));
                json.WriteString("l", BinanceJson.Decimal(exchange.Locked(asset)));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static byte[] ListenKeyExpired(string listenKey, long eventTime) => System.Text.Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{{\"e\":\"listenKeyExpired\",\"E\":{eventTime},\"listenKey\":\"{listenKey}\"}}"));
}
