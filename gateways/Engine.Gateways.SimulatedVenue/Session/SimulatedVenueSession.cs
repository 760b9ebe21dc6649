using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Exchange;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// The simulated venue without transport: SBE requests in, SBE frames out. One <see cref="SimulatedExchange"/> per
/// listing on venue <see cref="VenueCode"/> (seeded with <c>Seed + instrument id</c>); <see cref="AdvanceTo"/> runs
/// the generated markets up to a venue time, interleaving the instruments' actions in time order (ties: registry
/// order); <see cref="OnRequest"/> first advances to the request's time, then applies one engine request.
/// <para>
/// Frames, to the caller's <see cref="IFrameSink"/>, in the order the matching engines produced the events:
/// ExecutionReport (204) for every event of an engine order, Trade (107) for every execution, BestBidOffer (108)
/// after every action that changed an instrument's top of book. Every frame of one call carries that call's venue
/// time (the venue publishes when it processes; a backtest that wants each generated action at its own time steps
/// to <see cref="NextEventTimeNanos"/>). Market data: receiveTime 0 (the engine's receiver stamps it), venueSequence
/// from 1 per instrument, shared by Trade and BestBidOffer.
/// </para>
/// <para>
/// Execution report ids: <c>orderId</c> is the venue's id; <c>origClientOrderId</c> is always the engine's id of
/// the order (NewOrder.clientOrderId); <c>clientOrderId</c> is the id of the request that caused the report (the
/// order's own id for NewOrder and for everything the market does to it later; the cancel, amend or cancel-all
/// request's id for its answers).
/// </para>
/// Deterministic: no clock, no I/O, no randomness but the seeded generators; the same options and the same requests
/// at the same venue times give a byte-identical frame stream. Allocation-free per request and per market action in
/// steady state. Thread ownership: one thread (the gateway's duty cycle, or the backtest loop).
/// </summary>
public sealed class SimulatedVenueSession
{
    public const string VenueCode = "SIM";

    // An ExecutionReport is 126 bytes with its header, plus a refusal's reason text (ResultCodes.Reason: 83 bytes at most).
    private const int FrameCapacity = 512;
    private const long NullPrice = Sbe.PriceOptionalEncoder.MantissaNullValue;
    private const int NoSlot = -1;

    // Block lengths of the order requests of schema version 0-1 (before venueId and triggerTime).
    private const int Version1NewOrderBlock = 68;
    private const int Version1CancelOrderBlock = 45;
    private const int Version1AmendOrderBlock = 61;
    private const int Version1CancelAllBlock = 29;

    private readonly VenueInstrument[] _instruments;
    private readonly Dictionary<uint, int> _indexByWireId;
    private readonly ClientOrderTable _orders;
    private readonly MatchingEventLog _events = new();
    private readonly byte[] _frame = new byte[FrameCapacity];
    private readonly int _protectionBasisPoints;
    private readonly ushort _venueId;
    private OrderId[] _collected = new OrderId[64];
    private long _lastVenueOrderId;
    private ulong _lastExecId;

    // The request being applied, so its answers carry its id: the slot of the order it targets (NoSlot for market
    // actions), or every order it touches (cancel-all).
    private ulong _requestClientOrderId;
    private int _requestSlot = NoSlot;
    private bool _requestTargetsAll;
    private bool _requestIsNewOrder;
    private bool _publishEveryTop;

    public SimulatedVenueSession(InstrumentRegistry registry, SimulatedVenueOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        options ??= new SimulatedVenueOptions();
        options.Validate();
        if (!registry.TryGetVenue(VenueCode, out Venue? venue))
        {
            throw new ArgumentException($"simulated venue: the instrument registry has no venue {VenueCode}", nameof(registry));
        }

        _venueId = checked((ushort)venue.Id.Value);
        var instruments = new List<VenueInstrument>();
        Func<Listing, MarketData.MarketDataGeneratorOptions> marketFor = options.MarketFor ?? SimulatedMarketProfiles.For;
        foreach (Listing listing in registry.Listings)
        {
            if (listing.Venue.Id != venue.Id)
            {
                continue;
            }

            ulong seed = unchecked(options.Seed + (ulong)listing.Instrument.Id.Value);
            var exchange = new SimulatedExchange(listing.Rules, marketFor(listing), seed, options.StartTimeNanos);
            instruments.Add(new VenueInstrument(listing, exchange));
        }

        if (instruments.Count == 0)
        {
            throw new ArgumentException($"simulated venue: no listing on venue {VenueCode} in the instrument registry", nameof(registry));
        }

        _instruments = [.. instruments];
        _indexByWireId = new Dictionary<uint, int>(_instruments.Length);
        for (int i = 0; i < _instruments.Length; i++)
        {
            _indexByWireId.Add(_instruments[i].WireId, i);
        }

        _orders = new ClientOrderTable(options.InitialOrderCapacity);
        _protectionBasisPoints = options.MarketProtectionBasisPoints;
        TimeNanos = options.StartTimeNanos;

        // Warm-up: the markets trade unobserved, so the books are populated before the first engine order. The first
        // call after it publishes every instrument's top of book, with sequences from 1.
        var discard = default(DiscardingFrameSink);
        AdvanceTo(checked(options.StartTimeNanos + options.WarmUpNanos), ref discard);
        foreach (VenueInstrument instrument in _instruments)
        {
            instrument.Sequence = 0;
            instrument.ResetPublishedTop();
        }

        _publishEveryTop = true;
        MarketDataFrames = 0;
    }

