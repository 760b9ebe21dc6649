using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// What the adapter knows of the engine's orders at Binance, and the execution reports it owes the engine. Three
/// threads learn things (the gateway's duty cycle from the user data stream, the REST thread from answers, queries and
/// reconciliation); each change goes through one of these methods under one lock, so a fact that arrives twice (a fill
/// on the stream and again in <c>myTrades</c>, a cancel in its answer and on the stream) is reported once:
/// fills by (order, Binance trade id), terminal states by the order being closed.
/// <para>
/// Reports queue in the order the facts were applied; the duty cycle takes them (<see cref="Drain"/>) and writes them
/// into ingress. Execution ids: a fill's is Binance's trade id; other reports take numbers from 2^62 up, so the two
/// never meet.
/// </para>
/// </summary>
internal sealed partial class BinanceOrderTracker
{
    private const ulong FirstOwnExecId = 1UL << 62;

    private readonly object _gate = new();
    private readonly Dictionary<ulong, BinanceTrackedOrder> _byEngineId = [];
    private readonly Dictionary<long, BinanceTrackedOrder> _byVenueOrderId = [];
    private readonly HashSet<(ulong Order, long Trade)> _fills = [];
    private readonly Queue<EngineExecutionReport> _outbox = new();
    private readonly Queue<EngineVenueAlert> _alerts = new();
    private readonly Dictionary<string, decimal> _balanceChange = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _positionChange = new(StringComparer.Ordinal);
    private ulong _lastExecId = FirstOwnExecId;

    public object Gate => _gate;

    /// <summary>Fills reported to the engine.</summary>
    public long FillsReported { get; private set; }

    /// <summary>Fills learned again (stream and REST both) and not reported twice.</summary>
    public long DuplicateFills { get; private set; }

    /// <summary>Execution reports queued for the engine.</summary>
    public long ReportsQueued { get; private set; }

    /// <summary>What the fills reported so far moved per asset (base, quote, commission): the expectation balances are checked against.</summary>
    public IReadOnlyDictionary<string, decimal> BalanceChange => _balanceChange;

    /// <summary>What the fills reported so far moved each symbol's position by (buys positive, in the base unit): USD-M's positions are checked against it.</summary>
    public IReadOnlyDictionary<string, decimal> PositionChange => _positionChange;

    /// <summary>Base and quote asset of a symbol, from exchangeInfo; fills of a symbol without them do not move the balance check.</summary>
    public Dictionary<string, (string Base, string Quote)> Assets { get; } = new(StringComparer.Ordinal);

    public void Track(BinanceTrackedOrder order)
    {
        lock (_gate)
        {
            _byEngineId[order.EngineOrderId] = order;
            LastAccount = order.Account;
        }
    }

    /// <summary>
    /// Takes over an order an earlier gateway process sent (the engine listed it as open): unknown until Binance is
    /// asked about it. False when this process tracks it already.
    /// </summary>
    public bool Adopt(BinanceTrackedOrder order)
    {
        lock (_gate)
        {
            if (!_byEngineId.TryAdd(order.EngineOrderId, order))
            {
                return false;
            }

            order.IsAdopted = true;
            order.FilledAtAdoption = order.Cumulative;
            order.State = BinanceTrackedOrderState.PendingUnknown;
            LastAccount = order.Account;
            return true;
        }
    }

    /// <summary>
    /// The engine account of the last order carried: the one a balance break is reported against (the venue account
    /// trades for one engine account; 0 before the first order, and the engine then stops nothing).
    /// </summary>
    public ulong LastAccount { get; private set; }

    /// <summary>Queues a reconciliation finding for the engine (any thread).</summary>
    public void Alert(EngineVenueAlert alert)
    {
        lock (_gate)
        {
            _alerts.Enqueue(alert);
        }
    }

    /// <summary>Moves the queued alerts into <paramref name="into"/> (cleared first); the duty cycle's side.</summary>
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

    public BinanceTrackedOrder? Find(ulong engineOrderId)
    {
        lock (_gate)
        {
            return _byEngineId.GetValueOrDefault(engineOrderId);
        }
    }

    public BinanceTrackedOrder? FindByVenueOrderId(long venueOrderId)
    {
        lock (_gate)
        {
            return _byVenueOrderId.GetValueOrDefault(venueOrderId);
        }
    }

