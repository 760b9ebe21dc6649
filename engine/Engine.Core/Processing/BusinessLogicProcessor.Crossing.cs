using System.Runtime.CompilerServices;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Orders on an internal venue (see <see cref="InternalCrossing"/>). They go through the same checks, reservations
/// and order table as venue orders. Instead of a request on egress, each new order, cancel and amend goes into the
/// instrument's internal book, and what the book did reaches the order the way a venue's execution reports would:
/// <see cref="OnFill"/>, <see cref="CloseOrder"/>, <see cref="OnReplaced"/>. A trade fills both our orders, each
/// against the internal venue's ledger accounts, so those net to zero. Every change is published as an
/// ExecutionReport (there is no venue to send one), with execId = input sequence x 2^20 + n.
/// <para>
/// One request at a time: a request runs in its book and all its events are applied before the next request runs.
/// A request made while events are being applied (a strategy requoting on a fill, the daily-loss kill switch a fill
/// trips) waits in a queue, and runs against the order as those events left it: an amend computes its remaining
/// quantity then, a request for an order that is gone by then is dropped. So a book's events are applied in order,
/// no book is re-entered while it matches, and a Rejected event means the refusal of the request that is running.
/// </para>
/// </summary>
public sealed partial class BusinessLogicProcessor
{
    private const long ReportIdsPerInput = 1 << 20;

    private CrossRequest[] _crossRequests = new CrossRequest[16];
    private int _crossRequestCount;
    private CrossRequestKind _runningRequest;
    private bool _applyingCrossing;

    // ExecutionReports published for the current input (execIds are numbered within it); reset by Process.
    private long _reportsThisInput;

    private enum CrossRequestKind : byte
    {
        New,
        Cancel,
        Amend,
    }

    /// <summary>The internal crossing book of an instrument traded on an internal venue (status and tests; do not modify it).</summary>
    public IL3Book InternalBook(InstrumentId instrument) => _crossing.BookOf(instrument);

    private void CrossNew(OrderId order) => RequestCross(CrossRequestKind.New, order);

    private void CrossCancel(OrderId order) => RequestCross(CrossRequestKind.Cancel, order);

    private void CrossAmend(OrderId order) => RequestCross(CrossRequestKind.Amend, order);

    private void RequestCross(CrossRequestKind kind, OrderId order)
    {
        if (_crossRequestCount == _crossRequests.Length)
        {
            Array.Resize(ref _crossRequests, _crossRequests.Length * 2);
        }

        _crossRequests[_crossRequestCount++] = new CrossRequest(kind, order);
        if (!_applyingCrossing)
        {
            RunCrossRequests();
        }
    }

    /// <summary>Runs the queued requests in order, each with all its events applied before the next; requests made meanwhile join the queue.</summary>
    private void RunCrossRequests()
    {
        _applyingCrossing = true;
        try
        {
            for (int next = 0; next < _crossRequestCount; next++)
            {
                CrossRequest request = _crossRequests[next];
                ref OrderRecord order = ref _orders.Find(request.Order);
                if (Unsafe.IsNullRef(ref order) || !StartCrossRequest(request.Kind, ref order))
                {
                    continue;
                }

                MatchingEventLog events = _crossing.Events;
                for (int i = 0; i < events.Count; i++)
                {
                    ApplyCrossingEvent(in events[i]);
                }

                events.Clear();
            }
        }
        finally
        {
            _crossRequestCount = 0;
            _applyingCrossing = false;
        }
    }

