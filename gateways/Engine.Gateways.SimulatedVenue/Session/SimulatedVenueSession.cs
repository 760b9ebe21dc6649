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
public sealed partial class SimulatedVenueSession
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
            TriggerStops(instrument, now, ref sink);
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
        TriggerStops(venueInstrument, TimeNanos, ref sink);
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
}
