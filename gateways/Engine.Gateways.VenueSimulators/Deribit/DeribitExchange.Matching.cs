using System.Globalization;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Side = Engine.Primitives.Side;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// The book side of the account: orders into the matching engine, its events back into orders, positions and
/// balances, and what follows a trade: stops whose trigger price the last price reached become market (or limit)
/// orders, in order id order, until none is due.
/// </summary>
public sealed partial class DeribitExchange
{
    private readonly List<DeribitSimOrder> _changed = [];

    /// <summary>Puts the order's remaining amount into the book as what it is now (limit, or market sweeping the other side).</summary>
    private void Submit(DeribitSimOrder order, long nowMillis)
    {
        DeribitInstrument instrument = order.Instrument;
        (_, MatchingEngine engine) = _books[instrument.Name];
        bool market = order.TradesAsMarket;
        Side side = order.IsBuy ? Side.Buy : Side.Sell;
        if (market && !engine.Book.TryGetBestOrder(side.Opposite(), out _))
        {
            // Nothing to trade against: the market order's whole amount is cancelled.
            Close(order, "cancelled", null, nowMillis);
            return;
        }

        OrderFlags flags = (order.ReduceOnly ? OrderFlags.ReduceOnly : OrderFlags.None) | (order.PostOnly ? OrderFlags.PostOnly : OrderFlags.None);
        var command = new Engine.Model.NewOrder(
            new OrderId(order.Id),
            s_apiAccount,
            side,
            market ? OrderType.Market : OrderType.Limit,
            market ? TimeInForce.Ioc : order.TimeInForce switch { "immediate_or_cancel" => TimeInForce.Ioc, "fill_or_kill" => TimeInForce.Fok, _ => TimeInForce.Gtc },
            new Price(market ? ProtectionUnits(engine, order.IsBuy) : ToUnits(order.Price, instrument.PriceScale)),
            new Quantity(ToUnits(order.Remaining, instrument.AmountScale)),
            flags);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(in command, new Quantity(ToUnits(_positions[instrument.Name].Size, instrument.AmountScale)), ref recorder);
        if (_events.Count > 0 && _events[0].Kind == MatchingEventKind.Rejected)
        {
            // Fill-or-kill that cannot fill, or a triggered reduce-only stop with nothing left to reduce.
            _events.Clear();
            Close(order, "cancelled", null, nowMillis);
            return;
        }

        Apply(instrument, nowMillis);
        MarkChanged(order);
        FlushChanges();
    }