    /// <summary>Venue time: everything up to here has been applied.</summary>
    public long TimeNanos { get; private set; }

    /// <summary>The earliest time at which a generated market will act next (a backtest loop can step to it).</summary>
    public long NextEventTimeNanos
    {
        get
        {
            long next = long.MaxValue;
            foreach (VenueInstrument instrument in _instruments)
            {
                next = Math.Min(next, instrument.Exchange.NextActionTimeNanos);
            }

            return next;
        }
    }

    /// <summary>The listings this venue serves, in registry order.</summary>
    public int InstrumentCount => _instruments.Length;

    /// <summary>Requests handed to <see cref="OnRequest"/>.</summary>
    public long RequestsReceived { get; private set; }

    /// <summary>Requests refused as undecodable (each answered by an ExecutionReport Rejected InvalidMessage).</summary>
    public long InvalidRequests { get; private set; }

    /// <summary>Well-formed messages that are not for this venue (another venue's instrument, or not an order request).</summary>
    public long IgnoredRequests { get; private set; }

    public long ExecutionReports { get; private set; }

    /// <summary>Trade and BestBidOffer frames since the warm-up.</summary>
    public long MarketDataFrames { get; private set; }

    /// <summary>Engine orders live at the venue.</summary>
    public int OpenOrders => _orders.Count;

    public Listing ListingAt(int index) => _instruments[index].Listing;

    /// <summary>The order book of an instrument (tests and status displays; do not modify it).</summary>
    public IL3Book BookOf(InstrumentId instrument) => InstrumentOf(instrument).Exchange.Book;

    /// <summary>Runs the generated markets up to <paramref name="venueTimeNanos"/> (never backwards) and emits their market data and the engine's fills.</summary>
    public void AdvanceTo<TSink>(long venueTimeNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        long now = Math.Max(venueTimeNanos, TimeNanos);
        while (true)
        {
            int next = NoSlot;
            long nextTime = long.MaxValue;
            for (int i = 0; i < _instruments.Length; i++)
            {
                long time = _instruments[i].Exchange.NextActionTimeNanos;
                if (time <= now && time < nextTime)
                {
                    next = i;
                    nextTime = time;
                }
            }

            if (next == NoSlot)
            {
                break;
            }

            VenueInstrument instrument = _instruments[next];
            _events.Clear();
            var recorder = new MatchingEventRecorder(_events);
            instrument.Exchange.TryApplyNext(now, ref recorder);
            Translate(instrument, now, ref sink);
            PublishTopIfChanged(instrument, now, ref sink);
        }

        TimeNanos = now;
        if (_publishEveryTop)
        {
            // The first call after the warm-up: the engine has not seen any book yet.
            _publishEveryTop = false;
            foreach (VenueInstrument instrument in _instruments)
            {
                PublishTopIfChanged(instrument, now, ref sink);
            }
        }
    }

    /// <summary>
    /// Applies a scripted participant action to one instrument's market, through the same path as generated ones (its
    /// market data and the engine's fills are emitted). For tests and replays; the order id must be a market id.
    /// </summary>
    public void ApplyMarketAction<TSink>(InstrumentId instrument, in MarketData.OrderFlowEvent action, ref TSink sink)
        where TSink : IFrameSink
    {
        VenueInstrument venueInstrument = InstrumentOf(instrument);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        venueInstrument.Exchange.Apply(in action, ref recorder);
        Translate(venueInstrument, TimeNanos, ref sink);
        PublishTopIfChanged(venueInstrument, TimeNanos, ref sink);
    }

