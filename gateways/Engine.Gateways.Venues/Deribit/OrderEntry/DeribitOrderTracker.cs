using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>
/// What the adapter knows of the engine's orders at Deribit, and the execution reports it owes the engine. The
/// socket's threads learn things (answers, <c>user.orders</c> / <c>user.trades</c> notifications, label queries and
/// reconciliation); each change goes through one of these methods under one lock, so a fact that arrives twice (a
/// fill in the answer and in the notification, a cancel in its answer and in <c>user.orders</c>) is reported once:
/// fills by (order, Deribit trade id), terminal states by the order being closed. Execution ids: a fill's is the
/// number in Deribit's trade id; other reports take numbers from 2^62 up, so the two never meet. The encoded reports
/// and alerts are <see cref="EngineExecutionReport"/> and <see cref="EngineVenueAlert"/>, shared with Binance's adapter.
/// </summary>
internal sealed class DeribitOrderTracker
{
    private const ulong FirstOwnExecId = 1UL << 62;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, DeribitTrackedOrder> _byEngineId = [];
    private readonly HashSet<(ulong Order, string Trade)> _fills = [];
    private readonly Queue<EngineExecutionReport> _outbox = new();
    private readonly Queue<EngineVenueAlert> _alerts = new();
    private readonly Dictionary<string, long> _positionChange = new(StringComparer.Ordinal);
    private ulong _lastExecId = FirstOwnExecId;

    public long FillsReported { get; private set; }

    public long DuplicateFills { get; private set; }

    /// <summary>The engine account of the last order carried: the one a break is reported against (0 before the first order).</summary>
    public ulong LastAccount { get; private set; }

    public void Track(DeribitTrackedOrder order)
    {
        lock (_gate)
        {
            _byEngineId[order.EngineOrderId] = order;
            LastAccount = order.Account;
        }
    }

    public DeribitTrackedOrder? Find(ulong engineOrderId)
    {
        lock (_gate)
        {
            return _byEngineId.GetValueOrDefault(engineOrderId);
        }
    }

    /// <summary>What the fills reported so far moved an instrument's position by (buys positive, in the listing's quantity units).</summary>
    public long PositionChange(string venueSymbol)
    {
        lock (_gate)
        {
            return _positionChange.GetValueOrDefault(venueSymbol);
        }
    }

    /// <summary>The orders not closed, at this moment, oldest first.</summary>
    public List<DeribitTrackedOrder> OpenOrders()
    {
        lock (_gate)
        {
            List<DeribitTrackedOrder> open = [.. _byEngineId.Values.Where(o => o.IsOpen)];
            open.Sort(static (a, b) => a.EngineOrderId.CompareTo(b.EngineOrderId));
            return open;
        }
    }

    public void Alert(EngineVenueAlert alert)
    {
        lock (_gate)
        {
            _alerts.Enqueue(alert);
        }
    }

    public void SetVenueOrderId(DeribitTrackedOrder order, string? venueOrderId)
    {
        lock (_gate)
        {
            if (!string.IsNullOrEmpty(venueOrderId))
            {
                order.VenueOrderId = venueOrderId;
            }
        }
    }

    /// <summary>Deribit has the order (an answer, a query or a notification): PendingNew or PendingUnknown becomes Working, and the engine hears New once.</summary>
    public void OnAccepted(DeribitTrackedOrder order, string? venueOrderId, long timeMillis)
    {
        lock (_gate)
        {
            SetVenueOrderId(order, venueOrderId);
            if (order.State is DeribitTrackedOrderState.PendingNew or DeribitTrackedOrderState.PendingUnknown)
            {
                order.State = DeribitTrackedOrderState.Working;
                Queue(order, order.EngineOrderId, Sbe.ExecType.New, Sbe.OrderStatus.New, timeMillis, ResultCode.Ok);
            }
        }
    }

