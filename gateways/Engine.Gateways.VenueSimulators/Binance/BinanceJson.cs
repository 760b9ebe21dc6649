using System.Globalization;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>The JSON bodies of Binance's spot REST answers, with its field names and its decimals as 8-place strings.</summary>
public static class BinanceJson
{
    public static string Decimal(decimal value) => value.ToString("F8", CultureInfo.InvariantCulture);

    public static JsonObject Error(BinanceError error) => new() { ["code"] = error.Code, ["msg"] = error.Message };

    /// <summary>The answer to a new order: ACK, RESULT or FULL (<c>newOrderRespType</c>).</summary>
    public static JsonObject NewOrder(BinanceSimOrder order, string responseType, IEnumerable<BinanceFill> fills, long transactTime)
    {
        var json = new JsonObject
        {
            ["symbol"] = order.Symbol.Name,
            ["orderId"] = order.OrderId,
            ["orderListId"] = -1,
            ["clientOrderId"] = order.ClientOrderId,
            ["transactTime"] = transactTime,
        };
        if (responseType == "ACK")
        {
            return json;
        }

        AddState(json, order);
        json["workingTime"] = order.Time;
        json["selfTradePreventionMode"] = "EXPIRE_MAKER";
        if (responseType == "FULL")
        {
            var array = new JsonArray();
            foreach (BinanceFill fill in fills)
            {
                array.Add(new JsonObject
                {
                    ["price"] = Decimal(fill.Price),
                    ["qty"] = Decimal(fill.Quantity),
                    ["commission"] = Decimal(fill.Commission),
                    ["commissionAsset"] = fill.CommissionAsset,
                    ["tradeId"] = fill.TradeId,
                });
            }

            json["fills"] = array;
        }

        return json;
    }

    /// <summary>The answer to a cancel: the order as it is now, with the cancel's own client id.</summary>
    public static JsonObject Canceled(BinanceSimOrder order, string cancelClientOrderId, long transactTime)
    {
        var json = new JsonObject
        {
            ["symbol"] = order.Symbol.Name,
            ["origClientOrderId"] = order.ClientOrderId,
            ["orderId"] = order.OrderId,
            ["orderListId"] = -1,
            ["clientOrderId"] = cancelClientOrderId,
            ["transactTime"] = transactTime,
        };
        AddState(json, order);
        json["selfTradePreventionMode"] = "EXPIRE_MAKER";
        return json;
    }

    /// <summary>An order as <c>GET /api/v3/order</c> and <c>openOrders</c> list it.</summary>
    public static JsonObject Order(BinanceSimOrder order)
    {
        var json = new JsonObject
        {
            ["symbol"] = order.Symbol.Name,
            ["orderId"] = order.OrderId,
            ["orderListId"] = -1,
            ["clientOrderId"] = order.ClientOrderId,
        };
        AddState(json, order);
        json["stopPrice"] = Decimal(0m);
        json["icebergQty"] = Decimal(0m);
        json["time"] = order.Time;
        json["updateTime"] = order.UpdateTime;
        json["isWorking"] = order.IsOpen;
        json["workingTime"] = order.Time;
        json["origQuoteOrderQty"] = Decimal(0m);
        json["selfTradePreventionMode"] = "EXPIRE_MAKER";
        return json;
    }

    public static JsonObject Trade(BinanceFill fill, string clientOrderId) => new()
    {
        ["symbol"] = fill.Symbol,
        ["id"] = fill.TradeId,
        ["orderId"] = fill.OrderId,
        ["orderListId"] = -1,
        ["price"] = Decimal(fill.Price),
        ["qty"] = Decimal(fill.Quantity),
        ["quoteQty"] = Decimal(fill.Price * fill.Quantity),
        ["commission"] = Decimal(fill.Commission),
        ["commissionAsset"] = fill.CommissionAsset,
        ["time"] = fill.Time,
        ["isBuyer"] = fill.IsBuyer,
        ["isMaker"] = fill.IsMaker,
        ["isBestMatch"] = true,
        ["clientOrderId"] = clientOrderId,
    };

    private static void AddState(JsonObject json, BinanceSimOrder order)
    {
        json["price"] = Decimal(order.Price);
        json["origQty"] = Decimal(order.OrigQty);
        json["executedQty"] = Decimal(order.ExecutedQty);
        json["origQuoteOrderQty"] = Decimal(0m);
        json["cummulativeQuoteQty"] = Decimal(order.CummulativeQuoteQty);
        json["status"] = order.Status;
        json["timeInForce"] = order.TimeInForce;
        json["type"] = order.Type;
        json["side"] = order.Side;
    }
}
