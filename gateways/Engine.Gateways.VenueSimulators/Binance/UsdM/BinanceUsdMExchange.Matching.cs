using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Side = Engine.Primitives.Side;

namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// The book side of the USD-M account: orders into the matching engine, its events back into orders, positions and
/// the wallet, and what follows a trade: remainders that left the book expire, reduce-only orders that no longer
/// reduce are knocked out, and stops whose price the last trade reached trigger (in order id order, until none is due).
/// </summary>
public sealed partial class BinanceUsdMExchange
{
    /// <summary>
    /// Changes a resting LIMIT order's price and total quantity (<c>PUT /fapi/v1/order</c>): same price and a smaller
    /// quantity keeps its place in the queue, anything else goes to the back and may trade. As Binance documents, a new
    /// quantity at or below what already filled, or a post-only (GTX) price that would trade, cancels the order.
    /// </summary>
    public BinanceError? Modify(BinanceSignedRequest request, long nowMillis, out BinanceUsdMOrder? modified)
    {
        ArgumentNullException.ThrowIfNull(request);
        modified = null;
        if (request["symbol"] is not string symbolName)
        {
            return BinanceError.Mandatory("symbol");
        }

        if (!TryGetSymbol(symbolName, out BinanceSymbol symbol))
        {
            return BinanceError.InvalidSymbol;
        }

        long? orderId = long.TryParse(request["orderId"], out long id) ? id : null;
        string? clientOrderId = request["origClientOrderId"];
        if (orderId is null && clientOrderId is null)
        {
            return new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
        }

        string side = request["side"] ?? string.Empty;
        if (side.Length == 0)
        {
            return BinanceError.Mandatory("side");
        }

        BinanceError? error = ReadPrice(request, "price", symbol, out decimal price);
        decimal quantity = 0m;
        error ??= ReadQuantity(request, symbol, out quantity);
        if (error is not null)
        {
            return error;
        }

        BinanceUsdMOrder? order = Find(symbolName, orderId, clientOrderId);
        if (order is null || !order.IsOpen)
        {
            return BinanceError.NoSuchOrder;
        }

        if (order.Type != "LIMIT")
        {
            return new BinanceError(400, -1014, "Unsupported order combination.");
        }

        if (side != order.Side)
        {
            return BinanceError.InvalidSide;
        }

        if (price == order.Price && quantity == order.OrigQty)
        {
            return BinanceUsdMErrors.NoNeedToModify;
        }

        modified = order;
        (_, MatchingEngine engine) = _books[symbolName];
        bool postOnly = order.TimeInForce == "GTX";
        if (quantity <= order.ExecutedQty || (postOnly && WouldTake(engine, order.IsBuy, price, symbol)))
        {
            Cancel(order, nowMillis);
            return null;
        }

        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Amend(new AmendOrder(new OrderId(order.OrderId), s_apiAccount, new Price(ToUnits(price, symbol.PriceScale)), new Quantity(ToUnits(quantity - order.ExecutedQty, symbol.QuantityScale)), postOnly ? OrderFlags.PostOnly : OrderFlags.None), ref recorder);
        if (_events.Count > 0 && _events[0].Kind == MatchingEventKind.Rejected)
        {
            modified = null;
            return _events[0].Rejected.Code == ResultCode.AmendNoChange ? BinanceUsdMErrors.NoNeedToModify : BinanceError.NoSuchOrder;
        }

        order.Price = price;
        order.OrigQty = quantity;
        order.UpdateTime = nowMillis;
        Publish(order, "AMENDMENT", null);
        Apply(symbol, nowMillis);
        AfterMatching(symbol, nowMillis);
        return null;
    }