    /// <summary>Sends one request into its book (its events are recorded); false when the order no longer needs it.</summary>
    private bool StartCrossRequest(CrossRequestKind kind, ref OrderRecord order)
    {
        _runningRequest = kind;
        switch (kind)
        {
            case CrossRequestKind.New:
                var command = new NewOrder(order.Id, order.Account, order.Side, order.Type, order.TimeInForce, order.Price, order.Quantity, order.Flags);
                _crossing.Submit(command, order.Instrument, _risk.GetPosition(order.Account, order.Instrument).Quantity);
                return true;
            case CrossRequestKind.Cancel:
                if (order.State != OrderState.PendingCancel)
                {
                    return false;
                }

                _crossing.Cancel(new CancelOrder(order.Id, order.Account), order.Instrument);
                return true;
            default:
                if (order.State != OrderState.PendingAmend)
                {
                    // Overtaken (a cancel came after it): drop the amend's extra hold now rather than at the close.
                    DropPendingReservation(ref order);
                    return false;
                }

                // The remaining quantity as the fills applied since the request left it.
                long leaves = order.PendingQuantity.Units - order.Filled.Units;
                if (leaves <= 0)
                {
                    RefuseAmend(ref order, (int)ResultCode.QuantityNotPositive);
                    return false;
                }

                _crossing.Amend(new AmendOrder(order.Id, order.Account, order.PendingPrice, new Quantity(leaves), order.Flags), order.Instrument);
                return true;
        }
    }

    private void RefuseAmend(ref OrderRecord order, int code)
    {
        DropPendingReservation(ref order);
        RefuseRequest(ref order, code);
    }

    /// <summary>The book refused a cancel or amend: the order stands, working, and the refusal is reported.</summary>
    private void RefuseRequest(ref OrderRecord order, int code)
    {
        order.State = OrderState.Working;
        PublishCrossReport(ref order, Sbe.ExecType.Rejected, order.Leaves, Price.Zero, Quantity.Zero, false, ToWireReason(code));
        Notify(ref order, Quantity.Zero, Price.Zero, code);
    }

    private void ApplyCrossingEvent(in MatchingEvent matching)
    {
        switch (matching.Kind)
        {
            case MatchingEventKind.Accepted:
                OnCrossAccepted(matching.Accepted.OrderId);
                break;
            case MatchingEventKind.Rejected:
                OnCrossRejected(matching.Rejected);
                break;
            case MatchingEventKind.Trade:
                OnCrossTrade(matching.Trade);
                break;
            case MatchingEventKind.Canceled:
                OnCrossCanceled(matching.Canceled);
                break;
            case MatchingEventKind.Amended:
                OnCrossAmended(matching.Amended.OrderId);
                break;
            default:
                // Rested: the order is working since it was accepted; the book holding it changes nothing here.
                break;
        }
    }

    private void OnCrossAccepted(OrderId id)
    {
        ref OrderRecord order = ref FindCrossed(id);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        if (order.State == OrderState.PendingNew)
        {
            order.State = OrderState.Working;
        }

        order.VenueOrderId = id.Value;
        PublishCrossReport(ref order, Sbe.ExecType.New, order.Leaves, Price.Zero, Quantity.Zero, false, Sbe.RejectReason.NullValue);
        Notify(ref order, Quantity.Zero, Price.Zero, 0);
    }

    /// <summary>The book refused the running request.</summary>
    private void OnCrossRejected(in OrderRejected rejected)
    {
        ref OrderRecord order = ref FindCrossed(rejected.OrderId);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        int code = (int)rejected.Code;
        _counters.LastRejectCode = code;
        switch (_runningRequest)
        {
            case CrossRequestKind.New:
                PublishCrossReport(ref order, Sbe.ExecType.Rejected, Quantity.Zero, Price.Zero, Quantity.Zero, false, ToWireReason(code));
                CloseOrder(ref order, OrderState.Rejected, code);
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
    private void OnCrossTrade(in TradeExecuted trade)
    {
        CrossFill(trade.TakerOrderId, trade.Price, trade.Quantity, maker: false, trade.TradeId.Value);
        CrossFill(trade.MakerOrderId, trade.Price, trade.Quantity, maker: true, trade.TradeId.Value);
    }

    private void CrossFill(OrderId id, Price price, Quantity quantity, bool maker, long tradeId)
    {
        ref OrderRecord order = ref FindCrossed(id);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        var leaves = new Quantity(order.Leaves.Units - quantity.Units);
        PublishCrossReport(ref order, Sbe.ExecType.Trade, leaves, price, quantity, maker, Sbe.RejectReason.NullValue);
        OnFill(ref order, price, quantity, maker, tradeId);
    }

    private void OnCrossCanceled(in OrderCanceled canceled)
    {
        ref OrderRecord order = ref FindCrossed(canceled.OrderId);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        int code = canceled.Reason == CancelReason.SelfTradePrevention ? (int)ResultCode.SelfTradePrevented : 0;
        PublishCrossReport(ref order, Sbe.ExecType.Canceled, Quantity.Zero, Price.Zero, Quantity.Zero, false, code == 0 ? Sbe.RejectReason.NullValue : ToWireReason(code));
        CloseOrder(ref order, OrderState.Canceled, code);
    }

    private void OnCrossAmended(OrderId id)
    {
        ref OrderRecord order = ref FindCrossed(id);
        if (Unsafe.IsNullRef(ref order))
        {
            return;
        }

        OnReplaced(ref order);
        PublishCrossReport(ref order, Sbe.ExecType.Replaced, order.Leaves, Price.Zero, Quantity.Zero, false, Sbe.RejectReason.NullValue);
    }

    /// <summary>
    /// The order a book event names. The book and the order table change together, so one the table does not hold is
    /// a bug: it is counted (UnknownExecutionReports) and the event skipped rather than guessed at.
    /// </summary>
    private ref OrderRecord FindCrossed(OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order))
        {
            _counters.UnknownExecutionReports++;
        }

        return ref order;
    }

