using System.Globalization;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>The signed <c>/fapi</c> endpoints: each runs under the simulator's lock once the pipeline admitted the request.</summary>
public sealed partial class BinanceUsdMSimulator
{
    private static (int, JsonNode) Fail(BinanceError error) => (error.HttpStatus, BinanceJson.Error(error));

    private (int, JsonNode) PlaceOrder(BinanceSignedRequest request, long now)
    {
        if (request["newOrderRespType"] is string responseType && responseType is not ("ACK" or "RESULT"))
        {
            return Fail(BinanceError.IllegalCharacters("newOrderRespType"));
        }

        BinanceError? error = Exchange.Place(request, now, out BinanceUsdMOrder? order);
        return error is null ? (200, BinanceUsdMJson.Order(order!)) : Fail(error);
    }

    private (int, JsonNode) ModifyOrder(BinanceSignedRequest request, long now)
    {
        BinanceError? error = Exchange.Modify(request, now, out BinanceUsdMOrder? order);
        return error is null ? (200, BinanceUsdMJson.Order(order!)) : Fail(error);
    }

    private (int, JsonNode) CancelOrder(BinanceSignedRequest request, long now)
    {
        if (!TryFindOrder(request, out BinanceUsdMOrder? order, out BinanceError? error, unknown: BinanceError.UnknownOrder))
        {
            return Fail(error!);
        }

        return Exchange.Cancel(order!, now) ? (200, BinanceUsdMJson.Order(order!)) : Fail(BinanceError.UnknownOrder);
    }

    private (int, JsonNode) QueryOrder(BinanceSignedRequest request, long now) =>
        TryFindOrder(request, out BinanceUsdMOrder? order, out BinanceError? error, unknown: BinanceError.NoSuchOrder)
            ? (200, BinanceUsdMJson.Order(order!))
            : Fail(error!);

    private (int, JsonNode) OpenOrders(BinanceSignedRequest request, long now)
    {
        string? symbol = request["symbol"];
        if (symbol is not null && !Exchange.TryGetSymbol(symbol, out _))
        {
            return Fail(BinanceError.InvalidSymbol);
        }

        return (200, new JsonArray([.. Exchange.OpenOrders(symbol).Select(o => (JsonNode)BinanceUsdMJson.Order(o))]));
    }

    /// <summary>Binance answers the same whether or not anything was open.</summary>
    private (int, JsonNode) CancelAllOpenOrders(BinanceSignedRequest request, long now)
    {
        if (!TryReadSymbol(request, out string symbol, out BinanceError? error))
        {
            return Fail(error!);
        }

        Exchange.CancelAll(symbol, now);
        return (200, new JsonObject { ["code"] = 200, ["msg"] = "The operation of cancel all open order is done." });
    }

    private (int, JsonNode) CountdownCancelAll(BinanceSignedRequest request, long now)
    {
        if (!TryReadSymbol(request, out string symbol, out BinanceError? error))
        {
            return Fail(error!);
        }

        if (request["countdownTime"] is not string text)
        {
            return Fail(BinanceError.Mandatory("countdownTime"));
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long countdown))
        {
            return Fail(BinanceError.IllegalCharacters("countdownTime"));
        }

        Exchange.SetCountdown(symbol, countdown, now);
        return (200, new JsonObject { ["symbol"] = symbol, ["countdownTime"] = countdown.ToString(CultureInfo.InvariantCulture) });
    }

    /// <summary><c>fromId</c>: trades from that id on; <c>limit</c>: at most that many (default 500, at most 1000), oldest first.</summary>
    private (int, JsonNode) UserTrades(BinanceSignedRequest request, long now)
    {
        if (!TryReadSymbol(request, out string symbol, out BinanceError? error))
        {
            return Fail(error!);
        }

        Exchange.TryGetSymbol(symbol, out BinanceSymbol found);
        // As on spot: orderId narrows to one order; without fromId the most recent trades.
        int limit = int.TryParse(request["limit"], out int asked) ? Math.Clamp(asked, 1, 1000) : 500;
        IEnumerable<BinanceUsdMFill> matching = Exchange.Fills.Where(f => f.Symbol == symbol);
        if (long.TryParse(request["orderId"], out long orderId))
        {
            matching = matching.Where(f => f.OrderId == orderId);
        }

        List<BinanceUsdMFill> selected = long.TryParse(request["fromId"], out long fromId)
            ? [.. matching.Where(f => f.TradeId >= fromId).Take(limit)]
            : [.. matching.TakeLast(limit)];
        var trades = new JsonArray();
        foreach (BinanceUsdMFill fill in selected)
        {
            trades.Add(BinanceUsdMJson.Trade(fill, found));
        }

        return (200, trades);
    }

    private (int, JsonNode) ChangeLeverage(BinanceSignedRequest request, long now)
    {
        if (!TryReadSymbol(request, out string symbol, out BinanceError? error))
        {
            return Fail(error!);
        }

        if (request["leverage"] is null)
        {
            return Fail(BinanceError.Mandatory("leverage"));
        }

        error = Exchange.SetLeverage(symbol, request["leverage"], out int leverage);
        return error is not null
            ? Fail(error)
            : (200, new JsonObject { ["leverage"] = leverage, ["maxNotionalValue"] = "1000000", ["symbol"] = symbol });
    }

    /// <summary>Only one-way mode is simulated: asking for it again is Binance's -4059, hedge mode is refused.</summary>
    private (int, JsonNode) ChangePositionMode(BinanceSignedRequest request, long now) => request["dualSidePosition"] switch
    {
        null => Fail(BinanceError.Mandatory("dualSidePosition")),
        "false" => Fail(new BinanceError(400, -4059, "No need to change position side.")),
        _ => Fail(BinanceUsdMErrors.UnsupportedOperation),
    };

    private (int, JsonNode) Balance(BinanceSignedRequest request, long now) => (200, new JsonArray(BinanceUsdMJson.Balance(Exchange, now)));

    private (int, JsonNode) PositionRisk(BinanceSignedRequest request, long now)
    {
        string? symbol = request["symbol"];
        if (symbol is not null && !Exchange.TryGetSymbol(symbol, out _))
        {
            return Fail(BinanceError.InvalidSymbol);
        }

        return (200, new JsonArray([.. Exchange.Positions
            .Where(p => symbol is null || p.Symbol.Name == symbol)
            .Select(p => (JsonNode)BinanceUsdMJson.PositionRisk(Exchange, p))]));
    }

    private bool TryReadSymbol(BinanceSignedRequest request, out string symbol, out BinanceError? error)
    {
        symbol = request["symbol"] ?? string.Empty;
        error = symbol.Length == 0 ? BinanceError.Mandatory("symbol") : Exchange.TryGetSymbol(symbol, out _) ? null : BinanceError.InvalidSymbol;
        return error is null;
    }

    private bool TryFindOrder(BinanceSignedRequest request, out BinanceUsdMOrder? order, out BinanceError? error, BinanceError unknown)
    {
        order = null;
        if (!TryReadSymbol(request, out string symbol, out error))
        {
            return false;
        }

        long? orderId = long.TryParse(request["orderId"], out long id) ? id : null;
        string? clientOrderId = request["origClientOrderId"];
        if (orderId is null && clientOrderId is null)
        {
            error = new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
            return false;
        }

        order = Exchange.Find(symbol, orderId, clientOrderId);
        error = order is null ? unknown : null;
        return order is not null;
    }
}