    /// <summary>Puts the order's remaining quantity into the book as what it is now (LIMIT, or MARKET with a protection price sweeping the other side).</summary>
    private BinanceError? Submit(BinanceUsdMOrder order, long nowMillis, bool publishNew)
    {
        BinanceSymbol symbol = order.Symbol;
        (_, MatchingEngine engine) = _books[symbol.Name];
        bool market = order.ExecutionType == "MARKET";
        Side side = order.IsBuy ? Side.Buy : Side.Sell;
        OrderFlags flags = (order.ReduceOnly || order.ClosePosition ? OrderFlags.ReduceOnly : OrderFlags.None)
            | (order.TimeInForce == "GTX" ? OrderFlags.PostOnly : OrderFlags.None);
        var command = new Engine.Model.NewOrder(
            new OrderId(order.OrderId),
            s_apiAccount,
            side,
            market ? OrderType.Market : OrderType.Limit,
            market ? TimeInForce.Ioc : order.TimeInForce switch { "IOC" => TimeInForce.Ioc, "FOK" => TimeInForce.Fok, _ => TimeInForce.Gtc },
            new Price(market ? ProtectionUnits(engine, order.IsBuy) : ToUnits(order.Price, symbol.PriceScale)),
            new Quantity(ToUnits(order.Remaining, symbol.QuantityScale)),
            flags);
        if (market && !engine.Book.TryGetBestOrder(side.Opposite(), out _))
        {
            // Nothing to trade against: Binance expires the market order's whole quantity.
            if (publishNew)
            {
                Publish(order, "NEW", null);
            }

            Close(order, "EXPIRED", expireReason: 9, nowMillis);
            return null;
        }

        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(in command, new Quantity(ToUnits(_positions[symbol.Name].Amount, symbol.QuantityScale)), ref recorder);
        if (_events.Count > 0 && _events[0].Kind == MatchingEventKind.Rejected)
        {
            return _events[0].Rejected.Code switch
            {
                ResultCode.PostOnlyWouldTake => BinanceUsdMErrors.PostOnlyRejected,
                ResultCode.FillOrKillNotFillable => BinanceUsdMErrors.FillOrKillRejected,
                ResultCode.ReduceOnlyWouldIncrease => BinanceUsdMErrors.ReduceOnlyRejected,
                ResultCode code => new BinanceError(400, -1013, $"The matching engine refused the order: {code}."),
            };
        }

        if (publishNew)
        {
            Publish(order, "NEW", null);
        }

        Apply(symbol, nowMillis);
        return null;
    }

