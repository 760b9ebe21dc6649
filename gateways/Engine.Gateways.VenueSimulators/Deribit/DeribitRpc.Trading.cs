using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>The matching-engine methods: buy, sell, edit, cancel and the mass cancels.</summary>
public sealed partial class DeribitRpc
{
    private static readonly string[] s_cancelTypes = ["all", "limit", "trigger_all", "stop", "take", "trailing_stop"];

    private (JsonNode?, DeribitError?) PlaceOrder(DeribitParams parameters, bool buy, DeribitConnection? connection, long nowMillis)
    {
        int before = _exchange.Trades.Count;
        DeribitError? error = _exchange.Place(parameters, buy, connection?.Id ?? 0, nowMillis, out DeribitSimOrder? order);
        return error is not null ? (null, error) : (OrderWithTrades(order!, before), null);
    }

    private (JsonNode?, DeribitError?) EditOrder(DeribitParams parameters, long nowMillis)
    {
        int before = _exchange.Trades.Count;
        DeribitError? error = _exchange.Edit(parameters, nowMillis, out DeribitSimOrder? order);
        return error is not null ? (null, error) : (OrderWithTrades(order!, before), null);
    }

    /// <summary><c>{"order": ..., "trades": [...]}</c>: the order and the fills this request made of it.</summary>
    private JsonObject OrderWithTrades(DeribitSimOrder order, int tradesBefore)
    {
        var trades = new JsonArray();
        for (int i = tradesBefore; i < _exchange.Trades.Count; i++)
        {
            if (_exchange.Trades[i].OrderId == order.OrderId)
            {
                trades.Add(DeribitJson.Trade(_exchange.Trades[i]));
            }
        }

        return new JsonObject { ["order"] = DeribitJson.Order(order), ["trades"] = trades };
    }

    private (JsonNode?, DeribitError?) CancelOrder(DeribitParams parameters, long nowMillis)
    {
        DeribitError? error = parameters.RequiredString("order_id", out string orderId);
        if (error is not null)
        {
            return (null, error);
        }

        DeribitSimOrder? order = _exchange.Find(orderId);
        if (order is null)
        {
            return (null, DeribitError.OrderNotFound);
        }

        return _exchange.Cancel(order, "user_request", nowMillis) ? (DeribitJson.Order(order), null) : (null, DeribitError.NotOpenOrder);
    }

    private (JsonNode?, DeribitError?) CancelAll(DeribitParams parameters, long nowMillis)
    {
        int count = _exchange.CancelWhere(_ => true, "user_request", nowMillis);
        return (count, null);
    }

    private (JsonNode?, DeribitError?) CancelAllByInstrument(DeribitParams parameters, long nowMillis)
    {
        DeribitError? error = DeribitParams.FirstError(
            parameters.RequiredString("instrument_name", out string name),
            parameters.Enumerated("type", s_cancelTypes, "all", out string type));
        if (error is not null)
        {
            return (null, error);
        }

        if (!_exchange.TryGetInstrument(name, out _))
        {
            return (null, DeribitError.InvalidInstrument);
        }

        return (_exchange.CancelWhere(o => o.Instrument.Name == name && TypeMatches(o, type), "user_request", nowMillis), null);
    }

    private (JsonNode?, DeribitError?) CancelAllByCurrency(DeribitParams parameters, long nowMillis)
    {
        DeribitError? error = DeribitParams.FirstError(
            parameters.RequiredString("currency", out string currency),
            parameters.Enumerated("type", s_cancelTypes, "all", out string type));
        return error is not null
            ? (null, error)
            : (_exchange.CancelWhere(o => (currency == "any" || o.Instrument.Currency == currency) && TypeMatches(o, type), "user_request", nowMillis), null);
    }

    private (JsonNode?, DeribitError?) CancelByLabel(DeribitParams parameters, long nowMillis)
    {
        DeribitError? error = parameters.RequiredString("label", out string label);
        string? currency = parameters.String("currency");
        return error is not null
            ? (null, error)
            : (_exchange.CancelWhere(o => o.Label == label && (currency is null || o.Instrument.Currency == currency), "user_request", nowMillis), null);
    }

    /// <summary>The <c>type</c> filter of the open-order queries and mass cancels: limit orders, stop (trigger) orders, or all.</summary>
    private static bool TypeMatches(DeribitSimOrder order, string type) => type switch
    {
        "all" => true,
        "limit" => !order.IsStop,
        "trigger_all" or "stop_all" or "stop" => order.IsStop,
        "stop_limit" or "stop_market" => order.OrderType == type,
        _ => false,
    };
}