    /// <summary>The orders not closed, at this moment.</summary>
    public List<BinanceTrackedOrder> OpenOrders()
    {
        lock (_gate)
        {
            var open = new List<BinanceTrackedOrder>();
            foreach (BinanceTrackedOrder order in _byEngineId.Values)
            {
                if (order.IsOpen)
                {
                    open.Add(order);
                }
            }

            open.Sort(static (a, b) => a.EngineOrderId.CompareTo(b.EngineOrderId));
            return open;
        }
    }

    /// <summary>Binance has the order (an answer, a query or a NEW event): PendingNew or PendingUnknown becomes Working, and the engine hears New once.</summary>
    public void OnAccepted(BinanceTrackedOrder order, long venueOrderId, long timeMillis)
    {
        lock (_gate)
        {
            SetVenueOrderId(order, venueOrderId);
            if (order.State is BinanceTrackedOrderState.PendingNew or BinanceTrackedOrderState.PendingUnknown)
            {
                order.State = BinanceTrackedOrderState.Working;
                Queue(order, order.EngineOrderId, Sbe.ExecType.New, Sbe.OrderStatus.New, timeMillis, ResultCode.Ok);
            }
        }
    }

    /// <summary>
    /// One fill; false when this (order, trade) was reported already. <paramref name="venueCumulative"/> is the order's
    /// filled quantity at Binance with this fill (-1 when the source does not say): an adopted order's fill that does not
    /// go beyond what the engine had at adoption was reported by the process before.
    /// </summary>
    public bool OnFill(BinanceTrackedOrder order, long tradeId, long price, long quantity, bool isMaker, decimal commission, string? commissionAsset, long timeMillis, long venueCumulative = -1)
    {
        lock (_gate)
        {
            if (!_fills.Add((order.EngineOrderId, tradeId)))
            {
                DuplicateFills++;
                return false;
            }

            if (order.FilledAtAdoption > 0 && venueCumulative >= 0 && venueCumulative <= order.FilledAtAdoption)
            {
                // The process before reported it; the engine has it.
                return false;
            }

            if (order.State is BinanceTrackedOrderState.PendingNew or BinanceTrackedOrderState.PendingUnknown)
            {
                // A fill proves Binance has it; the fill itself tells the engine.
                order.State = BinanceTrackedOrderState.Working;
            }

            order.Cumulative += quantity;
            bool filled = order.Cumulative >= order.Quantity;
            EngineExecutionReport report = Report(order, order.EngineOrderId, Sbe.ExecType.Trade, filled ? Sbe.OrderStatus.Filled : Sbe.OrderStatus.PartiallyFilled, timeMillis, ResultCode.Ok);
            report.ExecId = (ulong)tradeId;
            report.LastPrice = price;
            report.LastQuantity = quantity;
            report.IsMaker = isMaker;
            Enqueue(report);
            FillsReported++;
            MoveBalances(order, price, quantity, commission, commissionAsset);
            if (filled)
            {
                Close(order);
            }

            return true;
        }
    }

    /// <summary>Canceled or expired at Binance; reported once.</summary>
    public void OnCanceled(BinanceTrackedOrder order, ulong requestId, bool expired, long timeMillis)
    {
        lock (_gate)
        {
            if (order.State == BinanceTrackedOrderState.Closed)
            {
                return;
            }

            Close(order);
            Queue(order, requestId, expired ? Sbe.ExecType.Expired : Sbe.ExecType.Canceled, expired ? Sbe.OrderStatus.Expired : Sbe.OrderStatus.Canceled, timeMillis, ResultCode.Ok);
        }
    }

    /// <summary>The order itself was refused (or Binance says it does not exist): closed, reported once with <paramref name="reason"/>.</summary>
    public void OnRejected(BinanceTrackedOrder order, ulong requestId, ResultCode reason, long timeMillis, string? text = null)
    {
        lock (_gate)
        {
            if (order.State == BinanceTrackedOrderState.Closed)
            {
                return;
            }

            Close(order);
            Queue(order, requestId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, timeMillis, reason, text);
        }
    }

    /// <summary>
    /// A request about a working order was refused (an amend): reported as Rejected with the order's own status, so the
    /// engine keeps it.
    /// </summary>
    public void OnRequestRefused(BinanceTrackedOrder order, ulong requestId, ResultCode reason, long timeMillis, string? text = null)
    {
        lock (_gate)
        {
            Sbe.OrderStatus status = order.Cumulative > 0 ? Sbe.OrderStatus.PartiallyFilled : Sbe.OrderStatus.New;
            Queue(order, requestId, Sbe.ExecType.Rejected, status, timeMillis, reason, text);
        }
    }

