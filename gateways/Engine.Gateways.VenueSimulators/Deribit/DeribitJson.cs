using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>Deribit's JSON objects (order, user trade, position, account summary, instrument) with its field names; numbers as JSON numbers.</summary>
public static class DeribitJson
{
    /// <summary>A number without trailing zeros (50000, 0.00012).</summary>
    public static JsonNode Number(decimal value) => JsonValue.Create(value / 1.000000000000000000000000000000000m)!;

    public static JsonObject Order(DeribitSimOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var json = new JsonObject
        {
            ["web"] = false,
            ["api"] = true,
            ["time_in_force"] = order.TimeInForce,
            ["replaced"] = order.Replaced,
            ["reduce_only"] = order.ReduceOnly,
            ["risk_reducing"] = false,
            ["price"] = order.TradesAsMarket ? JsonValue.Create("market_price") : Number(order.Price),
            ["post_only"] = order.PostOnly,
            ["order_type"] = order.OrderType,
            ["order_state"] = order.State,
            ["order_id"] = order.OrderId,
            ["mmp"] = false,
            ["max_show"] = Number(order.Amount),
            ["last_update_timestamp"] = order.LastUpdateTimestamp,
            ["label"] = order.Label,
            ["is_liquidation"] = false,
            ["instrument_name"] = order.Instrument.Name,
            ["filled_amount"] = Number(order.FilledAmount),
            ["direction"] = order.Direction,
            ["creation_timestamp"] = order.CreationTimestamp,
            ["average_price"] = Number(Math.Round(order.AveragePrice, order.Instrument.PriceScale + 4, MidpointRounding.ToEven)),
            ["amount"] = Number(order.Amount),
            ["contracts"] = Number(order.Amount / order.Instrument.ContractSize),
        };
        if (order.PostOnly)
        {
            json["reject_post_only"] = order.RejectPostOnly;
        }

        if (order.IsStop)
        {
            json["trigger"] = order.Trigger;
            json["trigger_price"] = Number(order.TriggerPrice);
            json["triggered"] = order.Triggered;
        }

        if (order.CancelReason is not null)
        {
            json["cancel_reason"] = order.CancelReason;
        }

        return json;
    }

    public static JsonObject Trade(DeribitUserTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var json = new JsonObject
        {
            ["trade_seq"] = trade.TradeSeq,
            ["trade_id"] = trade.TradeId,
            ["timestamp"] = trade.Timestamp,
            ["tick_direction"] = 0,
            ["state"] = trade.OrderState,
            ["reduce_only"] = trade.ReduceOnly,
            ["price"] = Number(trade.Price),
            ["post_only"] = trade.PostOnly,
            ["order_type"] = trade.OrderType,
            ["order_id"] = trade.OrderId,
            ["matching_id"] = null,
            ["mark_price"] = Number(trade.MarkPrice),
            ["liquidity"] = trade.IsMaker ? "M" : "T",
            ["instrument_name"] = trade.Instrument.Name,
            ["index_price"] = Number(trade.MarkPrice),
            ["fee_currency"] = trade.Instrument.Currency,
            ["fee"] = Number(trade.Fee),
            ["direction"] = trade.Direction,
            ["amount"] = Number(trade.Amount),
            ["contracts"] = Number(trade.Amount / trade.Instrument.ContractSize),
            ["profit_loss"] = Number(trade.ProfitLoss),
            ["api"] = true,
            ["mmp"] = false,
            ["risk_reducing"] = false,
        };
        if (trade.Label.Length > 0)
        {
            json["label"] = trade.Label;
        }

        return json;
    }