    /// <summary>One fill; false when this (order, trade) was reported already.</summary>
    public bool OnFill(DeribitTrackedOrder order, string tradeId, long price, long quantity, bool isMaker, long timeMillis)
    {
        lock (_gate)
        {
            if (!order.IsOpen && order.Cumulative >= order.Quantity || !_fills.Add((order.EngineOrderId, tradeId)))
            {
                DuplicateFills++;
                return false;
            }

            if (order.State is DeribitTrackedOrderState.PendingNew or DeribitTrackedOrderState.PendingUnknown)
            {
                // A fill proves Deribit has it; the fill itself tells the engine.
                order.State = DeribitTrackedOrderState.Working;
            }

            order.Cumulative += quantity;
            bool filled = order.Cumulative >= order.Quantity;
            EngineExecutionReport report = Report(order, order.EngineOrderId, Sbe.ExecType.Trade, filled ? Sbe.OrderStatus.Filled : Sbe.OrderStatus.PartiallyFilled, timeMillis, ResultCode.Ok);
            report.ExecId = ExecIdOf(tradeId);
            report.LastPrice = price;
            report.LastQuantity = quantity;
            report.IsMaker = isMaker;
            Enqueue(report);
            FillsReported++;
            string symbol = order.Instrument.VenueSymbol;
            _positionChange[symbol] = _positionChange.GetValueOrDefault(symbol) + (order.Side == Sbe.Side.Buy ? quantity : -quantity);
            if (filled)
            {
                Close(order);
            }

            return true;
        }
    }

    /// <summary>Cancelled at Deribit (by a request, cancel-on-disconnect, an unfilled immediate-or-cancel rest); reported once, under the cancel request when there was one.</summary>
    public void OnCanceled(DeribitTrackedOrder order, long timeMillis, string? text = null)
    {
        lock (_gate)
        {
            if (order.State == DeribitTrackedOrderState.Closed)
            {
                return;
            }

            Close(order);
            ulong requestId = order.CancelRequestId != 0 ? order.CancelRequestId : order.EngineOrderId;
            Queue(order, requestId, Sbe.ExecType.Canceled, Sbe.OrderStatus.Canceled, timeMillis, ResultCode.Ok, text);
        }
    }

    /// <summary>The order itself was refused (or Deribit says it never had it): closed, reported once with <paramref name="reason"/>.</summary>
    public void OnRejected(DeribitTrackedOrder order, ResultCode reason, long timeMillis, string? text)
    {
        lock (_gate)
        {
            if (order.State == DeribitTrackedOrderState.Closed)
            {
                return;
            }

            Close(order);
            Queue(order, order.EngineOrderId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, timeMillis, reason, text);
        }
    }

    /// <summary>A request about a working order was refused (a cancel, an amend): Rejected with the order's own status, so the engine keeps it.</summary>
    public void OnRequestRefused(DeribitTrackedOrder order, ulong requestId, ResultCode reason, long timeMillis, string? text)
    {
        lock (_gate)
        {
            if (order.AmendRequestId == requestId)
            {
                order.AmendRequestId = 0;
            }

            Sbe.OrderStatus status = order.Cumulative > 0 ? Sbe.OrderStatus.PartiallyFilled : Sbe.OrderStatus.New;
            Queue(order, requestId, Sbe.ExecType.Rejected, status, timeMillis, reason, text);
        }
    }

    /// <summary>Starts an amend; false when another is in flight (the engine hears it refused).</summary>
    public bool BeginAmend(DeribitTrackedOrder order, ulong requestId, long price, long quantity)
    {
        lock (_gate)
        {
            if (order.AmendRequestId != 0 || !order.IsOpen)
            {
                return false;
            }

            order.AmendRequestId = requestId;
            order.AmendPrice = price;
            order.AmendQuantity = quantity;
            return true;
        }
    }

    /// <summary>Deribit shows the order with the amend's price and amount: the engine hears Replaced once.</summary>
    public void OnReplaced(DeribitTrackedOrder order, long price, long quantity, long timeMillis)
    {
        lock (_gate)
        {
            if (order.AmendRequestId == 0 || !order.IsOpen || price != order.AmendPrice || quantity != order.AmendQuantity)
            {
                return;
            }

            ulong requestId = order.AmendRequestId;
            order.AmendRequestId = 0;
            order.Price = price;
            order.Quantity = quantity;
            Queue(order, requestId, Sbe.ExecType.Replaced, order.Cumulative > 0 ? Sbe.OrderStatus.PartiallyFilled : Sbe.OrderStatus.New, timeMillis, ResultCode.Ok);
        }
    }