    public void MarkUnknown(BinanceTrackedOrder order)
    {
        lock (_gate)
        {
            if (order.State is BinanceTrackedOrderState.PendingNew)
            {
                order.State = BinanceTrackedOrderState.PendingUnknown;
            }
        }
    }

    public void SetVenueOrderId(BinanceTrackedOrder order, long venueOrderId)
    {
        lock (_gate)
        {
            if (venueOrderId > 0 && order.VenueOrderId != venueOrderId)
            {
                order.VenueOrderId = venueOrderId;
                _byVenueOrderId[venueOrderId] = order;
            }
        }
    }

    /// <summary>
    /// Forgets orders closed more than <paramref name="retentionMillis"/> ago (and their fills), so a long session's
    /// table stays the size of its recent orders. A late copy of one of their events is then an anomaly, not a report.
    /// </summary>
    public int Prune(long nowMillis, long retentionMillis)
    {
        lock (_gate)
        {
            List<ulong>? gone = null;
            foreach (BinanceTrackedOrder order in _byEngineId.Values)
            {
                if (order.State == BinanceTrackedOrderState.Closed && nowMillis - order.ClosedAtMillis > retentionMillis)
                {
                    (gone ??= []).Add(order.EngineOrderId);
                }
            }

            if (gone is null)
            {
                return 0;
            }

            foreach (ulong id in gone)
            {
                BinanceTrackedOrder order = _byEngineId[id];
                _byEngineId.Remove(id);
                _byVenueOrderId.Remove(order.VenueOrderId);
            }

            var kept = new HashSet<ulong>(gone);
            _fills.RemoveWhere(fill => kept.Contains(fill.Order));
            return gone.Count;
        }
    }

    /// <summary>Moves the queued reports into <paramref name="into"/> (cleared first); the duty cycle's side.</summary>
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

    private static void Close(BinanceTrackedOrder order)
    {
        order.State = BinanceTrackedOrderState.Closed;
        order.ClosedAtMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    }

    private void Queue(BinanceTrackedOrder order, ulong requestId, Sbe.ExecType execType, Sbe.OrderStatus status, long timeMillis, ResultCode reason, string? text = null)
    {
        EngineExecutionReport report = Report(order, requestId, execType, status, timeMillis, reason);
        report.ExecId = ++_lastExecId;
        report.Text = text;
        Enqueue(report);
    }

    private void Enqueue(EngineExecutionReport report)
    {
        _outbox.Enqueue(report);
        ReportsQueued++;
    }

    private static EngineExecutionReport Report(BinanceTrackedOrder order, ulong requestId, Sbe.ExecType execType, Sbe.OrderStatus status, long timeMillis, ResultCode reason) => new()
    {
        VenueOrderId = (ulong)Math.Max(0, order.VenueOrderId),
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

    private void MoveBalances(BinanceTrackedOrder order, long price, long quantity, decimal commission, string? commissionAsset)
    {
        string symbol = order.Instrument.VenueSymbol;
        _positionChange[symbol] = _positionChange.GetValueOrDefault(symbol) + ((order.Side == Sbe.Side.Buy ? 1m : -1m) * quantity / Pow10(order.Instrument.QuantityScale));
        if (!Assets.TryGetValue(order.Instrument.VenueSymbol, out (string Base, string Quote) assets))
        {
            return;
        }

        decimal baseQuantity = quantity / Pow10(order.Instrument.QuantityScale);
        decimal quote = baseQuantity * (price / Pow10(order.Instrument.PriceScale));
        decimal sign = order.Side == Sbe.Side.Buy ? 1m : -1m;
        Add(assets.Base, sign * baseQuantity);
        Add(assets.Quote, -sign * quote);
        if (!string.IsNullOrEmpty(commissionAsset))
        {
            Add(commissionAsset, -commission);
        }
    }

    private void Add(string asset, decimal change) => _balanceChange[asset] = _balanceChange.GetValueOrDefault(asset) + change;

    private static decimal Pow10(int scale)
    {
        decimal value = 1m;
        for (int i = 0; i < scale; i++)
        {
            value *= 10m;
        }

        return value;
    }
}