    /// <summary>Applies the recorded matching events to the API account's orders, position and balance, and the last price.</summary>
    private void Apply(DeribitInstrument instrument, long nowMillis)
    {
        for (int i = 0; i < _events.Count; i++)
        {
            MatchingEvent e = _events[i];
            switch (e.Kind)
            {
                case MatchingEventKind.Trade:
                    TradeExecuted trade = e.Trade;
                    decimal price = FromUnits(trade.Price.Units, instrument.PriceScale);
                    decimal amount = FromUnits(trade.Quantity.Units, instrument.AmountScale);
                    _lastPrice[instrument.Name] = price;
                    if (trade.TakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.TakerOrderId.Value], price, amount, isMaker: false, nowMillis);
                    }

                    if (trade.MakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.MakerOrderId.Value], price, amount, isMaker: true, nowMillis);
                    }

                    break;
                case MatchingEventKind.Canceled when e.Canceled.Account == s_apiAccount:
                    DeribitSimOrder order = _orders[e.Canceled.OrderId.Value];
                    if (order.IsOpen)
                    {
                        // An immediate-or-cancel or market remainder, or a reduce-only order capped at the position.
                        order.State = "cancelled";
                        order.LastUpdateTimestamp = nowMillis;
                        MarkChanged(order);
                    }

                    break;
            }
        }

        _events.Clear();
        FlushChanges();
    }

    private void Fill(DeribitSimOrder order, decimal price, decimal amount, bool isMaker, long nowMillis)
    {
        DeribitInstrument instrument = order.Instrument;
        DeribitPosition position = _positions[instrument.Name];
        decimal realized = position.Apply(order.IsBuy ? amount : -amount, price);
        decimal fee = Math.Round(amount / price * (isMaker ? _makerFee : _takerFee), 10, MidpointRounding.ToEven);
        _balances[instrument.Currency] += realized - fee;
        order.FilledAmount += amount;
        order.FilledCoins += amount / price;
        order.State = order.FilledAmount >= order.Amount ? "filled" : "open";
        order.LastUpdateTimestamp = nowMillis;
        long seq = _tradeSeq[instrument.Name] = _tradeSeq.GetValueOrDefault(instrument.Name) + 1;
        long id = _nextTradeId++;
        string tradeId = instrument.Currency == "BTC" ? id.ToString(CultureInfo.InvariantCulture) : $"{instrument.Currency}-{id.ToString(CultureInfo.InvariantCulture)}";
        var userTrade = new DeribitUserTrade(
            tradeId, seq, order.OrderId, instrument, order.Direction, price, amount, isMaker, fee, realized,
            order.TradesAsMarket ? "market" : "limit", order.State, order.Label, order.PostOnly, order.ReduceOnly, price, nowMillis)
        {
            Ordinal = _trades.Count + 1,
        };
        _trades.Add(userTrade);
        TradeExecuted?.Invoke(userTrade);
        MarkChanged(order);
    }

    private void MarkChanged(DeribitSimOrder order)
    {
        if (!_changed.Contains(order))
        {
            _changed.Add(order);
        }
    }

    /// <summary>Publishes each order changed by the last action once, in the order they changed.</summary>
    private void FlushChanges()
    {
        if (_changed.Count == 0)
        {
            return;
        }

        DeribitSimOrder[] changed = [.. _changed];
        _changed.Clear();
        foreach (DeribitSimOrder order in changed)
        {
            Publish(order);
        }
    }

    /// <summary>What follows matching on an instrument: due stops trigger, one at a time, until none is due.</summary>
    private void AfterMatching(DeribitInstrument instrument, long nowMillis)
    {
        for (int round = 0; round < 10_000; round++)
        {
            DeribitSimOrder? due = DueStop(instrument.Name);
            if (due is null)
            {
                return;
            }

            due.Triggered = true;
            due.State = "open";
            due.LastUpdateTimestamp = nowMillis;
            Publish(due);
            Submit(due, nowMillis);
        }
    }

    private DeribitSimOrder? DueStop(string instrument)
    {
        if (!_lastPrice.TryGetValue(instrument, out decimal last))
        {
            return null;
        }

        return _orders.Values
            .Where(o => o.Instrument.Name == instrument && o.IsOpen && o.IsWaitingStop && (o.IsBuy ? last >= o.TriggerPrice : last <= o.TriggerPrice))
            .MinBy(o => o.Id);
    }

    /// <summary>What a market order's margin is judged at: the best price it would take, else the last trade.</summary>
    private decimal MarketReferencePrice(DeribitInstrument instrument, bool buy)
    {
        (_, MatchingEngine engine) = _books[instrument.Name];
        return engine.Book.TryGetBestOrder(buy ? Side.Sell : Side.Buy, out BookOrder best)
            ? FromUnits(best.Price.Units, instrument.PriceScale)
            : _lastPrice.GetValueOrDefault(instrument.Name);
    }

    private static bool WouldTake(MatchingEngine engine, bool buy, decimal price, DeribitInstrument instrument)
    {
        if (!engine.Book.TryGetBestOrder(buy ? Side.Sell : Side.Buy, out BookOrder best))
        {
            return false;
        }

        long units = ToUnits(price, instrument.PriceScale);
        return buy ? units >= best.Price.Units : units <= best.Price.Units;
    }

    /// <summary>A post-only price that would take moves just inside the spread: one tick below the best ask (buy) or above the best bid (sell).</summary>
    private static decimal PostOnlyPrice(MatchingEngine engine, bool buy, DeribitInstrument instrument)
    {
        engine.Book.TryGetBestOrder(buy ? Side.Sell : Side.Buy, out BookOrder best);
        decimal opposite = FromUnits(best.Price.Units, instrument.PriceScale);
        return buy ? opposite - instrument.TickSize : opposite + instrument.TickSize;
    }

    /// <summary>A market order's protection price: it may sweep the whole opposite side.</summary>
    private static long ProtectionUnits(MatchingEngine engine, bool buy)
    {
        if (!buy)
        {
            return 1;
        }

        long worst = 0;
        for (int depth = 0; engine.Book.TryGetLevel(Side.Sell, depth, out BookLevel level); depth++)
        {
            worst = level.Price.Units;
        }

        return worst;
    }
}
