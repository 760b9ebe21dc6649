using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>The account's queries: open orders, order state, user trades, positions, the account summary.</summary>
public sealed partial class DeribitRpc
{
    private static readonly string[] s_openTypes = ["all", "limit", "trigger_all", "stop_all", "stop_limit", "stop_market", "take_all", "take_limit", "take_market", "trailing_all", "trailing_stop"];
    private static readonly string[] s_sortings = ["asc", "desc", "default"];

    private (JsonNode?, DeribitError?) OpenOrders(DeribitParams parameters)
    {
        DeribitError? error = parameters.Enumerated("type", s_openTypes, "all", out string type);
        return error is not null ? (null, error) : (OrderList(_exchange.OpenOrders(o => TypeMatches(o, type))), null);
    }

    private (JsonNode?, DeribitError?) OpenOrdersByInstrument(DeribitParams parameters)
    {
        DeribitError? error = DeribitParams.FirstError(
            parameters.RequiredString("instrument_name", out string name),
            parameters.Enumerated("type", s_openTypes, "all", out string type));
        if (error is not null)
        {
            return (null, error);
        }

        return _exchange.TryGetInstrument(name, out _)
            ? (OrderList(_exchange.OpenOrders(o => o.Instrument.Name == name && TypeMatches(o, type))), null)
            : (null, DeribitError.InvalidInstrument);
    }

    private (JsonNode?, DeribitError?) OpenOrdersByCurrency(DeribitParams parameters)
    {
        DeribitError? error = DeribitParams.FirstError(
            parameters.RequiredString("currency", out string currency),
            parameters.Enumerated("type", s_openTypes, "all", out string type));
        return error is not null
            ? (null, error)
            : (OrderList(_exchange.OpenOrders(o => (currency == "any" || o.Instrument.Currency == currency) && TypeMatches(o, type))), null);
    }

    private (JsonNode?, DeribitError?) OpenOrdersByLabel(DeribitParams parameters)
    {
        DeribitError? error = DeribitParams.FirstError(parameters.RequiredString("currency", out string currency), parameters.RequiredString("label", out string label));
        return error is not null
            ? (null, error)
            : (OrderList(_exchange.OpenOrders(o => o.Label == label && o.Instrument.Currency == currency)), null);
    }

    private (JsonNode?, DeribitError?) OrderState(DeribitParams parameters)
    {
        DeribitError? error = parameters.RequiredString("order_id", out string orderId);
        if (error is not null)
        {
            return (null, error);
        }

        DeribitSimOrder? order = _exchange.Find(orderId);
        return order is null ? (null, DeribitError.OrderNotFound) : (DeribitJson.Order(order), null);
    }

    /// <summary>Every order (open or closed) with the label: the way to learn the fate of an order whose answer was lost.</summary>
    private (JsonNode?, DeribitError?) OrderStateByLabel(DeribitParams parameters)
    {
        DeribitError? error = DeribitParams.FirstError(parameters.RequiredString("currency", out string currency), parameters.RequiredString("label", out string label));
        return error is not null ? (null, error) : (OrderList(_exchange.OrdersWithLabel(label, currency)), null);
    }

    private (JsonNode?, DeribitError?) UserTradesByInstrument(DeribitParams parameters)
    {
        DeribitError? error = DeribitParams.FirstError(
            parameters.RequiredString("instrument_name", out string name),
            parameters.Integer("start_seq", fallback: long.MinValue, out long startSeq),
            parameters.Integer("end_seq", fallback: long.MaxValue, out long endSeq),
            parameters.Integer("count", fallback: 10, out long count),
            parameters.Enumerated("sorting", s_sortings, "default", out string sorting));
        if (error is not null)
        {
            return (null, error);
        }

        if (!_exchange.TryGetInstrument(name, out _))
        {
            return (null, DeribitError.InvalidInstrument);
        }

        IEnumerable<DeribitUserTrade> trades = _exchange.Trades.Where(t => t.Instrument.Name == name && t.TradeSeq >= startSeq && t.TradeSeq <= endSeq);
        return TradePage(trades, count, sorting);
    }

