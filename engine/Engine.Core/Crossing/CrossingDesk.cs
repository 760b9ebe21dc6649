using System.Runtime.CompilerServices;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Orders on an internal venue (see <see cref="InternalCrossing"/>). They go through the same checks, reservations
/// and order table as venue orders. Instead of a request on egress, each new order, cancel and amend goes into the
/// instrument's internal book, and what the book did reaches the order the way a venue's execution reports would:
/// through the <see cref="ExecutionReportHandler"/>'s fill, close and replace. A trade fills both our orders, each
/// against the internal venue's ledger accounts, so those net to zero. Every change is published as an
/// ExecutionReport (there is no venue to send one).
/// <para>
/// One request at a time: a request runs in its book and all its events are applied before the next request runs.
/// A request made while events are being applied (a strategy requoting on a fill, the daily-loss kill switch a fill
/// trips) waits in a queue, and runs against the order as those events left it: an amend computes its remaining
/// quantity then, a request for an order that is gone by then is dropped. So a book's events are applied in order,
/// no book is re-entered while it matches, and a Rejected event means the refusal of the request that is running.
/// </para>
/// Owned by the BLP thread.
/// </summary>
internal sealed class CrossingDesk
{
    private readonly EngineCounters _counters;
    private readonly RiskEngine _risk;
    private readonly InternalCrossing _crossing;
    private readonly OrderTable _orders;
    private readonly ExecutionReportHandler _executions;
    private readonly StrategyHost _strategies;
    private readonly EgressEncoder _egress;
    private readonly TradedInstruments _traded;
    private CrossRequest[] _requests = new CrossRequest[16];
    private int _requestCount;
    private CrossRequestKind _running;
    private bool _applying;

    public CrossingDesk(EngineCounters counters, RiskEngine risk, InternalCrossing crossing, TradedInstruments traded, OrderTable orders, ExecutionReportHandler executions, StrategyHost strategies, EgressEncoder egress)
    {
        _traded = traded;
        _counters = counters;
        _risk = risk;
        _crossing = crossing;
        _orders = orders;
        _executions = executions;
        _strategies = strategies;
        _egress = egress;
    }

    private enum CrossRequestKind : byte
    {
        New,
        Cancel,
        Amend,
    }

    public void CrossNew(OrderId order) => Request(CrossRequestKind.New, order);

    public void CrossCancel(OrderId order) => Request(CrossRequestKind.Cancel, order);

    public void CrossAmend(OrderId order) => Request(CrossRequestKind.Amend, order);

    private void Request(CrossRequestKind kind, OrderId order)
    {
        if (_requestCount == _requests.Length)
        {
            Array.Resize(ref _requests, _requests.Length * 2);
        }

        _requests[_requestCount++] = new CrossRequest(kind, order);
        if (!_applying)
        {
            RunRequests();
        }
    }

    /// <summary>Runs the queued requests in order, each with all its events applied before the next; requests made meanwhile join the queue.</summary>
    private void RunRequests()
    {
        _applying = true;
        try
        {
            for (int next = 0; next < _requestCount; next++)
            {
                CrossRequest request = _requests[next];
                ref OrderRecord order = ref _orders.Find(request.Order);
                if (Unsafe.IsNullRef(ref order) || !Start(request.Kind, ref order))
                {
                    continue;
                }

                MatchingEventLog events = _crossing.Events;
                for (int i = 0; i < events.Count; i++)
                {
                    Apply(in events[i]);
                }

                events.Clear();
            }
        }
        finally
        {
            _requestCount = 0;
            _applying = false;
        }
    }

    /// <summary>Sends one request into its book (its events are recorded); false when the order no longer needs it.</summary>
    private bool Start(CrossRequestKind kind, ref OrderRecord order)
    {
        _running = kind;
        switch (kind)
        {
            case CrossRequestKind.New:
                var command = new NewOrder(order.Id, order.Account, order.Side, order.Type, order.TimeInForce, order.Price, order.Quantity, order.Flags);
                _crossing.Submit(command, order.Listing, _risk.GetPosition(order.Account, order.Instrument).Quantity);
                return true;
            case CrossRequestKind.Cancel:
                if (order.State != OrderState.PendingCancel)
                {
                    return false;
                }

                _crossing.Cancel(new CancelOrder(order.Id, order.Account), order.Listing);
                return true;
            default:
                if (order.State != OrderState.PendingAmend)
                {
                    // Overtaken (a cancel came after it): drop the amend's extra hold now rather than at the close.
                    _executions.DropPendingReservation(ref order);
                    return false;
                }

                // The remaining quantity as the fills applied since the request left it.
                long leaves = order.PendingQuantity.Units - order.Filled.Units;
                if (leaves <= 0)
                {
                    RefuseAmend(ref order, ResultCode.QuantityNotPositive);
                    return false;
                }

                _crossing.Amend(new AmendOrder(order.Id, order.Account, order.PendingPrice, new Quantity(leaves), order.Flags), order.Listing);
                return true;
        }
    }