    public void MarkUnknown(DeribitTrackedOrder order)
    {
        lock (_gate)
        {
            if (order.State == DeribitTrackedOrderState.PendingNew)
            {
                order.State = DeribitTrackedOrderState.PendingUnknown;
            }
        }
    }

    /// <summary>Forgets orders closed more than <paramref name="retentionMillis"/> ago (and their fills).</summary>
    public int Prune(long nowMillis, long retentionMillis)
    {
        lock (_gate)
        {
            List<ulong> gone = [.. _byEngineId.Values.Where(o => o.State == DeribitTrackedOrderState.Closed && nowMillis - o.ClosedAtMillis > retentionMillis).Select(o => o.EngineOrderId)];
            foreach (ulong id in gone)
            {
                _byEngineId.Remove(id);
            }

            var kept = new HashSet<ulong>(gone);
            _fills.RemoveWhere(fill => kept.Contains(fill.Order));
            return gone.Count;
        }
    }

    public int Drain(List<EngineExecutionReport> into)
    {
        into.Clear();
        lock (_gate)
        {
            while (_outbox.TryDequeue(out EngineExecutionReport report))
            {
                into.Add(report);
            }
        }

        return into.Count;
    }

    public int DrainAlerts(List<EngineVenueAlert> into)
    {
        into.Clear();
        lock (_gate)
        {
            while (_alerts.TryDequeue(out EngineVenueAlert alert))
            {
                into.Add(alert);
            }
        }

        return into.Count;
    }

    /// <summary>The number in Deribit's trade id ("288843548", "ETH-2696097"); a hash below 2^62 when it has none.</summary>
    public static ulong ExecIdOf(string tradeId)
    {
        int dash = tradeId.LastIndexOf('-');
        return ulong.TryParse(tradeId.AsSpan(dash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong number) && number < FirstOwnExecId
            ? number
            : (ulong)(uint)StringComparer.Ordinal.GetHashCode(tradeId);
    }

    private static void Close(DeribitTrackedOrder order)
    {
        order.State = DeribitTrackedOrderState.Closed;
        order.ClosedAtMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    private void Queue(DeribitTrackedOrder order, ulong requestId, Sbe.ExecType execType, Sbe.OrderStatus status, long timeMillis, ResultCode reason, string? text = null)
    {
        EngineExecutionReport report = Report(order, requestId, execType, status, timeMillis, reason);
        report.ExecId = ++_lastExecId;
        report.Text = text;
        Enqueue(report);
    }

    private void Enqueue(EngineExecutionReport report) => _outbox.Enqueue(report);

    private static EngineExecutionReport Report(DeribitTrackedOrder order, ulong requestId, Sbe.ExecType execType, Sbe.OrderStatus status, long timeMillis, ResultCode reason) => new()
    {
        VenueOrderId = order.VenueOrderNumber,
        ClientOrderId = requestId,
        OrigClientOrderId = order.EngineOrderId,
        AccountId = order.Account,
        Price = order.Price,
        Quantity = order.Quantity,
        LeavesQuantity = execType is Sbe.ExecType.New or Sbe.ExecType.Trade or Sbe.ExecType.Replaced ? order.Leaves : 0,
        CumulativeQuantity = order.Cumulative,
        LastPrice = VenueOrder.NullPrice,
        TransactTimeNanos = timeMillis * 1_000_000,
        InstrumentId = order.Instrument.InstrumentId,
        StrategyId = order.StrategyId,
        Reason = reason,
        ExecType = execType,
        Status = status,
        Side = order.Side,
        OrderType = order.OrderType,
        TimeInForce = order.TimeInForce,
        Flags = order.Flags,
    };
}
