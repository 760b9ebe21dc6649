using Engine.Gateways.Hosting.Venues;
using Engine.Primitives;

namespace Engine.Host;

/// <summary>
/// The simulated venue of a dataset backtest: the engine's order requests (NewOrder, CancelOrder, AmendOrder,
/// CancelAll of its venue) are filled against the recorded market (<see cref="ListingFillModel"/> per instrument) and
/// answered with ExecutionReports, as the simulated venue session answers them (New, Trade, Canceled, Replaced,
/// Rejected, Expired; <c>clientOrderId</c> is the id of the request that caused the report, <c>origClientOrderId</c>
/// the order's). Fees are not the venue's business here: the BLP charges them from each fill's maker flag and the
/// configured rates. Deterministic; owned by the simulation's thread.
/// </summary>
public sealed class FillSimulator : IFillReporter
{
    private const long NullPrice = Codecs.PriceOptionalEncoder.MantissaNullValue;
    private const int Body = Codecs.MessageHeaderDecoder.EncodedLength;

    private readonly Dictionary<uint, ListingFillModel> _listings = [];
    private readonly Dictionary<ulong, SimulatedOrder> _orders = [];
    private readonly List<SimulatedOrder> _scratch = [];
    private readonly QueueModel _queue;
    private readonly IFrameSink _toEngine;
    private readonly IBacktestObserver? _observer;
    private readonly byte[] _frame = new byte[512]; // a report (126 bytes) and a refusal's reason text (83 bytes at most)
    private long _lastVenueOrderId;
    private ulong _lastExecId;

    public FillSimulator(ushort venueId, QueueModel queue, IFrameSink toEngine, IBacktestObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(toEngine);
        VenueId = venueId;
        _queue = queue;
        _toEngine = toEngine;
        _observer = observer;
    }

    public ushort VenueId { get; }

    public long Fills { get; private set; }

    public long MakerFills { get; private set; }

    public long OrdersReceived { get; private set; }

    /// <summary>Orders live at the venue.</summary>
    public int OpenOrders => _orders.Count;

    /// <summary>The model of an instrument (created on its first market data or order).</summary>
    public ListingFillModel Listing(uint instrumentId)
    {
        if (!_listings.TryGetValue(instrumentId, out ListingFillModel? model))
        {
            model = new ListingFillModel(_queue);
            _listings.Add(instrumentId, model);
        }

        return model;
    }