    /// <summary>
    /// Applies one engine request (an SBE message with its header) at <paramref name="venueTimeNanos"/>, after
    /// advancing the markets to that time. NewOrder, CancelOrder, AmendOrder and CancelAll of this venue's instruments
    /// are applied; any other well-formed message, or one for another venue's instrument, is ignored (counted); an
    /// undecodable order request is answered by ExecutionReport Rejected InvalidMessage (counted) and the session
    /// goes on.
    /// </summary>
    public void OnRequest<TSink>(ReadOnlySpan<byte> sbeMessage, long venueTimeNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        AdvanceTo(venueTimeNanos, ref sink);
        long now = TimeNanos;
        RequestsReceived++;
        if (sbeMessage.Length < Sbe.MessageHeaderDecoder.EncodedLength)
        {
            RejectInvalid(sbeMessage, now, ref sink);
            return;
        }

        var header = new Sbe.MessageHeaderDecoder(sbeMessage, 0, Sbe.EngineSchema.Version);
        if (header.SchemaId != Sbe.EngineSchema.Id)
        {
            RejectInvalid(sbeMessage, now, ref sink);
            return;
        }

        const int Body = Sbe.MessageHeaderDecoder.EncodedLength;
        int blockLength = header.BlockLength;
        // A request of schema version 2 has the fields that name its venue; an older one ends before them.
        bool current = header.Version >= 2;
        int required = header.TemplateId switch
        {
            Sbe.NewOrderDecoder.TemplateId => current ? Sbe.NewOrderDecoder.BlockLength : Version1NewOrderBlock,
            Sbe.CancelOrderDecoder.TemplateId => current ? Sbe.CancelOrderDecoder.BlockLength : Version1CancelOrderBlock,
            Sbe.AmendOrderDecoder.TemplateId => current ? Sbe.AmendOrderDecoder.BlockLength : Version1AmendOrderBlock,
            Sbe.CancelAllDecoder.TemplateId => current ? Sbe.CancelAllDecoder.BlockLength : Version1CancelAllBlock,
            _ => -1,
        };
        if (required < 0)
        {
            IgnoredRequests++;
            return;
        }

        if (!Fits(sbeMessage, blockLength, required))
        {
            RejectInvalid(sbeMessage, now, ref sink);
            return;
        }

        if (!IsForThisVenue(header.TemplateId, sbeMessage, blockLength, header.Version))
        {
            // Another venue's order (a version 2 request names its venue): its own gateway acts on it.
            IgnoredRequests++;
            return;
        }

        switch (header.TemplateId)
        {
            case Sbe.NewOrderDecoder.TemplateId:
                HandleNewOrder(new Sbe.NewOrderDecoder(sbeMessage, Body, blockLength, header.Version), now, ref sink);
                return;
            case Sbe.CancelOrderDecoder.TemplateId:
                HandleCancel(new Sbe.CancelOrderDecoder(sbeMessage, Body, blockLength, header.Version), now, ref sink);
                return;
            case Sbe.AmendOrderDecoder.TemplateId:
                HandleAmend(new Sbe.AmendOrderDecoder(sbeMessage, Body, blockLength, header.Version), now, ref sink);
                return;
            default:
                HandleCancelAll(new Sbe.CancelAllDecoder(sbeMessage, Body, blockLength, header.Version), now, ref sink);
                return;
        }
    }

    /// <summary>
    /// Whether a request is this venue's: one that names no venue (schema version 0-1, or a cancel-all for every venue)
    /// is, as is one that names this venue.
    /// </summary>
    private bool IsForThisVenue(int templateId, ReadOnlySpan<byte> message, int blockLength, int version)
    {
        const int Body = Sbe.MessageHeaderDecoder.EncodedLength;
        switch (templateId)
        {
            case Sbe.NewOrderDecoder.TemplateId:
                var order = new Sbe.NewOrderDecoder(message, Body, blockLength, version);
                return !order.VenueIdInActingVersion || order.VenueId == _venueId;
            case Sbe.CancelOrderDecoder.TemplateId:
                var cancel = new Sbe.CancelOrderDecoder(message, Body, blockLength, version);
                return !cancel.VenueIdInActingVersion || cancel.VenueId == _venueId;
            case Sbe.AmendOrderDecoder.TemplateId:
                var amend = new Sbe.AmendOrderDecoder(message, Body, blockLength, version);
                return !amend.VenueIdInActingVersion || amend.VenueId == _venueId;
            default:
                var all = new Sbe.CancelAllDecoder(message, Body, blockLength, version);
                return !all.VenueIdInActingVersion || all.VenueId == Sbe.CancelAllDecoder.VenueIdNullValue || all.VenueId == _venueId;
        }
    }