    private void RefuseAmend(ref OrderRecord order, ResultCode code)
    {
        _executions.DropPendingReservation(ref order);
        RefuseRequest(ref order, code);
    }

    /// <summary>The book refused a cancel or amend: the order stands, working, and the refusal is reported.</summary>
    private void RefuseRequest(ref OrderRecord order, ResultCode code)
    {
        order.State = OrderState.Working;
        _egress.ExecutionReport(ref order, VenueOf(in order), Sbe.ExecType.Rejected, order.Leaves, Price.Zero, Quantity.Zero, false, code);
        _strategies.Notify(ref order, Quantity.Zero, Price.Zero, code);
    }

    private void Apply(in MatchingEvent matching)
    {
        switch (matching.Kind)
        {
            case MatchingEventKind.Accepted:
                OnAccepted(matching.Accepted.OrderId);
                break;
            case MatchingEventKind.Rejected:
                OnRejected(matching.Rejected);
                break;
            case MatchingEventKind.Trade:
                OnTrade(matching.Trade);
                break;
            case MatchingEventKind.Canceled:
                OnCanceled(matching.Canceled);
                break;
            case MatchingEventKind.Amended:
                OnAmended(matching.Amended.OrderId);
                break;
            default:
                // Rested: the order is working since it was accepted; the book holding it changes nothing here.
                break;
        }
    }

    private void OnAccepted(OrderId id)
    {
        ref OrderRecord order = ref Find(id);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        if (order.State == OrderState.PendingNew)
        {
            order.State = OrderState.Working;
        }

        order.VenueOrderId = id.Value;
        _egress.ExecutionReport(ref order, VenueOf(in order), Sbe.ExecType.New, order.Leaves, Price.Zero, Quantity.Zero, false, ResultCode.Ok);
        _strategies.Notify(ref order, Quantity.Zero, Price.Zero, ResultCode.Ok);
    }

    /// <summary>The book refused the running request.</summary>
    private void OnRejected(in OrderRejected rejected)
    {
        ref OrderRecord order = ref Find(rejected.OrderId);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        ResultCode code = rejected.Code;
        _counters.LastRejectCode = code;
        switch (_running)
        {
            case CrossRequestKind.New:
                _egress.ExecutionReport(ref order, VenueOf(in order), Sbe.ExecType.Rejected, Quantity.Zero, Price.Zero, Quantity.Zero, false, code);
                _executions.CloseOrder(ref order, OrderState.Rejected, code);
                break;
            case CrossRequestKind.Amend:
                // The amend is refused, the order stands.
                RefuseAmend(ref order, code);
                break;
            default:
                RefuseRequest(ref order, code);
                break;
        }
    }

    /// <summary>A trade between two of our orders: the taker's fill first, then the maker's, at the maker's price.</summary>
    private void OnTrade(in TradeExecuted trade)
    {
        Fill(trade.TakerOrderId, trade.Price, trade.Quantity, maker: false, trade.TradeId.Value);
        Fill(trade.MakerOrderId, trade.Price, trade.Quantity, maker: true, trade.TradeId.Value);
    }

    private void Fill(OrderId id, Price price, Quantity quantity, bool maker, long tradeId)
    {
        ref OrderRecord order = ref Find(id);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        var leaves = new Quantity(order.Leaves.Units - quantity.Units);
        _egress.ExecutionReport(ref order, VenueOf(in order), Sbe.ExecType.Trade, leaves, price, quantity, maker, ResultCode.Ok);
        _executions.OnFill(ref order, price, quantity, maker, tradeId);
    }

    private void OnCanceled(in OrderCanceled canceled)
    {
        ref OrderRecord order = ref Find(canceled.OrderId);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        ResultCode code = canceled.Reason == CancelReason.SelfTradePrevention ? ResultCode.SelfTradePrevented : ResultCode.Ok;
        _egress.ExecutionReport(ref order, VenueOf(in order), Sbe.ExecType.Canceled, Quantity.Zero, Price.Zero, Quantity.Zero, false, code);
        _executions.CloseOrder(ref order, OrderState.Canceled, code);
    }

    private void OnAmended(OrderId id)
    {
        ref OrderRecord order = ref Find(id);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        _executions.OnReplaced(ref order);
        _egress.ExecutionReport(ref order, VenueOf(in order), Sbe.ExecType.Replaced, order.Leaves, Price.Zero, Quantity.Zero, false, ResultCode.Ok);
    }

    /// <summary>
    /// The order a book event names. The book and the order table change together, so one the table does not hold is
    /// a bug: it is counted (UnknownExecutionReports) and the event skipped rather than guessed at.
    /// </summary>
    private ref OrderRecord Find(OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order))
        {
            _counters.UnknownExecutionReports++;
        }

        return ref order;
    }

    private VenueId VenueOf(in OrderRecord order) => _traded.GetListing(order.Listing).Venue;

    private readonly record struct CrossRequest(CrossRequestKind Kind, OrderId Order);
}
