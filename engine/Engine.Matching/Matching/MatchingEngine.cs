using System.Runtime.CompilerServices;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// Price-time priority matching for one book (the simulated venue, internal crossing). Limit GTC/IOC/FOK, market
/// with a protection price, post-only, reduce-only (the caller supplies the account's position: matching knows
/// nothing of risk), cancel, cancel-all, amend, self-trade prevention, and tick/lot/minimum validation against the
/// listing's <see cref="TradingRules"/>. Trades print at the resting order's price. Every reject carries a 3xxx
/// <see cref="ResultCode"/>. Events go to a caller-supplied sink, synchronously and in order.
/// Deterministic: no clock, no randomness, no hash-ordered iteration; the same commands give the same events and
/// the same <see cref="StateHash"/>. Single-threaded: owned by the BLP (or the simulated venue's thread).
/// </summary>
public sealed class MatchingEngine
{
    private readonly IL3Book _book;
    private readonly TradingRules _rules;
    private OrderId[] _cancelBuffer = new OrderId[64];
    private long _nextTradeId = 1;

    public MatchingEngine(TradingRules rules, IL3Book book)
    {
        ArgumentNullException.ThrowIfNull(book);
        if (rules.TickSize.Units <= 0 || rules.LotSize.Units <= 0)
        {
            throw new ArgumentException("tick and lot sizes must be positive", nameof(rules));
        }

        _rules = rules;
        _book = book;
    }

    public IL3Book Book => _book;

    public TradingRules Rules => _rules;

    /// <summary>The id the next trade will get (trade ids count from 1 per engine).</summary>
    public TradeId NextTradeId => new(_nextTradeId);

    /// <summary>Submits an order for an account with no position (a reduce-only order is then rejected).</summary>
    public void Submit<TSink>(in NewOrder order, ref TSink sink)
        where TSink : IMatchingEventSink =>
        Submit(in order, Quantity.Zero, ref sink);

    /// <summary>
    /// Submits an order. <paramref name="position"/> is the account's signed position in this instrument (long
    /// positive, short negative); only reduce-only orders look at it: they must trade against the position and are
    /// capped at its size.
    /// </summary>
    public void Submit<TSink>(in NewOrder order, Quantity position, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        ResultCode code = Validate(in order);
        if (code != ResultCode.Ok)
        {
            Reject(order.OrderId, order.Account, code, ref sink);
            return;
        }

        Quantity quantity = order.Quantity;
        if ((order.Flags & OrderFlags.ReduceOnly) != 0)
        {
            long available = order.Side == Side.Buy ? -position.Units : position.Units;
            if (available <= 0)
            {
                Reject(order.OrderId, order.Account, ResultCode.ReduceOnlyWouldIncrease, ref sink);
                return;
            }

            quantity = new Quantity(Math.Min(quantity.Units, available));
        }

        if ((order.Flags & OrderFlags.PostOnly) != 0 && WouldTake(order.Side, order.Price))
        {
            Reject(order.OrderId, order.Account, ResultCode.PostOnlyWouldTake, ref sink);
            return;
        }

        if (order.TimeInForce == TimeInForce.Fok)
        {
            var visitor = new FillableQuantityVisitor(order.Side, order.Price, quantity, order.Account, order.SelfTradePrevention);
            _book.VisitOrders(order.Side.Opposite(), ref visitor);
            if (visitor.Fillable < quantity.Units)
            {
                Reject(order.OrderId, order.Account, ResultCode.FillOrKillNotFillable, ref sink);
                return;
            }
        }

        sink.OnAccepted(new OrderAccepted(order.OrderId, order.Account, order.Side, order.Price, quantity));
        bool rests = order.Type == OrderType.Limit && order.TimeInForce == TimeInForce.Gtc;
        Execute(order.OrderId, order.Account, order.Side, order.Price, quantity, rests, order.SelfTradePrevention, ref sink);
    }