    public static JsonObject Position(DeribitExchange exchange, DeribitPosition position)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(position);
        string name = position.Instrument.Name;
        decimal mark = exchange.MarkPrice(name);
        decimal sizeCurrency = mark == 0m ? 0m : Math.Round(position.Size / mark, 10, MidpointRounding.ToEven);
        decimal floating = position.FloatingProfitLoss(mark);
        return new JsonObject
        {
            ["instrument_name"] = name,
            ["kind"] = "future",
            ["direction"] = position.Size > 0m ? "buy" : position.Size < 0m ? "sell" : "zero",
            ["size"] = Number(position.Size),
            ["size_currency"] = Number(sizeCurrency),
            ["average_price"] = Number(Math.Round(position.AveragePrice, position.Instrument.PriceScale + 4, MidpointRounding.ToEven)),
            ["mark_price"] = Number(mark),
            ["index_price"] = Number(mark),
            ["settlement_price"] = Number(mark),
            ["floating_profit_loss"] = Number(floating),
            ["realized_profit_loss"] = Number(position.RealizedProfitLoss),
            ["total_profit_loss"] = Number(floating + position.RealizedProfitLoss),
            ["realized_funding"] = 0,
            ["interest_value"] = 0,
            ["delta"] = Number(sizeCurrency),
            ["leverage"] = (int)(1m / DeribitExchange.InitialMarginRate),
            ["initial_margin"] = Number(Math.Round(exchange.PositionInitialMargin(position), 10, MidpointRounding.ToEven)),
            ["maintenance_margin"] = Number(Math.Round(exchange.PositionMaintenanceMargin(position), 10, MidpointRounding.ToEven)),
            ["open_orders_margin"] = Number(Math.Round(exchange.OpenOrdersMargin(name), 10, MidpointRounding.ToEven)),
            ["estimated_liquidation_price"] = null,
        };
    }

    public static JsonObject AccountSummary(DeribitExchange exchange, string currency)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        static JsonNode Coin(decimal value) => Number(Math.Round(value, 10, MidpointRounding.ToEven));
        decimal floating = exchange.FloatingProfitLoss(currency);
        decimal realized = exchange.SessionRealized(currency);
        decimal available = exchange.AvailableFunds(currency);
        return new JsonObject
        {
            ["currency"] = currency,
            ["balance"] = Coin(exchange.Balance(currency)),
            ["equity"] = Coin(exchange.Equity(currency)),
            ["margin_balance"] = Coin(exchange.Equity(currency)),
            ["available_funds"] = Coin(available),
            ["available_withdrawal_funds"] = Coin(Math.Max(0m, Math.Min(available, exchange.Balance(currency)))),
            ["initial_margin"] = Coin(exchange.InitialMargin(currency)),
            ["maintenance_margin"] = Coin(exchange.MaintenanceMargin(currency)),
            ["projected_initial_margin"] = Coin(exchange.InitialMargin(currency)),
            ["projected_maintenance_margin"] = Coin(exchange.MaintenanceMargin(currency)),
            ["session_rpl"] = Coin(realized),
            ["session_upl"] = Coin(floating),
            ["total_pl"] = Coin(realized + floating),
            ["futures_pl"] = Coin(realized + floating),
            ["futures_session_rpl"] = Coin(realized),
            ["futures_session_upl"] = Coin(floating),
            ["options_pl"] = 0,
            ["options_session_rpl"] = 0,
            ["options_session_upl"] = 0,
            ["options_value"] = 0,
            ["delta_total"] = Coin(exchange.Positions(currency).Sum(p => exchange.MarkPrice(p.Instrument.Name) == 0m ? 0m : p.Size / exchange.MarkPrice(p.Instrument.Name))),
            ["fee_balance"] = 0,
            ["margin_model"] = "segregated_sm",
            ["portfolio_margining_enabled"] = false,
            ["cross_collateral_enabled"] = false,
        };
    }

    public static JsonObject Instrument(DeribitInstrument instrument, int instrumentId, decimal makerFee, decimal takerFee)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return new JsonObject
        {
            ["instrument_name"] = instrument.Name,
            ["instrument_id"] = instrumentId,
            ["kind"] = "future",
            ["instrument_type"] = "reversed",
            ["future_type"] = "reversed",
            ["settlement_period"] = "perpetual",
            ["is_active"] = true,
            ["base_currency"] = instrument.Currency,
            ["quote_currency"] = "USD",
            ["counter_currency"] = "USD",
            ["settlement_currency"] = instrument.Currency,
            ["price_index"] = instrument.Currency.ToLowerInvariant() + "_usd",
            ["tick_size"] = Number(instrument.TickSize),
            ["contract_size"] = Number(instrument.ContractSize),
            ["min_trade_amount"] = Number(instrument.MinTradeAmount),
            ["max_leverage"] = (int)(1m / DeribitExchange.InitialMarginRate),
            ["maker_commission"] = Number(makerFee),
            ["taker_commission"] = Number(takerFee),
            ["creation_timestamp"] = 1_534_242_287_000,
            ["expiration_timestamp"] = 32_503_708_800_000,
            ["rfq"] = false,
        };
    }
}