    /// <summary>
    /// An ExecutionReport of an internal order: its state after the change, with the leaves given. A fill is
    /// reported before it is applied, so its quantity counts towards the cumulative one here.
    /// </summary>
    private void PublishCrossReport(ref OrderRecord order, Sbe.ExecType type, Quantity leaves, Price lastPrice, Quantity lastQuantity, bool maker, Sbe.RejectReason reason)
    {
        long cumulative = order.Filled.Units + lastQuantity.Units;

        var report = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(_outputBuffer, 0);
        report.OrderId = (ulong)order.Id.Value;
        report.ClientOrderId = (ulong)order.Id.Value;
        report.OrigClientOrderId = (ulong)order.Id.Value;
        report.AccountId = (ulong)order.Account.Value;
        report.ExecId = (ulong)((_sequence * ReportIdsPerInput) + ++_reportsThisInput);
        report.Price.SetMantissa(order.Type == OrderType.Market ? Sbe.PriceOptionalEncoder.MantissaNullValue : order.Price.Units);
        report.Quantity.SetMantissa(order.Quantity.Units);
        report.LeavesQuantity.SetMantissa(leaves.Units);
        report.CumulativeQuantity.SetMantissa(cumulative);
        report.LastPrice.SetMantissa(lastQuantity.Units > 0 ? lastPrice.Units : Sbe.PriceOptionalEncoder.MantissaNullValue);
        report.LastQuantity.SetMantissa(lastQuantity.Units);
        report.TransactTime = _inputTime;
        report.InstrumentId = (uint)order.Instrument.Value;
        report.StrategyId = (uint)order.Strategy.Value;
        report.RejectReason = reason;
        report.ExecType = type;
        report.OrderStatus = CrossStatus(type, leaves, cumulative);
        report.Side = WireConversions.ToWire(order.Side);
        report.OrderType = WireConversions.ToWire(order.Type);
        report.TimeInForce = WireConversions.ToWire(order.TimeInForce);
        report.Flags = WireConversions.ToWire(order.Flags);
        report.IsMaker = maker ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        _output.Publish(Sbe.ExecutionReportEncoder.TemplateId, _outputBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + report.EncodedLength));
    }

    private readonly record struct CrossRequest(CrossRequestKind Kind, OrderId Order);

    private static Sbe.OrderStatus CrossStatus(Sbe.ExecType type, Quantity leaves, long cumulative) => type switch
    {
        Sbe.ExecType.Canceled => Sbe.OrderStatus.Canceled,
        Sbe.ExecType.Rejected when leaves.Units == 0 => Sbe.OrderStatus.Rejected,
        _ when leaves.Units == 0 => Sbe.OrderStatus.Filled,
        _ when cumulative > 0 => Sbe.OrderStatus.PartiallyFilled,
        _ => Sbe.OrderStatus.New,
    };
}