    /// <summary>Cancels one resting order of the account; an order of another account is reported as unknown.</summary>
    public void Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        if (!_book.TryGetOrder(cancel.OrderId, out BookOrder resting) || resting.Owner != cancel.Account)
        {
            Reject(cancel.OrderId, cancel.Account, ResultCode.UnknownOrder, ref sink);
            return;
        }

        _book.Remove(cancel.OrderId, out _);
        sink.OnCanceled(new OrderCanceled(resting.OrderId, resting.Owner, resting.Quantity, CancelReason.Requested));
    }

    /// <summary>Cancels every resting order of the account, bids best first then asks best first; returns how many.</summary>
    public int CancelAll<TSink>(AccountId account, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        var collector = new AccountOrderCollector(account, _cancelBuffer, 0);
        _book.VisitOrders(Side.Buy, ref collector);
        _book.VisitOrders(Side.Sell, ref collector);
        _cancelBuffer = collector.Buffer;
        int count = collector.Count;
        for (int i = 0; i < count; i++)
        {
            _book.Remove(_cancelBuffer[i], out BookOrder removed);
            sink.OnCanceled(new OrderCanceled(removed.OrderId, removed.Owner, removed.Quantity, CancelReason.CancelAll));
        }

        return count;
    }

    /// <summary>
    /// Amends a resting order. Same price and a smaller quantity: reduced in place, queue priority kept. A new price
    /// or a larger quantity: the order leaves its queue and re-enters as a GTC limit at the back of the new level,
    /// trading first if it crosses (post-only amends that would cross are rejected and leave the order untouched).
    /// </summary>
    public void Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        if (!_book.TryGetOrder(amend.OrderId, out BookOrder resting) || resting.Owner != amend.Account)
        {
            Reject(amend.OrderId, amend.Account, ResultCode.UnknownOrder, ref sink);
            return;
        }

        ResultCode code = _rules.Validate(amend.NewPrice, amend.NewQuantity, checkNotional: true);
        if (code == ResultCode.Ok && amend.NewPrice == resting.Price && amend.NewQuantity == resting.Quantity)
        {
            code = ResultCode.AmendNoChange;
        }

        if (code == ResultCode.Ok && (amend.Flags & OrderFlags.PostOnly) != 0 && WouldTake(resting.Side, amend.NewPrice))
        {
            code = ResultCode.PostOnlyWouldTake;
        }

        if (code != ResultCode.Ok)
        {
            Reject(amend.OrderId, amend.Account, code, ref sink);
            return;
        }

        if (amend.NewPrice == resting.Price && amend.NewQuantity < resting.Quantity)
        {
            _book.Reduce(amend.OrderId, amend.NewQuantity);
            sink.OnAmended(new OrderAmended(amend.OrderId, amend.Account, amend.NewPrice, amend.NewQuantity, KeptPriority: true));
            return;
        }

        if (!WouldTake(resting.Side, amend.NewPrice))
        {
            // The usual move: to the back of a level that does not cross. Execute would only rest it again.
            _book.Move(amend.OrderId, amend.NewPrice, amend.NewQuantity);
            sink.OnAmended(new OrderAmended(amend.OrderId, amend.Account, amend.NewPrice, amend.NewQuantity, KeptPriority: false));
            sink.OnRested(new OrderRested(amend.OrderId, amend.Account, resting.Side, amend.NewPrice, amend.NewQuantity));
            return;
        }

        _book.Remove(amend.OrderId, out _);
        sink.OnAmended(new OrderAmended(amend.OrderId, amend.Account, amend.NewPrice, amend.NewQuantity, KeptPriority: false));
        Execute(amend.OrderId, amend.Account, resting.Side, amend.NewPrice, amend.NewQuantity, rests: true, amend.SelfTradePrevention, ref sink);
    }

    /// <summary>
    /// Continues trade ids at <paramref name="next"/>: for an engine whose book was just restored from a snapshot of
    /// one that had already traded (its <see cref="NextTradeId"/>).
    /// </summary>
    public void ContinueTradeIdsAt(TradeId next)
    {
        if (next.Value < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(next), next.Value, "trade ids count from 1");
        }

        _nextTradeId = next.Value;
    }

    /// <summary>The book's hash combined with the engine's own state (the trade id counter).</summary>
    public ulong StateHash()
    {
        StateHasher hasher = StateHasher.Create();
        hasher.Add((long)_book.StateHash());
        hasher.Add(_nextTradeId);
        return hasher.Finish();
    }

    private void Execute<TSink>(
        OrderId orderId,
        AccountId account,
        Side side,
        Price limit,
        Quantity quantity,
        bool rests,
        SelfTradePrevention selfTrade,
        ref TSink sink)
        where TSink : IMatchingEventSink
    {
        Side opposite = side.Opposite();
        long remaining = quantity.Units;
        while (remaining > 0 && _book.TryGetBestOrder(opposite, out BookOrder maker) && side.Crosses(limit, maker.Price))
        {
            if (selfTrade != SelfTradePrevention.None && maker.Owner == account)
            {
                if (selfTrade != SelfTradePrevention.CancelIncoming)
                {
                    _book.Remove(maker.OrderId, out _);
                    sink.OnCanceled(new OrderCanceled(maker.OrderId, maker.Owner, maker.Quantity, CancelReason.SelfTradePrevention));
                }

                if (selfTrade != SelfTradePrevention.CancelResting)
                {
                    sink.OnCanceled(new OrderCanceled(orderId, account, new Quantity(remaining), CancelReason.SelfTradePrevention));
                    return;
                }

                continue;
            }

            long traded = Math.Min(remaining, maker.Quantity.Units);
            remaining -= traded;
            long makerLeft = maker.Quantity.Units - traded;
            if (makerLeft == 0)
            {
                _book.Remove(maker.OrderId, out _);
            }
            else
            {
                _book.Reduce(maker.OrderId, new Quantity(makerLeft));
            }

            sink.OnTrade(new TradeExecuted(
                new TradeId(_nextTradeId++),
                side,
                maker.Price,
                new Quantity(traded),
                orderId,
                account,
                new Quantity(remaining),
                maker.OrderId,
                maker.Owner,
                new Quantity(makerLeft)));
        }

        if (remaining == 0)
        {
            return;
        }

        if (rests)
        {
            _book.Add(new BookOrder(orderId, account, side, limit, new Quantity(remaining)));
            sink.OnRested(new OrderRested(orderId, account, side, limit, new Quantity(remaining)));
        }
        else
        {
            sink.OnCanceled(new OrderCanceled(orderId, account, new Quantity(remaining), CancelReason.Unfilled));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool WouldTake(Side side, Price price) =>
        _book.TryGetBestOrder(side.Opposite(), out BookOrder best) && side.Crosses(price, best.Price);

    private ResultCode Validate(in NewOrder order)
    {
        if (order.Type == OrderType.Market)
        {
            if (order.TimeInForce == TimeInForce.Gtc)
            {
                return ResultCode.InvalidOrderType;
            }

            if (order.Price.Units <= 0)
            {
                return ResultCode.MarketProtectionPriceRequired;
            }
        }
        else if (order.Type != OrderType.Limit || order.TimeInForce > TimeInForce.Fok)
        {
            return ResultCode.InvalidOrderType;
        }

        if ((order.Flags & OrderFlags.PostOnly) != 0 && (order.Type != OrderType.Limit || order.TimeInForce != TimeInForce.Gtc))
        {
            return ResultCode.PostOnlyRequiresLimitGtc;
        }

        // A market order's protection price is a bound, not the price it trades at: no minimum-notional check on it.
        ResultCode code = _rules.Validate(order.Price, order.Quantity, checkNotional: order.Type == OrderType.Limit);
        if (code != ResultCode.Ok)
        {
            return code;
        }

        return _book.TryGetOrder(order.OrderId, out _) ? ResultCode.DuplicateOrderId : ResultCode.Ok;
    }

    private static void Reject<TSink>(OrderId orderId, AccountId account, ResultCode code, ref TSink sink)
        where TSink : IMatchingEventSink =>
        sink.OnRejected(new OrderRejected(orderId, account, code));
}