    private (JsonNode?, DeribitError?) UserTradesByCurrency(DeribitParams parameters)
    {
        DeribitError? error = DeribitParams.FirstError(
            parameters.RequiredString("currency", out string currency),
            parameters.Integer("count", fallback: 10, out long count),
            parameters.Enumerated("sorting", s_sortings, "default", out string sorting));
        if (error is not null)
        {
            return (null, error);
        }

        long from = OrdinalOf(parameters.String("start_id"), long.MinValue);
        long to = OrdinalOf(parameters.String("end_id"), long.MaxValue);
        IEnumerable<DeribitUserTrade> trades = _exchange.Trades.Where(t => (currency == "any" || t.Instrument.Currency == currency) && t.Ordinal >= from && t.Ordinal <= to);
        return TradePage(trades, count, sorting);
    }

    private (JsonNode?, DeribitError?) UserTradesByOrder(DeribitParams parameters)
    {
        DeribitError? error = parameters.RequiredString("order_id", out string orderId);
        if (error is not null)
        {
            return (null, error);
        }

        var list = new JsonArray();
        foreach (DeribitUserTrade trade in _exchange.Trades.Where(t => t.OrderId == orderId))
        {
            list.Add(DeribitJson.Trade(trade));
        }

        return (list, null);
    }

    private (JsonNode?, DeribitError?) Position(DeribitParams parameters)
    {
        DeribitError? error = parameters.RequiredString("instrument_name", out string name);
        if (error is not null)
        {
            return (null, error);
        }

        return _exchange.TryGetInstrument(name, out _) ? (DeribitJson.Position(_exchange, _exchange.Position(name)), null) : (null, DeribitError.InvalidInstrument);
    }

    private (JsonNode?, DeribitError?) Positions(DeribitParams parameters)
    {
        string currency = parameters.String("currency") ?? "any";
        var list = new JsonArray();
        foreach (DeribitPosition position in _exchange.Positions(currency == "any" ? null : currency))
        {
            list.Add(DeribitJson.Position(_exchange, position));
        }

        return (list, null);
    }

    private (JsonNode?, DeribitError?) AccountSummary(DeribitParams parameters)
    {
        DeribitError? error = parameters.RequiredString("currency", out string currency);
        if (error is not null)
        {
            return (null, error);
        }

        return _exchange.Currencies.Contains(currency)
            ? (DeribitJson.AccountSummary(_exchange, currency), null)
            : (null, DeribitError.InvalidParams("currency", "must be one of " + string.Join(", ", _exchange.Currencies)));
    }

    private static JsonArray OrderList(IEnumerable<DeribitSimOrder> orders)
    {
        var list = new JsonArray();
        foreach (DeribitSimOrder order in orders)
        {
            list.Add(DeribitJson.Order(order));
        }

        return list;
    }

    /// <summary><c>{"trades": [...], "has_more": ..}</c>: at most <paramref name="count"/> (1..1000), oldest first for asc, newest first otherwise.</summary>
    private static (JsonNode?, DeribitError?) TradePage(IEnumerable<DeribitUserTrade> trades, long count, string sorting)
    {
        if (count is < 1 or > 1000)
        {
            return (null, DeribitError.InvalidParams("count", "must be within 1..1000"));
        }

        List<DeribitUserTrade> ordered = sorting == "asc" ? [.. trades.OrderBy(t => t.Ordinal)] : [.. trades.OrderByDescending(t => t.Ordinal)];
        var list = new JsonArray();
        foreach (DeribitUserTrade trade in ordered.Take((int)count))
        {
            list.Add(DeribitJson.Trade(trade));
        }

        return (new JsonObject { ["trades"] = list, ["has_more"] = ordered.Count > count }, null);
    }

    private long OrdinalOf(string? tradeId, long fallback) =>
        tradeId is null ? fallback : _exchange.Trades.FirstOrDefault(t => t.TradeId == tradeId)?.Ordinal ?? fallback;
}