    /// <summary>Whether any listing's data so far was bars (the report flags its fills as less realistic).</summary>
    public bool UsedBarRules
    {
        get
        {
            foreach (ListingFillModel model in _listings.Values)
            {
                if (model.HasBars)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>A recorded market-data message (with its header) of this venue reaches the venue at <paramref name="time"/>.</summary>
    public void OnMarketData(int templateId, uint instrumentId, ReadOnlySpan<byte> message, long time) =>
        Listing(instrumentId).OnMarketData(templateId, message, time, this);

    /// <summary>An engine request (with its header) reaches the venue at <paramref name="time"/>; <paramref name="sentNanos"/> is when the engine sent it.</summary>
    public void OnRequest(int templateId, ReadOnlySpan<byte> message, long sentNanos, long time)
    {
        var header = new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version);
        switch (templateId)
        {
            case Codecs.NewOrderDecoder.TemplateId:
                OnNewOrder(new Codecs.NewOrderDecoder(message, Body, header.BlockLength, header.Version), sentNanos, time);
                break;
            case Codecs.CancelOrderDecoder.TemplateId:
                var cancel = new Codecs.CancelOrderDecoder(message, Body, header.BlockLength, header.Version);
                OnCancel(cancel.ClientOrderId, cancel.OrigClientOrderId, cancel.AccountId, time);
                break;
            case Codecs.AmendOrderDecoder.TemplateId:
                OnAmend(new Codecs.AmendOrderDecoder(message, Body, header.BlockLength, header.Version), time);
                break;
            case Codecs.CancelAllDecoder.TemplateId:
                OnCancelAll(new Codecs.CancelAllDecoder(message, Body, header.BlockLength, header.Version), time);
                break;
            default:
                break;
        }
    }

    void IFillReporter.OnFill(SimulatedOrder order, long price, long quantity, bool isMaker, long time)
    {
        order.Cumulative = checked(order.Cumulative + quantity);
        order.Leaves -= quantity;
        Fills++;
        if (isMaker)
        {
            MakerFills++;
        }

        Codecs.OrderStatus status = order.Leaves == 0 ? Codecs.OrderStatus.Filled : Codecs.OrderStatus.PartiallyFilled;
        Report(order, order.ClientOrderId, Codecs.ExecType.Trade, status, price, quantity, isMaker, ResultCode.Ok, time);
        _observer?.OnFill(new SimulatedFill(time, VenueId, order.InstrumentId, order.Account, order.StrategyId, order.IsBuy, price, quantity, isMaker, order.SentNanos));
        if (order.Leaves == 0)
        {
            _orders.Remove(order.ClientOrderId);
        }
    }

    void IFillReporter.OnExpired(SimulatedOrder order, ResultCode reason, long time)
    {
        bool neverLived = order.Cumulative == 0 && reason != ResultCode.Ok;
        order.Leaves = 0;
        _orders.Remove(order.ClientOrderId);
        if (neverLived && reason == ResultCode.PostOnlyWouldTake)
        {
            Report(order, order.ClientOrderId, Codecs.ExecType.Rejected, Codecs.OrderStatus.Rejected, NullPrice, 0, false, reason, time);
            return;
        }

        Report(order, order.ClientOrderId, Codecs.ExecType.Expired, Codecs.OrderStatus.Expired, NullPrice, 0, false, reason, time);
    }

    private void OnNewOrder(Codecs.NewOrderDecoder request, long sentNanos, long time)
    {
        var order = new SimulatedOrder
        {
            ClientOrderId = request.ClientOrderId,
            VenueOrderId = ++_lastVenueOrderId,
            Account = request.AccountId,
            StrategyId = request.StrategyId,
            InstrumentId = request.InstrumentId,
            Side = request.Side,
            OrderType = request.OrderType,
            TimeInForce = request.TimeInForce,
            Flags = request.Flags,
            Price = request.OrderType == Codecs.OrderType.Market ? NullPrice : request.Price.Mantissa,
            Quantity = request.Quantity.Mantissa,
            Leaves = request.Quantity.Mantissa,
            SentNanos = sentNanos,
        };
        ResultCode reason = ResultCode.Ok;
        if (_orders.ContainsKey(order.ClientOrderId))
        {
            reason = ResultCode.DuplicateOrderId;
        }
        else if (order.Side is not (Codecs.Side.Buy or Codecs.Side.Sell) || order.Quantity <= 0)
        {
            reason = ResultCode.InvalidMessage;
        }
        else if (order.OrderType is not (Codecs.OrderType.Limit or Codecs.OrderType.Market) || order.TimeInForce == Codecs.TimeInForce.GoodTillDate)
        {
            // Stops and expiring orders are not simulated: refused rather than silently changed.
            reason = ResultCode.InvalidMessage;
        }
        else if (order.OrderType == Codecs.OrderType.Limit && (order.Price == NullPrice || order.Price <= 0))
        {
            reason = ResultCode.PriceNotPositive;
        }

        if (reason != ResultCode.Ok)
        {
            order.Leaves = 0;
            Report(order, order.ClientOrderId, Codecs.ExecType.Rejected, Codecs.OrderStatus.Rejected, NullPrice, 0, false, reason, time);
            return;
        }

        OrdersReceived++;
        _observer?.OnOrder(order.InstrumentId, time);
        _orders.Add(order.ClientOrderId, order);
        Report(order, order.ClientOrderId, Codecs.ExecType.New, Codecs.OrderStatus.New, NullPrice, 0, false, ResultCode.Ok, time);
        Listing(order.InstrumentId).Submit(order, time, this);
    }

    private void OnCancel(ulong requestId, ulong orderId, ulong account, long time)
    {
        if (!_orders.TryGetValue(orderId, out SimulatedOrder? order) || order.Account != account)
        {
            RejectUnknown(requestId, orderId, account, time);
            return;
        }

        Cancel(order, requestId, time);
    }

    private void Cancel(SimulatedOrder order, ulong requestId, long time)
    {
        order.Leaves = 0;
        _orders.Remove(order.ClientOrderId);
        Listing(order.InstrumentId).Remove(order);
        Report(order, requestId, Codecs.ExecType.Canceled, Codecs.OrderStatus.Canceled, NullPrice, 0, false, ResultCode.Ok, time);
    }

    private void OnAmend(Codecs.AmendOrderDecoder request, long time)
    {
        if (!_orders.TryGetValue(request.OrigClientOrderId, out SimulatedOrder? order) || order.Account != request.AccountId)
        {
            RejectUnknown(request.ClientOrderId, request.OrigClientOrderId, request.AccountId, time);
            return;
        }

        long newPrice = request.Price.Mantissa == NullPrice ? order.Price : request.Price.Mantissa;
        long newLeaves = request.Quantity.Mantissa - order.Cumulative;
        ListingFillModel model = Listing(order.InstrumentId);
        BookLevels opposite = order.IsBuy ? model.Asks : model.Bids;
        bool wouldTake = opposite.TryBest(out long best, out _) && (order.IsBuy ? best <= newPrice : best >= newPrice);
        if (newLeaves <= 0 || order.IsMarket || (order.IsPostOnly && wouldTake))
        {
            ResultCode reason = newLeaves <= 0 ? ResultCode.QuantityNotPositive : order.IsMarket ? ResultCode.InvalidMessage : ResultCode.PostOnlyWouldTake;
            Report(order, request.ClientOrderId, Codecs.ExecType.Rejected, order.OpenStatus, NullPrice, 0, false, reason, time);
            return;
        }

        order.Leaves = newLeaves;
        order.Quantity = order.Cumulative + newLeaves;
        order.QueueAhead = Math.Min(order.QueueAhead, (order.IsBuy ? model.Bids : model.Asks).QuantityAtPrice(order.Price));
        Report(order, request.ClientOrderId, Codecs.ExecType.Replaced, order.OpenStatus, NullPrice, 0, false, ResultCode.Ok, time);
        model.Reprice(order, newPrice, time, this);
    }

    private void OnCancelAll(Codecs.CancelAllDecoder request, long time)
    {
        bool anyInstrument = request.InstrumentId == Codecs.CancelAllDecoder.InstrumentIdNullValue;
        bool anySide = request.Side == Codecs.Side.NullValue;
        _scratch.Clear();
        foreach (SimulatedOrder order in _orders.Values)
        {
            if (order.Account == request.AccountId && (anyInstrument || order.InstrumentId == request.InstrumentId) && (anySide || order.Side == request.Side))
            {
                _scratch.Add(order);
            }
        }

        // The dictionary's order is a hash order: cancel in the order the orders were placed, so reports are deterministic by construction.
        _scratch.Sort(static (a, b) => a.VenueOrderId.CompareTo(b.VenueOrderId));
        foreach (SimulatedOrder order in _scratch)
        {
            Cancel(order, request.ClientOrderId, time);
        }

        _scratch.Clear();
    }

    private void RejectUnknown(ulong requestId, ulong orderId, ulong account, long time)
    {
        var unknown = new SimulatedOrder { ClientOrderId = orderId, Account = account, Price = NullPrice };
        Report(unknown, requestId, Codecs.ExecType.Rejected, Codecs.OrderStatus.Rejected, NullPrice, 0, false, ResultCode.UnknownOrder, time);
    }

    private void Report(SimulatedOrder order, ulong clientOrderId, Codecs.ExecType execType, Codecs.OrderStatus status, long lastPrice, long lastQuantity, bool isMaker, ResultCode reason, long time)
    {
        var encoder = Codecs.ExecutionReportEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.OrderId = (ulong)order.VenueOrderId;
        encoder.ClientOrderId = clientOrderId;
        encoder.OrigClientOrderId = order.ClientOrderId;
        encoder.AccountId = order.Account;
        encoder.ExecId = ++_lastExecId;
        encoder.Price.SetMantissa(order.Price);
        encoder.Quantity.SetMantissa(order.Quantity);
        encoder.LeavesQuantity.SetMantissa(order.Leaves);
        encoder.CumulativeQuantity.SetMantissa(order.Cumulative);
        encoder.LastPrice.SetMantissa(lastPrice);
        encoder.LastQuantity.SetMantissa(lastQuantity);
        encoder.TransactTime = time;
        encoder.InstrumentId = order.InstrumentId;
        encoder.StrategyId = order.StrategyId;
        encoder.RejectReason = reason == ResultCode.Ok ? Codecs.ResultCode.NullValue : (Codecs.ResultCode)reason;
        encoder.VenueId = VenueId;
        encoder.ExecType = execType;
        encoder.OrderStatus = status;
        encoder.Side = order.Side == default ? Codecs.Side.NullValue : order.Side;
        encoder.OrderType = order.OrderType == default ? Codecs.OrderType.NullValue : order.OrderType;
        encoder.TimeInForce = order.TimeInForce;
        encoder.Flags = order.Flags;
        encoder.IsMaker = isMaker ? Codecs.BooleanType.True : Codecs.BooleanType.False;
        encoder.SetText(ResultCodes.ReportText(reason));
        _toEngine.OnFrame(Codecs.ExecutionReportEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }
}
