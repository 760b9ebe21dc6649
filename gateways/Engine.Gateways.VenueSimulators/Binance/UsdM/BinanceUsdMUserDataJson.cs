using System.Buffers;
using System.Text.Json;

namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// The events of Binance USD-M's user data stream as its documentation ("Event: Order Update", "Event: Balance and
/// Position Update") writes them, one JSON object per WebSocket text message: <c>ORDER_TRADE_UPDATE</c> with the order
/// in <c>o</c>, and <c>ACCOUNT_UPDATE</c> with the wallet in <c>a.B</c> and the position in <c>a.P</c>.
/// </summary>
public static class BinanceUsdMUserDataJson
{
    /// <summary>
    /// The ORDER_TRADE_UPDATE for one change of <paramref name="order"/>: <c>x</c> the execution type (NEW, TRADE,
    /// CANCELED, EXPIRED, AMENDMENT), <c>X</c> the order's status; commission fields (<c>N</c>, <c>n</c>) only with a
    /// fill, as Binance pushes them; <c>o</c> what the order is now (a triggered STOP_MARKET is MARKET) and <c>ot</c> its
    /// original type.
    /// </summary>
    public static byte[] OrderTradeUpdate(BinanceUsdMExchange exchange, BinanceUsdMOrder order, string executionType, BinanceUsdMFill? fill, long eventTime)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(order);
        BinanceSymbol symbol = order.Symbol;
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("e", "ORDER_TRADE_UPDATE");
            json.WriteNumber("E", eventTime);
            json.WriteNumber("T", order.UpdateTime);
            json.WriteStartObject("o");
            json.WriteString("s", symbol.Name);
            json.WriteString("c", order.ClientOrderId);
            json.WriteString("S", order.Side);
            json.WriteString("o", order.ExecutionType);
            json.WriteString("f", order.TimeInForce);
            json.WriteString("q", BinanceUsdMJson.Quantity(order.OrigQty, symbol));
            json.WriteString("p", BinanceUsdMJson.Price(order.Price, symbol));
            json.WriteString("ap", BinanceUsdMJson.Price(order.AveragePrice, symbol));
            json.WriteString("sp", BinanceUsdMJson.Price(order.StopPrice, symbol));
            json.WriteString("x", executionType);
            json.WriteString("X", order.Status);
            json.WriteNumber("i", order.OrderId);
            json.WriteString("l", BinanceUsdMJson.Quantity(fill?.Quantity ?? 0m, symbol));
            json.WriteString("z", BinanceUsdMJson.Quantity(order.ExecutedQty, symbol));
            json.WriteString("L", BinanceUsdMJson.Price(fill?.Price ?? 0m, symbol));
            if (fill is not null)
            {
                json.WriteString("N", fill.CommissionAsset);
                json.WriteString("n", BinanceUsdMJson.Amount(fill.Commission));
            }

            json.WriteNumber("T", fill?.Time ?? order.UpdateTime);
            json.WriteNumber("t", fill?.TradeId ?? 0);
            (decimal bids, decimal asks) = OpenNotional(exchange, symbol.Name);
            json.WriteString("b", BinanceUsdMJson.Amount(bids));
            json.WriteString("a", BinanceUsdMJson.Amount(asks));
            json.WriteBoolean("m", fill?.IsMaker ?? false);
            json.WriteBoolean("R", order.ReduceOnly || order.ClosePosition);
            json.WriteString("wt", order.WorkingType);
            json.WriteString("ot", order.Type);
            json.WriteString("ps", "BOTH");
            json.WriteBoolean("cp", order.ClosePosition);
            json.WriteString("rp", BinanceUsdMJson.Amount(fill?.RealizedPnl ?? 0m));
            json.WriteBoolean("pP", order.PriceProtect);
            json.WriteNumber("si", 0);
            json.WriteNumber("ss", 0);
            json.WriteString("V", "NONE");
            json.WriteString("pm", "NONE");
            json.WriteNumber("gtd", order.GoodTillDate);
            json.WriteNumber("er", order.ExpireReason);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>ACCOUNT_UPDATE after a fill (reason ORDER): the margin asset's wallet and the symbol's position.</summary>
    public static byte[] AccountUpdate(BinanceUsdMExchange exchange, BinanceUsdMPosition position, long eventTime)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(position);
        BinanceSymbol symbol = position.Symbol;
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("e", "ACCOUNT_UPDATE");
            json.WriteNumber("E", eventTime);
            json.WriteNumber("T", position.UpdateTime);
            json.WriteStartObject("a");
            json.WriteString("m", "ORDER");
            json.WriteStartArray("B");
            json.WriteStartObject();
            json.WriteString("a", exchange.MarginAsset);
            json.WriteString("wb", BinanceUsdMJson.Amount(exchange.WalletBalance));
            json.WriteString("cw", BinanceUsdMJson.Amount(exchange.WalletBalance));
            json.WriteString("bc", BinanceUsdMJson.Amount(0m));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartArray("P");
            json.WriteStartObject();
            json.WriteString("s", symbol.Name);
            json.WriteString("pa", BinanceUsdMJson.Quantity(position.Amount, symbol));
            json.WriteString("ep", BinanceUsdMJson.Price(position.EntryPrice, symbol));
            json.WriteString("bep", BinanceUsdMJson.Price(position.EntryPrice, symbol));
            json.WriteString("cr", BinanceUsdMJson.Amount(position.AccumulatedRealized));
            json.WriteString("up", BinanceUsdMJson.Amount(exchange.UnrealizedProfit(position)));
            json.WriteString("mt", "cross");
            json.WriteString("iw", BinanceUsdMJson.Amount(0m));
            json.WriteString("ps", "BOTH");
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The notional of the symbol's open orders in the book by side (the update's <c>b</c> and <c>a</c>).</summary>
    private static (decimal Bids, decimal Asks) OpenNotional(BinanceUsdMExchange exchange, string symbol)
    {
        decimal bids = 0m;
        decimal asks = 0m;
        foreach (BinanceUsdMOrder open in exchange.OpenOrders(symbol))
        {
            if (open.IsWaitingStop)
            {
                continue;
            }

            decimal notional = open.Remaining * open.Price;
            if (open.IsBuy)
            {
                bids += notional;
            }
            else
            {
                asks += notional;
            }
        }

        return (bids, asks);
    }
}