    /// <summary>Applies the recorded matching events to the API account's orders, positions and wallet, and the last price.</summary>
    private void Apply(BinanceSymbol symbol, long nowMillis)
    {
        for (int i = 0; i < _events.Count; i++)
        {
            MatchingEvent e = _events[i];
            switch (e.Kind)
            {
                case MatchingEventKind.Trade:
                    TradeExecuted trade = e.Trade;
                    long tradeId = _nextTradeId++;
                    decimal price = FromUnits(trade.Price.Units, symbol.PriceScale);
                    decimal quantity = FromUnits(trade.Quantity.Units, symbol.QuantityScale);
                    _lastPrice[symbol.Name] = price;
                    if (trade.TakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.TakerOrderId.Value], tradeId, price, quantity, isMaker: false, nowMillis);
                    }

                    if (trade.MakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.MakerOrderId.Value], tradeId, price, quantity, isMaker: true, nowMillis);
                    }

                    break;
                case MatchingEventKind.Canceled when e.Canceled.Account == s_apiAccount:
                    BinanceUsdMOrder order = _orders[e.Canceled.OrderId.Value];
                    if (order.IsOpen)
                    {
                        bool unfilled = e.Canceled.Reason == CancelReason.Unfilled;
                        Close(order, unfilled ? "EXPIRED" : "CANCELED", unfilled ? (order.ExecutionType == "MARKET" ? 9 : 2) : 0, nowMillis);
                    }

                    break;
            }
        }

        _events.Clear();
    }

    private void Fill(BinanceUsdMOrder order, long tradeId, decimal price, decimal quantity, bool isMaker, long nowMillis)
    {
        BinanceUsdMPosition position = _positions[order.Symbol.Name];
        decimal realized = position.Apply(order.IsBuy ? quantity : -quantity, price);
        decimal commission = price * quantity * (isMaker ? _makerCommission : _takerCommission);
        WalletBalance += realized - commission;
        position.UpdateTime = nowMillis;
        order.ExecutedQty += quantity;
        order.CumQuote += price * quantity;
        order.RealizedProfit += realized;
        order.Status = order.ExecutedQty >= order.OrigQty ? "FILLED" : "PARTIALLY_FILLED";
        order.UpdateTime = nowMillis;
        var fill = new BinanceUsdMFill(tradeId, order.OrderId, order.Symbol.Name, order.IsBuy, isMaker, price, quantity, commission, MarginAsset, realized, nowMillis);
        _fills.Add(fill);
        Publish(order, "TRADE", fill);
        AccountChanged?.Invoke(position);
    }

    /// <summary>What follows matching on a symbol: orphaned remainders expire, reduce-only orders that no longer reduce are knocked out, due stops trigger.</summary>
    private void AfterMatching(BinanceSymbol symbol, long nowMillis)
    {
        for (int round = 0; round < 10_000; round++)
        {
            ExpireOrphans(symbol, nowMillis);
            BinanceUsdMOrder? due = DueStop(symbol.Name);
            if (due is null)
            {
                return;
            }

            Trigger(due, nowMillis);
        }
    }

    private void ExpireOrphans(BinanceSymbol symbol, long nowMillis)
    {
        (_, MatchingEngine engine) = _books[symbol.Name];
        BinanceUsdMPosition position = _positions[symbol.Name];
        foreach (BinanceUsdMOrder order in OpenOrders(symbol.Name).Where(o => !o.IsWaitingStop).ToList())
        {
            bool inBook = engine.Book.TryGetOrder(new OrderId(order.OrderId), out _);
            if (!inBook)
            {
                // A reduce-only order capped at the position, or an IOC/MARKET remainder: Binance expires it.
                Expire(order, order.ReduceOnly || order.ClosePosition ? 4 : order.ExecutionType == "MARKET" ? 9 : 2, nowMillis);
            }
            else if ((order.ReduceOnly || order.ClosePosition) && !Reduces(position, order.IsBuy))
            {
                Expire(order, expireReason: 4, nowMillis);
            }
        }
    }

    private BinanceUsdMOrder? DueStop(string symbol)
    {
        if (!_lastPrice.TryGetValue(symbol, out decimal last))
        {
            return null;
        }

        return _orders.Values
            .Where(o => o.Symbol.Name == symbol && o.IsOpen && o.IsWaitingStop && (o.IsBuy ? last >= o.StopPrice : last <= o.StopPrice))
            .MinBy(o => o.OrderId);
    }

    /// <summary>
    /// A stop reached: it becomes a MARKET (STOP_MARKET) or LIMIT (STOP) order under the same ids, reported NEW with
    /// its new type (and <c>ot</c> the original). A closePosition stop takes the whole position then, and expires when
    /// there is nothing left to close.
    /// </summary>
    private void Trigger(BinanceUsdMOrder order, long nowMillis)
    {
        order.Triggered = true;
        order.UpdateTime = nowMillis;
        if (order.ClosePosition)
        {
            BinanceUsdMPosition position = _positions[order.Symbol.Name];
            if (!Reduces(position, order.IsBuy))
            {
                Close(order, "EXPIRED", expireReason: 4, nowMillis);
                return;
            }

            order.OrigQty = Math.Abs(position.Amount);
        }

        Publish(order, "NEW", null);
        BinanceError? error = Submit(order, nowMillis, publishNew: false);
        if (error is not null && order.IsOpen)
        {
            Close(order, "EXPIRED", expireReason: 0, nowMillis);
        }
    }

    /// <summary>What a MARKET order's notional and margin are judged at: the best price it would take, else the last trade.</summary>
    private decimal MarketReferencePrice(BinanceSymbol symbol, bool buy)
    {
        (_, MatchingEngine engine) = _books[symbol.Name];
        return engine.Book.TryGetBestOrder(buy ? Side.Sell : Side.Buy, out BookOrder best)
            ? FromUnits(best.Price.Units, symbol.PriceScale)
            : _lastPrice.GetValueOrDefault(symbol.Name);
    }

    private static bool WouldTake(MatchingEngine engine, bool buy, decimal price, BinanceSymbol symbol)
    {
        if (!engine.Book.TryGetBestOrder(buy ? Side.Sell : Side.Buy, out BookOrder best))
        {
            return false;
        }

        long units = ToUnits(price, symbol.PriceScale);
        return buy ? units >= best.Price.Units : units <= best.Price.Units;
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