    private static bool Fits(ReadOnlySpan<byte> message, int actingBlockLength, int blockLength) =>
        actingBlockLength >= blockLength && message.Length - Sbe.MessageHeaderDecoder.EncodedLength >= actingBlockLength;

    private static bool TryAccount(ulong wire, out AccountId account)
    {
        // int.MaxValue is the simulated market's own account; 0 is "no account".
        if (wire is 0 or >= int.MaxValue)
        {
            account = AccountId.None;
            return false;
        }

        account = new AccountId((int)wire);
        return true;
    }

    private static Side ToSide(Sbe.Side side) => side == Sbe.Side.Buy ? Side.Buy : Side.Sell;

    private static Sbe.Side ToWire(Side side) => side == Side.Buy ? Sbe.Side.Buy : Sbe.Side.Sell;

    private static OrderFlags ToFlags(Sbe.OrderFlags flags) => (OrderFlags)(byte)flags;

    private VenueInstrument InstrumentOf(InstrumentId instrument)
    {
        if (!_indexByWireId.TryGetValue(checked((uint)instrument.Value), out int index))
        {
            throw new ArgumentException($"simulated venue: instrument {instrument} has no listing on {VenueCode}", nameof(instrument));
        }

        return _instruments[index];
    }

    private void HandleNewOrder<TSink>(Sbe.NewOrderDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!_indexByWireId.TryGetValue(request.InstrumentId, out int index))
        {
            IgnoredRequests++;
            return;
        }

        VenueInstrument instrument = _instruments[index];
        var order = new ClientOrder
        {
            ClientOrderId = request.ClientOrderId,
            Account = request.AccountId,
            InstrumentIndex = index,
            StrategyId = request.StrategyId,
            Side = request.Side,
            OrderType = request.OrderType,
            TimeInForce = request.TimeInForce,
            Flags = request.Flags,
            Price = request.Price.Mantissa,
            Quantity = request.Quantity.Mantissa,
        };

        ResultCode reason = ResultCode.Ok;
        OrderType type = OrderType.Limit;
        TimeInForce timeInForce = TimeInForce.Gtc;
        Price price = Price.Zero;
        if (order.ClientOrderId == Sbe.NewOrderDecoder.ClientOrderIdNullValue)
        {
            reason = ResultCode.InvalidMessage;
        }
        else if (_orders.ContainsClientOrderId(order.ClientOrderId))
        {
            reason = ResultCode.DuplicateOrderId;
        }
        else if (!TryAccount(order.Account, out _))
        {
            reason = ResultCode.UnknownAccount;
        }
        else if (order.Side is not (Sbe.Side.Buy or Sbe.Side.Sell) || ((byte)order.Flags & ~3) != 0)
        {
            reason = ResultCode.InvalidMessage;
        }
        else
        {
            reason = MapOrderType(instrument, ref order, out type, out timeInForce, out price);
        }

        if (reason != ResultCode.Ok)
        {
            EmitReport(in order, order.ClientOrderId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, reason, now, ref sink);
            return;
        }

        TryAccount(order.Account, out AccountId account);
        order.VenueOrderId = ++_lastVenueOrderId;
        order.Leaves = order.Quantity;
        int slot = _orders.Add(in order);
        var command = new NewOrder(new OrderId(order.VenueOrderId), account, ToSide(order.Side), type, timeInForce, price, new Quantity(order.Quantity), ToFlags(order.Flags));

