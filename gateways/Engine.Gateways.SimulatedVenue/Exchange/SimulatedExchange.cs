using Engine.Gateways.SimulatedVenue.MarketData;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.Exchange;

/// <summary>
/// One instrument of the simulated venue: our own matching engine over an order-by-order book, in which the seeded
/// <see cref="MarketDataGenerator"/>'s participants (all under <see cref="MarketAccount"/>) trade with each other and
/// with the engine's client orders. Client orders queue behind the orders that were at their price first, so their
/// fills reflect their real queue position: a resting client order trades only once the quantity ahead of it has
/// traded or been canceled. Every matching event goes to the caller's sink, in order; the gateway turns client
/// events into execution reports and all book changes into market data.
/// Deterministic for a given seed, rules and client input. Thread ownership: the venue's loop (one thread).
/// </summary>
public sealed class SimulatedExchange
{
    /// <summary>The account of every generated participant; client orders must use another.</summary>
    public static readonly AccountId MarketAccount = new(int.MaxValue);

    private readonly MatchingEngine _engine;
    private readonly MarketDataGenerator _generator;
    private readonly long _firstGeneratedOrderId;
    private OrderFlowEvent _lookahead;
    private bool _hasLookahead;

    public SimulatedExchange(TradingRules rules, MarketDataGeneratorOptions options, ulong seed, long startTimeNanos = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        _generator = new MarketDataGenerator(options, seed, startTimeNanos);
        _engine = new MatchingEngine(rules, new FastL3Book());
        _firstGeneratedOrderId = options.FirstOrderId;
        TimeNanos = startTimeNanos;
    }

    public IL3Book Book => _engine.Book;

    public MarketDataGenerator Generator => _generator;

    /// <summary>Simulated time: everything up to here has been applied.</summary>
    public long TimeNanos { get; private set; }

    /// <summary>Generated actions applied so far.</summary>
    public long GeneratedActions { get; private set; }

    /// <summary>Applies the simulated market's actions up to <paramref name="timeNanos"/> (inclusive).</summary>
    public void AdvanceTo<TSink>(long timeNanos, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        while (true)
        {
            if (!_hasLookahead)
            {
                _lookahead = _generator.Next();
                _hasLookahead = true;
            }

            if (_lookahead.TimeNanos > timeNanos)
            {
                break;
            }

            _hasLookahead = false;
            Apply(in _lookahead, ref sink);
        }

        TimeNanos = Math.Max(TimeNanos, timeNanos);
    }

    /// <summary>The time of the simulated market's next action (drawn now if not yet drawn; drawing changes nothing else).</summary>
    public long NextActionTimeNanos
    {
        get
        {
            if (!_hasLookahead)
            {
                _lookahead = _generator.Next();
                _hasLookahead = true;
            }

            return _lookahead.TimeNanos;
        }
    }

    /// <summary>
    /// Applies the simulated market's next action if it is due by <paramref name="timeNanos"/>; false when it is
    /// not. Lets a caller interleave several instruments' markets in time order, one action at a time.
    /// </summary>
    public bool TryApplyNext<TSink>(long timeNanos, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        if (NextActionTimeNanos > timeNanos)
        {
            return false;
        }

        _hasLookahead = false;
        Apply(in _lookahead, ref sink);
        return true;
    }

    /// <summary>Applies one participant action (the generator's, or a scripted one in tests and replays).</summary>
    public void Apply<TSink>(in OrderFlowEvent flow, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        var tracker = new GeneratedOrderTracker<TSink>(sink, _generator);
        switch (flow.Kind)
        {
            case OrderFlowKind.Limit:
                _engine.Submit(NewOrder.Limit(flow.OrderId, MarketAccount, flow.Side, flow.Price, flow.Quantity), ref tracker);
                break;
            case OrderFlowKind.Market:
                _engine.Submit(NewOrder.Market(flow.OrderId, MarketAccount, flow.Side, flow.Price, flow.Quantity), ref tracker);
                break;
            case OrderFlowKind.Cancel:
                _engine.Cancel(new CancelOrder(flow.OrderId, MarketAccount), ref tracker);
                break;
        }

        sink = tracker.Inner;
        GeneratedActions++;
        TimeNanos = Math.Max(TimeNanos, flow.TimeNanos);
    }

    /// <summary>A client order (from the engine). Its id must lie below the generator's ids.</summary>
    public void Submit<TSink>(in NewOrder order, Quantity position, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        CheckClient(order.OrderId, order.Account);
        var tracker = new GeneratedOrderTracker<TSink>(sink, _generator);
        _engine.Submit(in order, position, ref tracker);
        sink = tracker.Inner;
    }

    public void Cancel<TSink>(in CancelOrder cancel, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        CheckClient(cancel.OrderId, cancel.Account);
        _engine.Cancel(in cancel, ref sink);
    }

    public void Amend<TSink>(in AmendOrder amend, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        CheckClient(amend.OrderId, amend.Account);
        var tracker = new GeneratedOrderTracker<TSink>(sink, _generator);
        _engine.Amend(in amend, ref tracker);
        sink = tracker.Inner;
    }

    /// <summary>Cancels every resting order of a client account (cancel-all, cancel-on-disconnect).</summary>
    public int CancelAll<TSink>(AccountId account, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        CheckClient(OrderId.None, account);
        return _engine.CancelAll(account, ref sink);
    }

    public ulong StateHash() => _engine.StateHash();

    private void CheckClient(OrderId orderId, AccountId account)
    {
        if (account == MarketAccount || account.IsNone)
        {
            throw new ArgumentException($"account {account} is reserved for the simulated market", nameof(account));
        }

        if (orderId.Value >= _firstGeneratedOrderId)
        {
            throw new ArgumentException($"client order id {orderId} collides with the simulated market's ids (from {_firstGeneratedOrderId})", nameof(orderId));
        }
    }

    /// <summary>
    /// Forwards every event and tells the generator when one of its orders left the book (filled, or canceled by
    /// the engine itself), so it never tries to cancel an order that is gone. Carries the caller's sink by value
    /// and hands it back after the call: no allocation, no boxing.
    /// </summary>
    private struct GeneratedOrderTracker<TSink> : IMatchingEventSink
        where TSink : IMatchingEventSink
    {
        public TSink Inner;
        private readonly MarketDataGenerator _generator;

        public GeneratedOrderTracker(TSink inner, MarketDataGenerator generator)
        {
            Inner = inner;
            _generator = generator;
        }

        public void OnAccepted(in OrderAccepted accepted) => Inner.OnAccepted(in accepted);

        public void OnRejected(in OrderRejected rejected)
        {
            if (rejected.Account == MarketAccount)
            {
                _generator.OnOrderGone(rejected.OrderId);
            }

            Inner.OnRejected(in rejected);
        }

        public void OnTrade(in TradeExecuted trade)
        {
            if (trade.MakerAccount == MarketAccount && trade.MakerRemaining.IsZero)
            {
                _generator.OnOrderGone(trade.MakerOrderId);
            }

            if (trade.TakerAccount == MarketAccount && trade.TakerRemaining.IsZero)
            {
                _generator.OnOrderGone(trade.TakerOrderId);
            }

            Inner.OnTrade(in trade);
        }

        public void OnRested(in OrderRested rested) => Inner.OnRested(in rested);

        public void OnCanceled(in OrderCanceled canceled)
        {
            if (canceled.Account == MarketAccount)
            {
                _generator.OnOrderGone(canceled.OrderId);
            }

            Inner.OnCanceled(in canceled);
        }

        public void OnAmended(in OrderAmended amended) => Inner.OnAmended(in amended);
    }
}