        BeginRequest(order.ClientOrderId, slot, targetsAll: false, isNewOrder: true);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        instrument.Exchange.Submit(in command, instrument.PositionOf(account), ref recorder);
        Translate(instrument, now, ref sink);
        EndRequest();
        PublishTopIfChanged(instrument, now, ref sink);
    }

    /// <summary>Wire order type and time in force to the matching engine's; a market order gets its protection price here.</summary>
    private ResultCode MapOrderType(VenueInstrument instrument, ref ClientOrder order, out OrderType type, out TimeInForce timeInForce, out Price price)
    {
        type = OrderType.Limit;
        price = Price.Zero;
        timeInForce = order.TimeInForce switch
        {
            Sbe.TimeInForce.Day or Sbe.TimeInForce.GoodTillCancel => TimeInForce.Gtc,
            Sbe.TimeInForce.ImmediateOrCancel => TimeInForce.Ioc,
            Sbe.TimeInForce.FillOrKill => TimeInForce.Fok,
            _ => (TimeInForce)byte.MaxValue,
        };

        if (timeInForce == (TimeInForce)byte.MaxValue)
        {
            // GoodTillDate is not simulated (no expiry clock at the venue): refused rather than silently kept.
            return ResultCode.InvalidMessage;
        }

        if (order.OrderType == Sbe.OrderType.Limit)
        {
            if (order.Price == NullPrice)
            {
                return ResultCode.PriceNotPositive;
            }

            price = new Price(order.Price);
            return ResultCode.Ok;
        }

        if (order.OrderType != Sbe.OrderType.Market)
        {
            return ResultCode.InvalidMessage;
        }

        type = OrderType.Market;
        if (timeInForce == TimeInForce.Gtc)
        {
            timeInForce = TimeInForce.Ioc;
        }

        order.Price = NullPrice;
        return TryProtectionPrice(instrument, ToSide(order.Side), out price) ? ResultCode.Ok : ResultCode.NoLiquidity;
    }

    /// <summary>The worst price a market order may reach: the best opposite price moved by the protection band, on the tick grid.</summary>
    private bool TryProtectionPrice(VenueInstrument instrument, Side side, out Price price)
    {
        IL3Book book = instrument.Exchange.Book;
        long tick = instrument.Listing.Rules.TickSize.Units;
        if (!book.TryGetLevel(side.Opposite(), 0, out BookLevel best))
        {
            price = Price.Zero;
            return false;
        }

        long band = (long)((Int128)best.Price.Units * _protectionBasisPoints / 10_000);
        long units = side == Side.Buy
            ? (best.Price.Units + band) / tick * tick
            : Math.Max(tick, (best.Price.Units - band + tick - 1) / tick * tick);
        price = new Price(units);
        return true;
    }

    /// <summary>
    /// The open order a cancel or amend names: false (the request answered) when the instrument is not served here
    /// (ignored) or the order is unknown (rejected with an execution report).
    /// </summary>
    private bool TryFindRequestedOrder<TSink>(uint instrumentId, ulong clientOrderId, ulong origClientOrderId, ulong accountId, Sbe.Side side, long now, ref TSink sink, out int index, out int slot)
        where TSink : IFrameSink
    {
        slot = -1;
        if (!_indexByWireId.TryGetValue(instrumentId, out index))
        {
            IgnoredRequests++;
            return false;
        }

        if (!TryFindOrder(origClientOrderId, accountId, index, out slot))
        {
            RejectUnknownOrder(clientOrderId, origClientOrderId, accountId, index, side, now, ref sink);
            return false;
        }

        return true;
    }

    private void HandleCancel<TSink>(Sbe.CancelOrderDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!TryFindRequestedOrder(request.InstrumentId, request.ClientOrderId, request.OrigClientOrderId, request.AccountId, request.Side, now, ref sink, out int index, out int slot))
        {
            return;
        }

        VenueInstrument instrument = _instruments[index];

        ref ClientOrder order = ref _orders[slot];
        var command = new CancelOrder(new OrderId(order.VenueOrderId), new AccountId((int)order.Account));
        BeginRequest(request.ClientOrderId, slot, targetsAll: false, isNewOrder: false);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        instrument.Exchange.Cancel(in command, ref recorder);
        Translate(instrument, now, ref sink);
        EndRequest();
        PublishTopIfChanged(instrument, now, ref sink);
    }

    private void HandleAmend<TSink>(Sbe.AmendOrderDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!TryFindRequestedOrder(request.InstrumentId, request.ClientOrderId, request.OrigClientOrderId, request.AccountId, request.Side, now, ref sink, out int index, out int slot))
        {
            return;
        }

        VenueInstrument instrument = _instruments[index];

        ref ClientOrder order = ref _orders[slot];
        long newPrice = request.Price.Mantissa == NullPrice ? order.Price : request.Price.Mantissa;
        long newLeaves = request.Quantity.Mantissa - order.Cumulative;
        if (newLeaves <= 0)
        {
            // The new total would not exceed what has already traded: nothing could remain open.
            EmitReport(in order, request.ClientOrderId, Sbe.ExecType.Rejected, order.OpenStatus, NullPrice, 0, Sbe.BooleanType.False, ResultCode.QuantityNotPositive, now, ref sink);
            return;
        }

        var command = new AmendOrder(new OrderId(order.VenueOrderId), new AccountId((int)order.Account), new Price(newPrice), new Quantity(newLeaves), ToFlags(order.Flags) & OrderFlags.PostOnly);
        BeginRequest(request.ClientOrderId, slot, targetsAll: false, isNewOrder: false);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        instrument.Exchange.Amend(in command, ref recorder);
        Translate(instrument, now, ref sink);
        EndRequest();
        PublishTopIfChanged(instrument, now, ref sink);
    }

    private void HandleCancelAll<TSink>(Sbe.CancelAllDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        uint wireInstrument = request.InstrumentId;
        int only = NoSlot;
        if (wireInstrument != Sbe.CancelAllDecoder.InstrumentIdNullValue)
        {
            if (!_indexByWireId.TryGetValue(wireInstrument, out only))
            {
                IgnoredRequests++;
                return;
            }
        }

        if (!TryAccount(request.AccountId, out AccountId account))
        {
            var unknown = new ClientOrder
            {
                ClientOrderId = request.ClientOrderId,
                Account = request.AccountId,
                InstrumentIndex = only == NoSlot ? 0 : only,
                Side = request.Side,
                Price = NullPrice,
            };
            EmitReport(in unknown, request.ClientOrderId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, ResultCode.UnknownAccount, now, ref sink);
            return;
        }

        Sbe.Side side = request.Side;
        BeginRequest(request.ClientOrderId, NoSlot, targetsAll: true, isNewOrder: false);
        for (int i = 0; i < _instruments.Length; i++)
        {
            if (only != NoSlot && i != only)
            {
                continue;
            }

            VenueInstrument instrument = _instruments[i];
            _events.Clear();
            var recorder = new MatchingEventRecorder(_events);
            if (side is Sbe.Side.Buy or Sbe.Side.Sell)
            {
                var collector = new ClientOrderCollector(account, _collected);
                instrument.Exchange.Book.VisitOrders(ToSide(side), ref collector);
                _collected = collector.Buffer;
                for (int k = 0; k < collector.Count; k++)
                {
                    instrument.Exchange.Cancel(new CancelOrder(_collected[k], account), ref recorder);
                }
            }
            else
            {
                instrument.Exchange.CancelAll(account, ref recorder);
            }

            Translate(instrument, now, ref sink);
            PublishTopIfChanged(instrument, now, ref sink);
        }

        EndRequest();
    }

    private bool TryFindOrder(ulong origClientOrderId, ulong account, int instrumentIndex, out int slot)
    {
        if (!_orders.TryFindByClientOrderId(origClientOrderId, out slot))
        {
            return false;
        }

        ref ClientOrder order = ref _orders[slot];
        return order.Account == account && order.InstrumentIndex == instrumentIndex;
    }

    private void BeginRequest(ulong clientOrderId, int slot, bool targetsAll, bool isNewOrder)
    {
        _requestClientOrderId = clientOrderId;
        _requestSlot = slot;
        _requestTargetsAll = targetsAll;
        _requestIsNewOrder = isNewOrder;
    }

    private void EndRequest() => BeginRequest(0, NoSlot, targetsAll: false, isNewOrder: false);

    private ulong ReportIdFor(int slot, in ClientOrder order) =>
        _requestTargetsAll || (slot == _requestSlot && slot != NoSlot) ? _requestClientOrderId : order.ClientOrderId;

    /// <summary>Turns the recorded events of one action into frames, in order.</summary>
    private void Translate<TSink>(VenueInstrument instrument, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        for (int i = 0; i < _events.Count; i++)
        {
            ref readonly MatchingEvent e = ref _events[i];
            switch (e.Kind)
            {
                case MatchingEventKind.Accepted:
                    OnAccepted(e.Accepted, now, ref sink);
                    break;
                case MatchingEventKind.Rejected:
                    OnRejected(e.Rejected, now, ref sink);
                    break;
                case MatchingEventKind.Trade:
                    TradeExecuted trade = e.Trade;
                    if (trade.MakerAccount != SimulatedExchange.MarketAccount)
                    {
                        OnClientFill(instrument, trade.MakerOrderId, trade.Price, trade.Quantity, trade.MakerRemaining, Sbe.BooleanType.True, now, ref sink);
                    }

                    if (trade.TakerAccount != SimulatedExchange.MarketAccount)
                    {
                        OnClientFill(instrument, trade.TakerOrderId, trade.Price, trade.Quantity, trade.TakerRemaining, Sbe.BooleanType.False, now, ref sink);
                    }

                    EmitTradePrint(instrument, in trade, now, ref sink);
                    break;
                case MatchingEventKind.Canceled:
                    OnCanceled(e.Canceled, now, ref sink);
                    break;
                case MatchingEventKind.Amended:
                    OnAmended(e.Amended, now, ref sink);
                    break;
                default:
                    // Rested: the order's New report already went out when it was accepted.
                    break;
            }
        }
    }

    private void OnAccepted<TSink>(in OrderAccepted accepted, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (accepted.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(accepted.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];

        // A reduce-only order may have been capped at the position: the accepted quantity is the order's quantity.
        order.Quantity = accepted.Quantity.Units;
        order.Leaves = accepted.Quantity.Units;
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.New, Sbe.OrderStatus.New, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
    }

    private void OnRejected<TSink>(in OrderRejected rejected, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (rejected.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(rejected.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        ResultCode reason = rejected.Code;
        if (_requestIsNewOrder && slot == _requestSlot)
        {
            // The order itself was refused: it never lived.
            order.Leaves = 0;
            EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, reason, now, ref sink);
            _orders.Remove(slot);
            return;
        }

        // A cancel or amend was refused: the order stays as it was.
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Rejected, order.OpenStatus, NullPrice, 0, Sbe.BooleanType.False, reason, now, ref sink);
    }

    private void OnClientFill<TSink>(VenueInstrument instrument, OrderId venueOrderId, Price price, Quantity quantity, Quantity remaining, Sbe.BooleanType isMaker, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!_orders.TryFindByVenueOrderId(venueOrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        order.Cumulative = checked(order.Cumulative + quantity.Units);
        order.Leaves = remaining.Units;
        instrument.AddFill(new AccountId((int)order.Account), order.Side, quantity.Units);
        Sbe.OrderStatus status = order.Leaves == 0 ? Sbe.OrderStatus.Filled : Sbe.OrderStatus.PartiallyFilled;
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Trade, status, price.Units, quantity.Units, isMaker, ResultCode.Ok, now, ref sink);
        if (order.Leaves == 0)
        {
            _orders.Remove(slot);
        }
    }

    private void OnCanceled<TSink>(in OrderCanceled canceled, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (canceled.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(canceled.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        order.Leaves = 0;
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Canceled, Sbe.OrderStatus.Canceled, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
        _orders.Remove(slot);
    }

    private void OnAmended<TSink>(in OrderAmended amended, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (amended.Account == SimulatedExchange.MarketAccount || !_orders.TryFindByVenueOrderId(amended.OrderId.Value, out int slot))
        {
            return;
        }

        ref ClientOrder order = ref _orders[slot];
        order.Price = amended.Price.Units;
        order.Leaves = amended.Remaining.Units;
        order.Quantity = checked(order.Cumulative + order.Leaves);
        EmitReport(in order, ReportIdFor(slot, in order), Sbe.ExecType.Replaced, order.OpenStatus, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
    }

    private void RejectUnknownOrder<TSink>(ulong clientOrderId, ulong origClientOrderId, ulong account, int instrumentIndex, Sbe.Side side, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        var unknown = new ClientOrder
        {
            ClientOrderId = origClientOrderId,
            Account = account,
            InstrumentIndex = instrumentIndex,
            Side = side,
            Price = NullPrice,
        };
        EmitReport(in unknown, clientOrderId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, ResultCode.UnknownOrder, now, ref sink);
    }

    /// <summary>An order request that cannot be decoded: answered, with whatever id could be read, and counted.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RejectInvalid<TSink>(ReadOnlySpan<byte> message, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        InvalidRequests++;

        // Every order request starts its body with clientOrderId.
        const int IdEnd = Sbe.MessageHeaderDecoder.EncodedLength + sizeof(ulong);
        ulong clientOrderId = message.Length >= IdEnd
            ? BinaryPrimitives.ReadUInt64LittleEndian(message[Sbe.MessageHeaderDecoder.EncodedLength..])
            : Sbe.ExecutionReportEncoder.ClientOrderIdNullValue;
        var encoder = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.OrderId = 0;
        encoder.ClientOrderId = clientOrderId;
        encoder.OrigClientOrderId = clientOrderId;
        encoder.AccountId = Sbe.ExecutionReportEncoder.AccountIdNullValue;
        encoder.ExecId = ++_lastExecId;
        encoder.Price.SetMantissa(NullPrice);
        encoder.Quantity.SetMantissa(0);
        encoder.LeavesQuantity.SetMantissa(0);
        encoder.CumulativeQuantity.SetMantissa(0);
        encoder.LastPrice.SetMantissa(NullPrice);
        encoder.LastQuantity.SetMantissa(0);
        encoder.TransactTime = now;
        encoder.InstrumentId = Sbe.ExecutionReportEncoder.InstrumentIdNullValue;
        encoder.StrategyId = Sbe.ExecutionReportEncoder.StrategyIdNullValue;
        encoder.RejectReason = Sbe.ResultCode.InvalidMessage;
        encoder.VenueId = _venueId;
        encoder.ExecType = Sbe.ExecType.Rejected;
        encoder.OrderStatus = Sbe.OrderStatus.Rejected;
        encoder.Side = Sbe.Side.NullValue;
        encoder.OrderType = Sbe.OrderType.NullValue;
        encoder.TimeInForce = Sbe.TimeInForce.NullValue;
        encoder.Flags = 0;
        encoder.IsMaker = Sbe.BooleanType.False;
        encoder.SetText(ResultCodes.Reason(ResultCode.InvalidMessage));
        ExecutionReports++;
        sink.OnFrame(Sbe.ExecutionReportEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }

    private void EmitReport<TSink>(
        in ClientOrder order,
        ulong clientOrderId,
        Sbe.ExecType execType,
        Sbe.OrderStatus status,
        long lastPrice,
        long lastQuantity,
        Sbe.BooleanType isMaker,
        ResultCode reason,
        long now,
        ref TSink sink)
        where TSink : IFrameSink
    {
        var encoder = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(_frame, 0);
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
        encoder.TransactTime = now;
        encoder.InstrumentId = _instruments[order.InstrumentIndex].WireId;
        encoder.StrategyId = order.StrategyId;
        encoder.RejectReason = reason == ResultCode.Ok ? Sbe.ResultCode.NullValue : (Sbe.ResultCode)reason;
        encoder.VenueId = _venueId;
        encoder.ExecType = execType;
        encoder.OrderStatus = status;
        encoder.Side = order.Side;
        encoder.OrderType = order.OrderType;
        encoder.TimeInForce = order.TimeInForce;
        encoder.Flags = order.Flags;
        encoder.IsMaker = isMaker;
        encoder.SetText(reason == ResultCode.Ok ? string.Empty : ResultCodes.Reason(reason));
        ExecutionReports++;
        sink.OnFrame(Sbe.ExecutionReportEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }

    private void EmitTradePrint<TSink>(VenueInstrument instrument, in TradeExecuted trade, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        var encoder = Sbe.TradeEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.ExchangeTime = now;

        // The venue runs inside its gateway: the gateway has its market data the moment the venue makes it.
        encoder.GatewayReceiveTime = now;
        encoder.VenueSequence = ++instrument.Sequence;
        encoder.TradeId = (ulong)trade.TradeId.Value;
        encoder.Price.SetMantissa(trade.Price.Units);
        encoder.Quantity.SetMantissa(trade.Quantity.Units);
        encoder.InstrumentId = instrument.WireId;
        encoder.VenueId = instrument.VenueWireId;
        encoder.AggressorSide = ToWire(trade.TakerSide);
        MarketDataFrames++;
        sink.OnFrame(Sbe.TradeEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }

    private void PublishTopIfChanged<TSink>(VenueInstrument instrument, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        IL3Book book = instrument.Exchange.Book;
        long bidPrice = NullPrice;
        long bidQuantity = 0;
        long askPrice = NullPrice;
        long askQuantity = 0;
        if (book.TryGetLevel(Side.Buy, 0, out BookLevel bid))
        {
            bidPrice = bid.Price.Units;
            bidQuantity = bid.Quantity.Units;
        }

        if (book.TryGetLevel(Side.Sell, 0, out BookLevel ask))
        {
            askPrice = ask.Price.Units;
            askQuantity = ask.Quantity.Units;
        }

        if (bidPrice == instrument.PublishedBidPrice && bidQuantity == instrument.PublishedBidQuantity
            && askPrice == instrument.PublishedAskPrice && askQuantity == instrument.PublishedAskQuantity)
        {
            return;
        }

        instrument.PublishedBidPrice = bidPrice;
        instrument.PublishedBidQuantity = bidQuantity;
        instrument.PublishedAskPrice = askPrice;
        instrument.PublishedAskQuantity = askQuantity;
        var encoder = Sbe.BestBidOfferEncoder.WrapAndApplyHeader(_frame, 0);
        encoder.ExchangeTime = now;

        // The venue runs inside its gateway: the gateway has its market data the moment the venue makes it.
        encoder.GatewayReceiveTime = now;
        encoder.VenueSequence = ++instrument.Sequence;
        encoder.BidPrice.SetMantissa(bidPrice);
        encoder.BidQuantity.SetMantissa(bidQuantity);
        encoder.AskPrice.SetMantissa(askPrice);
        encoder.AskQuantity.SetMantissa(askQuantity);
        encoder.InstrumentId = instrument.WireId;
        encoder.VenueId = instrument.VenueWireId;
        MarketDataFrames++;
        sink.OnFrame(Sbe.BestBidOfferEncoder.TemplateId, _frame.AsSpan(0, encoder.Limit));
    }
}
