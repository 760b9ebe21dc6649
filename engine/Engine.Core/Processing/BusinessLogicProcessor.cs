using System.Runtime.CompilerServices;
using Engine.Ledger;
using Engine.Ledger.Accounts;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// The business-logic processor: the one thread that owns the engine's trading state. It takes journaled inputs
/// one at a time (<see cref="Process"/>: journal sequence, receive time, SBE message), and for each updates market
/// state, runs the hosted strategies, checks their orders with pre-trade risk, reserves funds in the ledger, sends
/// order requests to venues (through <see cref="IEngineOutput"/>), and applies venue execution reports to orders,
/// positions and the ledger. Admin inputs set limits, switches and funds; timer inputs move time.
/// <para>
/// Deterministic: time is the input's receive time, ids come from the input sequence and counters, collections are
/// walked in an order that depends only on the inputs, and there is no clock, randomness, environment, I/O or
/// floating point. So replaying a journal through a fresh processor built from the same <see cref="CoreSettings"/>
/// ends in the same <see cref="StateHash"/>. A malformed input is counted and skipped (it was journaled, so replay
/// skips it too); a bug (an invariant broken) throws, and the pipeline stops loudly.
/// </para>
/// Steady-state processing allocates nothing (strategy parameter changes, rare admin inputs, decode strings).
/// Owned by the BLP thread; not thread-safe.
/// </summary>
public sealed partial class BusinessLogicProcessor
{
    private const int OutputBufferLength = 1024;

    // Risk's largest token-bucket capacity (orders).
    private const int MaxOrderBurst = 1_000_000_000;

    private readonly CoreSettings _settings;
    private readonly IEngineOutput _output;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly MarketState _market;
    private readonly OrderTable _orders = new();
    private readonly TradedInstrument?[] _traded;
    private readonly InternalCrossing _crossing;
    private readonly StrategyContext[] _strategies;
    private readonly StrategyContext?[] _strategyById;
    private readonly bool[] _strategyKilled;
    private readonly byte[] _outputBuffer = new byte[OutputBufferLength];
    private readonly EngineCounters _counters = new();
    private long _nextOrderId = 1;
    private long _sequence;
    private long _inputTime;
    private long _triggerTime;
    private bool _marketDataInput;
    private bool _started;

    public BusinessLogicProcessor(CoreSettings settings, IEngineOutput output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        _settings = settings;
        _output = output;
        _risk = new RiskEngine(settings.Risk);
        var assets = new AssetTable(settings.Registry, settings.LedgerScale);
        _accounting = new Accounting(new Engine.Ledger.Ledger(), assets);
        _market = new MarketState(settings.Registry);
        _traded = BuildTradedInstruments(settings, assets);
        _crossing = new InternalCrossing(_traded, settings.Registry);

        _strategies = new StrategyContext[settings.Strategies.Count];
        int maxStrategy = settings.Risk.MaxStrategyId;
        _strategyById = new StrategyContext?[maxStrategy + 1];
        _strategyKilled = new bool[maxStrategy + 1];
        for (int i = 0; i < _strategies.Length; i++)
        {
            StrategyDefinition definition = settings.Strategies[i];
            if (definition.Id.Value < 1 || definition.Id.Value > maxStrategy)
            {
                throw new ArgumentException($"strategy {definition.Kind} has id {definition.Id.Value}, outside 1..{maxStrategy} (risk's maxStrategyId)", nameof(settings));
            }

            if (_strategyById[definition.Id.Value] is not null)
            {
                throw new ArgumentException($"two strategies have id {definition.Id.Value}", nameof(settings));
            }

            var context = new StrategyContext(this, definition, definition.Create());
            _strategies[i] = context;
            _strategyById[definition.Id.Value] = context;
            OpenAccount(definition.Account);
        }
    }

    public CoreSettings Settings => _settings;

    public RiskEngine Risk => _risk;

    public Engine.Ledger.Ledger Ledger => _accounting.Ledger;

    public AssetTable Assets => _accounting.Assets;

    public MarketState Market => _market;

    public OrderTable Orders => _orders;

    public EngineCounters Counters => _counters;

    public IReadOnlyList<StrategyContext> Strategies => _strategies;

    /// <summary>The journal sequence of the last input processed.</summary>
    public long Sequence => _sequence;

    /// <summary>
    /// True while the current input is market data: its orders carry the frame's venue time as their sending time,
    /// from which the host measures tick-to-trade.
    /// </summary>
    public bool CurrentInputIsMarketData => _marketDataInput;

    /// <summary>The current input's time (its receive time, ns): the engine's only clock.</summary>
    public long InputTime => _inputTime;

    /// <summary>The traded instrument with this id (risk configured it); throws for another.</summary>
    public TradedInstrument Traded(InstrumentId instrument) =>
        TryTraded(instrument) ?? throw new ArgumentOutOfRangeException(nameof(instrument), instrument.Value, "the instrument is not traded by this engine (not in the risk config)");

    public TradedInstrument? TryTraded(InstrumentId instrument) =>
        instrument.Value > 0 && instrument.Value < _traded.Length ? _traded[instrument.Value] : null;

    /// <summary>Runs every strategy's <see cref="Strategy.OnStart"/>; the first input does it when not called.</summary>
    public void Start()
    {
        if (_started)
        {
            return;
        }

        _started = true;
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnStart(context);
        }
    }

    /// <summary>Applies one journaled input: <paramref name="message"/> is an SBE message with its header.</summary>
    public void Process(long sequence, long receiveTime, ReadOnlySpan<byte> message)
    {
        if (sequence <= _sequence)
        {
            throw new InvalidOperationException($"input sequence {sequence} is not after {_sequence}: inputs must be applied once, in journal order");
        }

        Start();
        _sequence = sequence;
        _reportsThisInput = 0;
        _inputTime = receiveTime;
        _triggerTime = receiveTime;
        _marketDataInput = false;
        _accounting.BeginInput(sequence);
        _counters.Inputs++;
        if (message.Length < Sbe.MessageHeaderDecoder.EncodedLength)
        {
            _counters.MalformedInputs++;
            return;
        }

        var header = new Sbe.MessageHeaderDecoder(message, 0, Sbe.EngineSchema.Version);
        if (header.SchemaId != Sbe.EngineSchema.Id)
        {
            _counters.MalformedInputs++;
            return;
        }

        int transfersBefore = _accounting.Ledger.TransferCount;
        try
        {
            Dispatch(header.TemplateId, header.BlockLength, header.Version, message);
        }
        catch (InvalidDataException)
        {
            // A frame the receiver let through but the codec refuses (truncated groups or var data): journaled, so
            // replay refuses it identically. Nothing was applied: every handler decodes before it changes state.
            _counters.MalformedInputs++;
        }

        PublishTransfers(transfersBefore);
    }

    /// <summary>A hash of every piece of state: risk, ledger, orders, market, strategies and counters.</summary>
    public ulong StateHash()
    {
        StateHasher hasher = StateHasher.Create();
        hasher.Add(_sequence);
        hasher.Add(_inputTime);
        hasher.Add(_nextOrderId);
        _counters.AddToHash(ref hasher);
        _orders.AddToHash(ref hasher);
        _crossing.AddToHash(ref hasher);
        _market.AddToHash(ref hasher);
        _risk.AddToHash(ref hasher);
        _accounting.Ledger.AddToStateHash(ref hasher);
        for (int i = 0; i < _strategyKilled.Length; i++)
        {
            hasher.Add(_strategyKilled[i] ? 1 : 0);
        }

        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.AddToHash(ref hasher);
        }

        return hasher.Finish();
    }

    /// <summary>
    /// Writes the whole state (between inputs) for a snapshot: a processor built from the same settings and restored
    /// from it has the same <see cref="StateHash"/>, and continues exactly as this one would.
    /// </summary>
    public void WriteSnapshot(Stream stream)
    {
        var writer = new SnapshotWriter(stream);
        writer.BeginSection("blp");
        writer.WriteArray<long>([_nextOrderId, _sequence, _inputTime, _started ? 1 : 0]);
        writer.WriteArray<bool>(_strategyKilled);
        _counters.WriteSnapshot(writer);
        _orders.WriteSnapshot(writer);
        _crossing.WriteSnapshot(writer);
        _market.WriteSnapshot(writer);
        _risk.WriteSnapshot(writer);
        _accounting.Ledger.WriteSnapshot(writer);
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.WriteSnapshot(writer);
        }

        writer.BeginSection("end");
    }

    /// <summary>Restores a fresh processor (no input applied yet) from <see cref="WriteSnapshot"/>'s output.</summary>
    public void RestoreSnapshot(Stream stream)
    {
        if (_sequence != 0 || _started)
        {
            throw new InvalidOperationException("a snapshot restores into a processor that has not processed anything");
        }

        var reader = new SnapshotReader(stream);
        reader.ExpectSection("blp");
        long[] scalars = reader.ReadArray<long>();
        if (scalars.Length != 4)
        {
            throw new SnapshotFormatException($"snapshot: {scalars.Length} processor fields, this build has 4");
        }

        reader.ReadInto<bool>(_strategyKilled);
        _counters.RestoreSnapshot(reader);
        _orders.RestoreSnapshot(reader);
        _crossing.RestoreSnapshot(reader);
        _market.RestoreSnapshot(reader);
        _risk.RestoreSnapshot(reader);
        _accounting.Ledger.RestoreSnapshot(reader);
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.RestoreSnapshot(reader);
        }

        reader.ExpectSection("end");
        (_nextOrderId, _sequence, _inputTime, _started) = (scalars[0], scalars[1], scalars[2], scalars[3] != 0);
    }

    public int OpenOrderCount(StrategyId strategy)
    {
        int count = 0;
        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (!order.Id.IsNone && order.Strategy == strategy)
            {
                count++;
            }
        }

        return count;
    }

    public bool IsOpen(OrderId order) => _orders.Contains(order);

    public Price OrderPrice(OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        return Unsafe.IsNullRef(ref order) ? Price.Zero : order.Price;
    }

    // ------------------------------------------------------------------------------------------------ dispatch

    private void Dispatch(int templateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        // Admin inputs are answered with an AdminResult (BusinessLogicProcessor.Status.cs).
        bool admin = IsAdminInput(templateId);
        if (admin)
        {
            BeginAdmin();
        }

        DispatchInput(templateId, blockLength, version, message);
        if (admin)
        {
            EndAdmin(templateId, blockLength, version, message);
        }
    }

    private void DispatchInput(int templateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        const int Body = Sbe.MessageHeaderDecoder.EncodedLength;
        switch (templateId)
        {
            case Sbe.BestBidOfferDecoder.TemplateId:
                OnBestBidOffer(new Sbe.BestBidOfferDecoder(message, Body, blockLength, version));
                break;
            case Sbe.TradeDecoder.TemplateId:
                OnTrade(new Sbe.TradeDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L2SnapshotDecoder.TemplateId:
                OnL2Snapshot(new Sbe.L2SnapshotDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L2UpdateDecoder.TemplateId:
                OnL2Update(new Sbe.L2UpdateDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderAddedDecoder.TemplateId:
                OnL3OrderAdded(new Sbe.L3OrderAddedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderModifiedDecoder.TemplateId:
                OnL3OrderModified(new Sbe.L3OrderModifiedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderDeletedDecoder.TemplateId:
                OnL3OrderDeleted(new Sbe.L3OrderDeletedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderExecutedDecoder.TemplateId:
                OnL3OrderExecuted(new Sbe.L3OrderExecutedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.FundingRateDecoder.TemplateId:
                OnFundingRate(new Sbe.FundingRateDecoder(message, Body, blockLength, version));
                break;
            case Sbe.ExecutionReportDecoder.TemplateId:
                OnExecutionReport(new Sbe.ExecutionReportDecoder(message, Body, blockLength, version));
                break;
            case Sbe.NewOrderDecoder.TemplateId:
                OnNewOrder(new Sbe.NewOrderDecoder(message, Body, blockLength, version));
                break;
            case Sbe.CancelOrderDecoder.TemplateId:
                OnCancelOrder(new Sbe.CancelOrderDecoder(message, Body, blockLength, version));
                break;
            case Sbe.AmendOrderDecoder.TemplateId:
                OnAmendOrder(new Sbe.AmendOrderDecoder(message, Body, blockLength, version));
                break;
            case Sbe.CancelAllDecoder.TemplateId:
                OnCancelAll(new Sbe.CancelAllDecoder(message, Body, blockLength, version));
                break;
            case Sbe.KillSwitchDecoder.TemplateId:
                OnKillSwitch(new Sbe.KillSwitchDecoder(message, Body, blockLength, version));
                break;
            case Sbe.RiskLimitChangeDecoder.TemplateId:
                OnRiskLimitChange(new Sbe.RiskLimitChangeDecoder(message, Body, blockLength, version));
                break;
            case Sbe.DeadManHeartbeatDecoder.TemplateId:
                OnDeadManHeartbeat(new Sbe.DeadManHeartbeatDecoder(message, Body, blockLength, version));
                break;
            case Sbe.InstrumentTradingActionDecoder.TemplateId:
                OnInstrumentTradingAction(new Sbe.InstrumentTradingActionDecoder(message, Body, blockLength, version));
                break;
            case Sbe.StrategyParameterChangeDecoder.TemplateId:
                OnStrategyParameterChange(new Sbe.StrategyParameterChangeDecoder(message, Body, blockLength, version));
                break;
            case Sbe.FundsTransferRequestDecoder.TemplateId:
                OnFundsTransfer(new Sbe.FundsTransferRequestDecoder(message, Body, blockLength, version));
                break;
            case Sbe.StatusRequestDecoder.TemplateId:
                OnStatusRequest(new Sbe.StatusRequestDecoder(message, Body, blockLength, version));
                break;
            case Sbe.ClientDisconnectedDecoder.TemplateId:
                OnClientDisconnected(new Sbe.ClientDisconnectedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.TimerTickDecoder.TemplateId:
                OnTimerTick(new Sbe.TimerTickDecoder(message, Body, blockLength, version));
                break;
            default:
                // Markers (snapshot requests, checkpoints) and messages this engine does not consume: journaled, no state.
                _counters.IgnoredInputs++;
                break;
        }
    }

    // ------------------------------------------------------------------------------------------------ market data

    private void OnBestBidOffer(Sbe.BestBidOfferDecoder bbo)
    {
        var instrument = new InstrumentId((int)bbo.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        _counters.MarketData++;
        _triggerTime = bbo.VenueTime;
        _marketDataInput = true;
        Price bid = WireConversions.ToPrice(bbo.BidPrice.Mantissa);
        Price ask = WireConversions.ToPrice(bbo.AskPrice.Mantissa);
        bool changed = _market.SetTop(instrument, bid, new Quantity(bbo.BidQuantity.Mantissa), ask, new Quantity(bbo.AskQuantity.Mantissa), bbo.VenueTime, (long)bbo.VenueSequence);
        AfterTopChange(instrument, changed);
    }

    private void OnTrade(Sbe.TradeDecoder trade)
    {
        var instrument = new InstrumentId((int)trade.InstrumentId);
        if (!_market.IsKnown(instrument) || trade.Price.Mantissa <= 0 || trade.Quantity.Mantissa <= 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        _counters.MarketData++;
        _triggerTime = trade.VenueTime;
        _marketDataInput = true;
        bool hasAggressor = WireConversions.TryToSide(trade.AggressorSide, out Side aggressor);
        var print = new MarketTrade(instrument, new Price(trade.Price.Mantissa), new Quantity(trade.Quantity.Mantissa), aggressor, hasAggressor, trade.VenueTime);
        _market.SetLastTrade(print, (long)trade.VenueSequence);
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnTrade(context, print);
        }
    }

    private void OnL2Snapshot(Sbe.L2SnapshotDecoder snapshot)
    {
        var instrument = new InstrumentId((int)snapshot.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        _counters.MarketData++;
        _triggerTime = snapshot.VenueTime;
        _marketDataInput = true;
        long venueTime = snapshot.VenueTime;
        long venueSequence = (long)snapshot.VenueSequence;
        _market.ClearBook(instrument);
        Sbe.L2SnapshotDecoder.BidsDecoder bids = snapshot.Bids();
        while (bids.MoveNext())
        {
            _market.SetLevel(instrument, Side.Buy, new Price(bids.Price.Mantissa), new Quantity(Math.Max(0, bids.Quantity.Mantissa)));
        }

        Sbe.L2SnapshotDecoder.AsksDecoder asks = snapshot.Asks();
        while (asks.MoveNext())
        {
            _market.SetLevel(instrument, Side.Sell, new Price(asks.Price.Mantissa), new Quantity(Math.Max(0, asks.Quantity.Mantissa)));
        }

        AfterTopChange(instrument, _market.TopFromBook(instrument, venueTime, venueSequence));
    }

    private void OnL2Update(Sbe.L2UpdateDecoder update)
    {
        var instrument = new InstrumentId((int)update.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        _counters.MarketData++;
        _triggerTime = update.VenueTime;
        _marketDataInput = true;
        long venueTime = update.VenueTime;
        long venueSequence = (long)update.VenueSequence;
        Sbe.L2UpdateDecoder.LevelsDecoder levels = update.Levels();
        while (levels.MoveNext())
        {
            if (!WireConversions.TryToSide(levels.Side, out Side side) || levels.Price.Mantissa <= 0)
            {
                continue;
            }

            long quantity = levels.Action == Sbe.UpdateAction.Delete ? 0 : Math.Max(0, levels.Quantity.Mantissa);
            _market.SetLevel(instrument, side, new Price(levels.Price.Mantissa), new Quantity(quantity));
        }

        AfterTopChange(instrument, _market.TopFromBook(instrument, venueTime, venueSequence));
    }

    // L3 messages maintain the instrument's order-by-order mirror; the L2 book and the top follow it. A message naming
    // an order the mirror does not hold is counted by MarketState (still market data: it was a valid message).
    private void OnL3OrderAdded(Sbe.L3OrderAddedDecoder added)
    {
        var instrument = new InstrumentId((int)added.InstrumentId);
        if (!_market.IsKnown(instrument) || !WireConversions.TryToSide(added.Side, out Side side) || added.Price.Mantissa <= 0 || added.Quantity.Mantissa <= 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        BeginL3(added.VenueTime);
        _market.L3Add(instrument, (long)added.VenueOrderId, side, new Price(added.Price.Mantissa), new Quantity(added.Quantity.Mantissa), (long)added.VenueSequence);
        AfterTopChange(instrument, _market.TopFromBook(instrument, added.VenueTime, (long)added.VenueSequence));
    }

    private void OnL3OrderModified(Sbe.L3OrderModifiedDecoder modified)
    {
        var instrument = new InstrumentId((int)modified.InstrumentId);
        if (!_market.IsKnown(instrument) || modified.Price.Mantissa <= 0 || modified.Quantity.Mantissa < 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        BeginL3(modified.VenueTime);
        _market.L3Modify(instrument, (long)modified.VenueOrderId, new Price(modified.Price.Mantissa), new Quantity(modified.Quantity.Mantissa), (long)modified.VenueSequence);
        AfterTopChange(instrument, _market.TopFromBook(instrument, modified.VenueTime, (long)modified.VenueSequence));
    }

    private void OnL3OrderDeleted(Sbe.L3OrderDeletedDecoder deleted)
    {
        var instrument = new InstrumentId((int)deleted.InstrumentId);
        if (!_market.IsKnown(instrument))
        {
            _counters.IgnoredInputs++;
            return;
        }

        BeginL3(deleted.VenueTime);
        _market.L3Delete(instrument, (long)deleted.VenueOrderId, (long)deleted.VenueSequence);
        AfterTopChange(instrument, _market.TopFromBook(instrument, deleted.VenueTime, (long)deleted.VenueSequence));
    }

    private void OnL3OrderExecuted(Sbe.L3OrderExecutedDecoder executed)
    {
        var instrument = new InstrumentId((int)executed.InstrumentId);
        if (!_market.IsKnown(instrument) || executed.ExecutedQuantity.Mantissa <= 0)
        {
            _counters.IgnoredInputs++;
            return;
        }

        BeginL3(executed.VenueTime);
        long venueTime = executed.VenueTime;
        long venueSequence = (long)executed.VenueSequence;
        var quantity = new Quantity(executed.ExecutedQuantity.Mantissa);
        Price price = WireConversions.ToPrice(executed.Price.Mantissa);
        bool known = _market.L3Execute(instrument, (long)executed.VenueOrderId, quantity, venueSequence, out Engine.Matching.BookOrder resting);
        Side restingSide = resting.Side;
        bool hasSide = known || WireConversions.TryToSide(executed.Side, out restingSide);
        if (price.Units <= 0)
        {
            price = resting.Price;
        }

        AfterTopChange(instrument, _market.TopFromBook(instrument, venueTime, venueSequence));
        if (price.Units <= 0)
        {
            // An unknown order without an explicit price: there is no price to print.
            return;
        }

        // The resting order was the maker, so the aggressor is the other side.
        Side aggressor = restingSide == Side.Buy ? Side.Sell : Side.Buy;
        var print = new MarketTrade(instrument, price, quantity, aggressor, hasSide, venueTime);
        _market.SetLastTrade(print, venueSequence);
        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnTrade(context, print);
        }
    }

    private void BeginL3(long venueTime)
    {
        _counters.MarketData++;
        _triggerTime = venueTime;
        _marketDataInput = true;
    }

    private void AfterTopChange(InstrumentId instrument, bool changed)
    {
        ref readonly TopOfBook top = ref _market.Top(instrument);
        if (TryTraded(instrument) is not null && top.Mid.Units > 0)
        {
            _risk.SetMarkPrice(instrument, top.Mid);
        }

        if (!changed)
        {
            return;
        }

        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnBook(context, top);
        }
    }

    // ------------------------------------------------------------------------------------------------ orders in

    internal OrderId SubmitFromStrategy(StrategyContext context, InstrumentId instrument, Side side, OrderType type, TimeInForce timeInForce, Price price, Quantity quantity, OrderFlags flags)
    {
        OrderId id = Submit(context.Account, context.Id, instrument, side, type, timeInForce, price, quantity, flags, out int code);
        context.LastRejectCode = code;
        return id;
    }

    private void OnNewOrder(Sbe.NewOrderDecoder order)
    {
        var account = new AccountId((int)Math.Min(order.AccountId, int.MaxValue));
        var instrument = new InstrumentId((int)Math.Min(order.InstrumentId, int.MaxValue));
        bool valid = WireConversions.TryToSide(order.Side, out Side side)
            & WireConversions.TryToOrderType(order.OrderType, out OrderType type)
            & WireConversions.TryToTimeInForce(order.TimeInForce, out TimeInForce timeInForce);
        ulong clientOrderId = order.ClientOrderId;
        if (!valid || order.StrategyId > int.MaxValue)
        {
            _counters.OrdersRejected++;
            PublishReject(clientOrderId, account, Sbe.NewOrderDecoder.TemplateId, Sbe.RejectReason.InvalidMessage, "unsupported side, order type, time in force or strategy id");
            return;
        }

        Price price = type == OrderType.Limit || order.Price.Mantissa != long.MinValue ? WireConversions.ToPrice(order.Price.Mantissa) : Price.Zero;
        OrderId id = Submit(account, new StrategyId((int)order.StrategyId), instrument, side, type, timeInForce, price, new Quantity(order.Quantity.Mantissa), WireConversions.ToOrderFlags(order.Flags), out int code);
        if (id.IsNone)
        {
            PublishReject(clientOrderId, account, Sbe.NewOrderDecoder.TemplateId, ToWireReason(code), null);
        }
    }

    /// <summary>Checks, reserves and sends one order; returns its id, or none with the reject code.</summary>
    private OrderId Submit(AccountId account, StrategyId strategy, InstrumentId instrument, Side side, OrderType type, TimeInForce timeInForce, Price price, Quantity quantity, OrderFlags flags, out int code)
    {
        _counters.OrdersSubmitted++;
        TradedInstrument? traded = TryTraded(instrument);
        if (traded is null)
        {
            return Refuse((int)RiskRejectCode.UnknownInstrument, out code);
        }

        if (strategy.Value > 0 && strategy.Value < _strategyKilled.Length && _strategyKilled[strategy.Value])
        {
            return Refuse((int)RiskRejectCode.GlobalKillSwitch, out code);
        }

        bool crossed = _crossing.Crosses(instrument);
        if (crossed && type == OrderType.Limit && timeInForce == TimeInForce.Gtc && _crossing.IsFull(instrument))
        {
            return Refuse((int)ResultCode.InternalBookFull, out code);
        }

        var id = new OrderId(_nextOrderId);
        var command = new NewOrder(id, account, side, type, timeInForce, price, quantity, flags);
        var balances = new LedgerBalances(this);
        RiskRejectCode risk = _risk.Check(new RiskOrder(command, instrument, strategy, _inputTime), ref balances);
        if (risk != RiskRejectCode.Ok)
        {
            return Refuse((int)risk, out code);
        }

        // A market order holds funds at its protection price (the worst it may trade at).
        LedgerResult reserved = _accounting.Reserve(traded, account, side, price, quantity, id, _inputTime, out Engine.Ledger.Transfers.TransferId reservation);
        if (reserved != LedgerResult.Ok)
        {
            return Refuse((int)reserved, out code);
        }

        _nextOrderId++;
        _risk.OnOrderAccepted(account, instrument, side, quantity);
        ref OrderRecord record = ref _orders.Add(id);
        record.Account = account;
        record.Strategy = strategy;
        record.Instrument = instrument;
        record.Side = side;
        record.Type = type;
        record.TimeInForce = timeInForce;
        record.Flags = flags;
        record.Price = price;
        record.Quantity = quantity;
        record.State = OrderState.PendingNew;
        record.Reservation = reservation;
        record.CreatedTime = _inputTime;
        _counters.OrdersAccepted++;
        code = 0;
        if (crossed)
        {
            // Matched now (or, when this runs inside another internal order's events, right after them): the record
            // may be gone (filled, canceled) when this returns.
            CrossNew(id);
        }
        else
        {
            PublishNewOrder(ref record);
        }

        return id;
    }

    private OrderId Refuse(int rejectCode, out int code)
    {
        _counters.OrdersRejected++;
        _counters.LastRejectCode = rejectCode;
        code = rejectCode;
        return OrderId.None;
    }

    internal bool CancelFromStrategy(StrategyContext context, OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order) || order.Strategy != context.Id)
        {
            context.LastRejectCode = (int)ResultCode.UnknownOrder;
            return false;
        }

        context.LastRejectCode = 0;
        return RequestCancel(ref order);
    }

    internal bool AmendFromStrategy(StrategyContext context, OrderId id, Price price, Quantity quantity)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order) || order.Strategy != context.Id)
        {
            context.LastRejectCode = (int)ResultCode.UnknownOrder;
            return false;
        }

        context.LastRejectCode = RequestAmend(ref order, price, quantity);
        return context.LastRejectCode == 0;
    }

    private bool RequestCancel(ref OrderRecord order)
    {
        if (order.State is OrderState.PendingCancel)
        {
            return false;
        }

        order.State = OrderState.PendingCancel;
        _counters.CancelRequests++;
        if (_crossing.Crosses(order.Instrument))
        {
            CrossCancel(order.Id);
            return true;
        }

        var cancel = Sbe.CancelOrderEncoder.WrapAndApplyHeader(_outputBuffer, 0);
        cancel.ClientOrderId = (ulong)order.Id.Value;
        cancel.OrigClientOrderId = (ulong)order.Id.Value;
        cancel.OrderId = order.VenueOrderId == 0 ? Sbe.CancelOrderEncoder.OrderIdNullValue : (ulong)order.VenueOrderId;
        cancel.AccountId = (ulong)order.Account.Value;
        cancel.SendingTime = _triggerTime;
        cancel.InstrumentId = (uint)order.Instrument.Value;
        cancel.Side = WireConversions.ToWire(order.Side);
        _output.Publish(Sbe.CancelOrderEncoder.TemplateId, _outputBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + cancel.EncodedLength));
        return true;
    }

    /// <summary>Checks an amend with risk, holds the funds it needs on top of the current reservation, and sends it.</summary>
    private int RequestAmend(ref OrderRecord order, Price price, Quantity quantity)
    {
        if (order.State != OrderState.Working)
        {
            return (int)ResultCode.UnknownOrder;
        }

        TradedInstrument traded = Traded(order.Instrument);
        var balances = new LedgerBalances(this);
        var amend = new AmendOrder(order.Id, order.Account, price, quantity, order.Flags);
        RiskRejectCode risk = _risk.CheckAmend(new RiskAmend(amend, order.Instrument, order.Strategy, order.Side, order.Leaves, Price.Zero, _inputTime), ref balances);
        if (risk != RiskRejectCode.Ok)
        {
            return (int)risk;
        }

        if (quantity.Units <= order.Filled.Units)
        {
            return (int)ResultCode.QuantityNotPositive;
        }

        // Hold the amended order's needs in full until the venue confirms (then the old reservation is voided).
        var newLeaves = new Quantity(quantity.Units - order.Filled.Units);
        LedgerResult reserved = _accounting.Reserve(traded, order.Account, order.Side, price, newLeaves, order.Id, _inputTime, out Engine.Ledger.Transfers.TransferId pending);
        if (reserved != LedgerResult.Ok)
        {
            return (int)reserved;
        }

        order.PendingReservation = pending;
        order.PendingPrice = price;
        order.PendingQuantity = quantity;
        order.State = OrderState.PendingAmend;
        _counters.AmendRequests++;
        if (_crossing.Crosses(order.Instrument))
        {
            CrossAmend(order.Id);
            return 0;
        }

        var request = Sbe.AmendOrderEncoder.WrapAndApplyHeader(_outputBuffer, 0);
        request.ClientOrderId = (ulong)order.Id.Value;
        request.OrigClientOrderId = (ulong)order.Id.Value;
        request.OrderId = order.VenueOrderId == 0 ? Sbe.AmendOrderEncoder.OrderIdNullValue : (ulong)order.VenueOrderId;
        request.AccountId = (ulong)order.Account.Value;
        request.Price.SetMantissa(price.Units);
        request.Quantity.SetMantissa(quantity.Units);
        request.SendingTime = _triggerTime;
        request.InstrumentId = (uint)order.Instrument.Value;
        request.Side = WireConversions.ToWire(order.Side);
        _output.Publish(Sbe.AmendOrderEncoder.TemplateId, _outputBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));
        return 0;
    }

    private void OnCancelOrder(Sbe.CancelOrderDecoder cancel)
    {
        var account = new AccountId((int)Math.Min(cancel.AccountId, int.MaxValue));
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(cancel.OrigClientOrderId, long.MaxValue)));
        if (Unsafe.IsNullRef(ref order) || order.Account != account || !RequestCancel(ref order))
        {
            PublishReject(cancel.ClientOrderId, account, Sbe.CancelOrderDecoder.TemplateId, Sbe.RejectReason.UnknownOrderId, null);
        }
    }

    private void OnAmendOrder(Sbe.AmendOrderDecoder amend)
    {
        var account = new AccountId((int)Math.Min(amend.AccountId, int.MaxValue));
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(amend.OrigClientOrderId, long.MaxValue)));
        if (Unsafe.IsNullRef(ref order) || order.Account != account)
        {
            PublishReject(amend.ClientOrderId, account, Sbe.AmendOrderDecoder.TemplateId, Sbe.RejectReason.UnknownOrderId, null);
            return;
        }

        Price price = amend.Price.Mantissa == long.MinValue ? order.Price : new Price(amend.Price.Mantissa);
        int code = RequestAmend(ref order, price, new Quantity(amend.Quantity.Mantissa));
        if (code != 0)
        {
            _counters.LastRejectCode = code;
            PublishReject(amend.ClientOrderId, account, Sbe.AmendOrderDecoder.TemplateId, ToWireReason(code), null);
        }
    }

    private void OnCancelAll(Sbe.CancelAllDecoder cancel)
    {
        var account = new AccountId((int)Math.Min(cancel.AccountId, int.MaxValue));
        var instrument = cancel.InstrumentId == Sbe.CancelAllDecoder.InstrumentIdNullValue ? InstrumentId.None : new InstrumentId((int)cancel.InstrumentId);
        bool anySide = !WireConversions.TryToSide(cancel.Side, out Side side);
        _counters.AdminInputs++;
        CancelWhere(account, instrument, anySide, side, StrategyId.None);
    }

    /// <summary>Sends a cancel for every open order matching the filter (none = any), walking slots in order.</summary>
    private int CancelWhere(AccountId account, InstrumentId instrument, bool anySide, Side side, StrategyId strategy)
    {
        int sent = 0;
        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (order.Id.IsNone
                || (!account.IsNone && order.Account != account)
                || (!instrument.IsNone && order.Instrument != instrument)
                || (!anySide && order.Side != side)
                || (!strategy.IsNone && order.Strategy != strategy))
            {
                continue;
            }

            if (RequestCancel(ref order))
            {
                sent++;
            }
        }

        return sent;
    }

    // ------------------------------------------------------------------------------------------------ venue reports

    private void OnExecutionReport(Sbe.ExecutionReportDecoder report)
    {
        // origClientOrderId names the order (clientOrderId names the request: a cancel's answer carries the cancel's id).
        ulong engineOrderId = report.OrigClientOrderId == Sbe.ExecutionReportDecoder.OrigClientOrderIdNullValue ? report.ClientOrderId : report.OrigClientOrderId;
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(engineOrderId, long.MaxValue)));
        // An internal order has no venue: a report naming one is not about it.
        if (Unsafe.IsNullRef(ref order) || _crossing.Crosses(order.Instrument))
        {
            _counters.UnknownExecutionReports++;
            return;
        }

        switch (report.ExecType)
        {
            case Sbe.ExecType.New:
                if (order.State == OrderState.PendingNew)
                {
                    order.State = OrderState.Working;
                }

                order.VenueOrderId = (long)report.OrderId;
                Notify(ref order, Quantity.Zero, Price.Zero, 0);
                break;
            case Sbe.ExecType.Trade:
                OnFill(ref order, WireConversions.ToPrice(report.LastPrice.Mantissa), new Quantity(report.LastQuantity.Mantissa), report.IsMaker == Sbe.BooleanType.True, (long)report.ExecId);
                break;
            case Sbe.ExecType.Canceled:
            case Sbe.ExecType.Expired:
                CloseOrder(ref order, OrderState.Canceled, 0);
                break;
            case Sbe.ExecType.Rejected:
                if (order.State == OrderState.PendingAmend)
                {
                    // The venue refused the amend, not the order: drop the amend's extra hold, keep working.
                    DropPendingReservation(ref order);
                    order.State = OrderState.Working;
                    Notify(ref order, Quantity.Zero, Price.Zero, (int)report.RejectReason);
                    break;
                }

                CloseOrder(ref order, OrderState.Rejected, report.RejectReason == Sbe.RejectReason.NullValue ? (int)ResultCode.UnknownOrder : (int)report.RejectReason);
                break;
            case Sbe.ExecType.Replaced:
                OnReplaced(ref order);
                break;
            default:
                _counters.IgnoredInputs++;
                break;
        }
    }

    /// <summary>Releases the extra hold an amend took (its PendingReservation) when the amend will not happen.</summary>
    private void DropPendingReservation(ref OrderRecord order)
    {
        ReleaseOrBreak(order.PendingReservation, order.Account);
        order.PendingReservation = default;
    }

    private void OnFill(ref OrderRecord order, Price price, Quantity quantity, bool maker, long tradeId)
    {
        TradedInstrument traded = Traded(order.Instrument);
        if (price.Units <= 0 || quantity.Units <= 0 || quantity.Units > order.Leaves.Units)
        {
            // A fill the order cannot have had: the venue and the engine disagree. Record it and stop the account.
            AccountingBreak(order.Account);
            return;
        }

        _counters.Fills++;
        order.Filled = new Quantity(order.Filled.Units + quantity.Units);
        if (!_accounting.TryFee(traded, price, quantity, maker, out Amount notional, out Amount fee))
        {
            AccountingBreak(order.Account);
            return;
        }

        long feeMoney = _accounting.Assets.FromLedger(fee, traded.MoneyScale);
        LedgerResult posted;
        bool killed;
        if (traded.IsSpot)
        {
            posted = _accounting.PostSpotFill(traded, ref order, price, quantity, notional, fee, tradeId, _inputTime);
            killed = _risk.OnFill(order.Account, order.Instrument, order.Side, price, quantity, new Amount(feeMoney));
        }
        else
        {
            long realisedBefore = _risk.GetPosition(order.Account, order.Instrument).RealisedPnl.Units;
            killed = _risk.OnFill(order.Account, order.Instrument, order.Side, price, quantity, new Amount(feeMoney));
            long realised = _risk.GetPosition(order.Account, order.Instrument).RealisedPnl.Units - realisedBefore;
            posted = _accounting.PostDerivativeFill(traded, order.Account, order.Side, quantity, _accounting.Assets.ToLedger(realised, traded.MoneyScale), fee, tradeId, _inputTime);
        }

        if (posted != LedgerResult.Ok)
        {
            AccountingBreak(order.Account);
        }

        Notify(ref order, quantity, price, 0);
        if (order.Leaves.Units == 0)
        {
            CloseOrder(ref order, OrderState.Filled, 0);
        }

        if (killed)
        {
            CancelOrdersOfKilledAccount(order.Account);
        }
    }

    private void OnReplaced(ref OrderRecord order)
    {
        if (order.State != OrderState.PendingAmend)
        {
            _counters.IgnoredInputs++;
            return;
        }

        ReleaseOrBreak(order.Reservation, order.Account);
        _risk.OnOrderReleased(order.Account, order.Instrument, order.Side, order.Leaves);
        order.Reservation = order.PendingReservation;
        order.PendingReservation = default;
        order.Price = order.PendingPrice;
        order.Quantity = order.PendingQuantity;
        order.State = OrderState.Working;
        _risk.OnOrderAccepted(order.Account, order.Instrument, order.Side, order.Leaves);
        Notify(ref order, Quantity.Zero, Price.Zero, 0);
    }

    /// <summary>The order is done: releases what it still holds and removes it.</summary>
    private void CloseOrder(ref OrderRecord order, OrderState state, int code)
    {
        ReleaseOrBreak(order.Reservation, order.Account);
        ReleaseOrBreak(order.PendingReservation, order.Account);
        order.Reservation = default;
        order.PendingReservation = default;
        if (order.Leaves.Units > 0)
        {
            _risk.OnOrderReleased(order.Account, order.Instrument, order.Side, order.Leaves);
        }

        order.State = state;
        if (state == OrderState.Filled)
        {
            _counters.OrdersFilled++;
        }
        else if (state == OrderState.Canceled)
        {
            _counters.OrdersCanceled++;
        }
        else
        {
            _counters.OrdersRejected++;
        }

        Notify(ref order, Quantity.Zero, Price.Zero, code);
        _orders.Remove(order.Id);
    }

    private void ReleaseOrBreak(Engine.Ledger.Transfers.TransferId reservation, AccountId account)
    {
        if (_accounting.Release(reservation, _inputTime) != LedgerResult.Ok)
        {
            AccountingBreak(account);
        }
    }

    /// <summary>
    /// The ledger refused to record something that already happened at a venue (a fill, a release): the books no
    /// longer describe the account. Count it and stop the account (kill switch, orders canceled); an operator must
    /// reconcile. Never silently ignored, never thrown (the venue's fact stands).
    /// </summary>
    private void AccountingBreak(AccountId account)
    {
        _counters.AccountingBreaks++;
        if (_risk.IsAccountOpen(account) && !_risk.IsAccountKillSwitchOn(account))
        {
            _risk.SetAccountKillSwitch(account, true);
            CancelOrdersOfKilledAccount(account);
        }
    }

    /// <summary>Cancels every open order of an account whose kill switch just turned on.</summary>
    private void CancelOrdersOfKilledAccount(AccountId account) =>
        _counters.KillSwitchCancels += CancelWhere(account, InstrumentId.None, true, Side.Buy, StrategyId.None);

    private void Notify(ref OrderRecord order, Quantity lastQuantity, Price lastPrice, int code)
    {
        StrategyContext? context = order.Strategy.Value > 0 && order.Strategy.Value < _strategyById.Length ? _strategyById[order.Strategy.Value] : null;
        if (context is null)
        {
            return;
        }

        var update = new OrderUpdate(order.Id, order.Instrument, order.Side, order.State, order.Price, order.Leaves, lastQuantity, lastPrice, code);
        context.Strategy.OnOrderUpdate(context, update);
    }

    // ------------------------------------------------------------------------------------------------ admin and time

    private void OnKillSwitch(Sbe.KillSwitchDecoder kill)
    {
        _counters.AdminInputs++;
        bool engage = kill.Action == Sbe.SwitchAction.Engage;
        if (!engage && kill.Action != Sbe.SwitchAction.Release)
        {
            _counters.MalformedInputs++;
            return;
        }

        ulong target = kill.TargetId;
        switch (kill.Scope)
        {
            case Sbe.KillScope.All:
                _risk.SetGlobalKillSwitch(engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += CancelWhere(AccountId.None, InstrumentId.None, true, Side.Buy, StrategyId.None);
                }

                break;
            case Sbe.KillScope.Account when target is > 0 and <= int.MaxValue && _risk.IsAccountOpen(new AccountId((int)target)):
                _risk.SetAccountKillSwitch(new AccountId((int)target), engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += CancelWhere(new AccountId((int)target), InstrumentId.None, true, Side.Buy, StrategyId.None);
                }

                break;
            case Sbe.KillScope.Instrument when target is > 0 and <= int.MaxValue && TryTraded(new InstrumentId((int)target)) is not null:
                _risk.SetInstrumentTradingState(new InstrumentId((int)target), engage ? TradingState.Halted : TradingState.Active);
                if (engage)
                {
                    _counters.KillSwitchCancels += CancelWhere(AccountId.None, new InstrumentId((int)target), true, Side.Buy, StrategyId.None);
                }

                break;
            case Sbe.KillScope.Strategy when target > 0 && target < (ulong)_strategyKilled.Length:
                _strategyKilled[target] = engage;
                if (engage)
                {
                    _counters.KillSwitchCancels += CancelWhere(AccountId.None, InstrumentId.None, true, Side.Buy, new StrategyId((int)target));
                }

                break;
            default:
                _counters.MalformedInputs++;
                break;
        }
    }

    /// <summary>
    /// One limit, in its unit, in one of three scopes. With an instrument (account and strategy 0): an instrument
    /// limit that applies to every account (MaxOrderQuantity, MaxPosition: quantity mantissa; MaxNotional,
    /// MaxSymbolExposure: valuation amount mantissa; PriceBandBasisPoints: bps, 0 off). With an open account (no
    /// instrument, strategy 0): the account's MaxGrossExposure, MaxDailyLoss (valuation amount mantissa),
    /// MaxOrdersPerSecond (orders, 0 unlimited) or OrderBurst (orders). With a strategy (account 0, no instrument):
    /// its MaxOrdersPerSecond or OrderBurst. Account 0 alone is not an account: new accounts start from the configured
    /// accountDefaults, which only the config changes. Quantity and amount limits must be positive (long.MaxValue is
    /// unlimited; halt to stop trading). MaxOpenOrders has no check in risk. Anything else (mixed or wrong scope,
    /// unknown account, instrument or strategy, negative or out-of-range value) is counted as malformed and changes
    /// nothing.
    /// </summary>
    private void OnRiskLimitChange(Sbe.RiskLimitChangeDecoder change)
    {
        _counters.AdminInputs++;
        long value = change.Value;
        ulong accountId = change.AccountId;
        uint strategyId = change.StrategyIdInActingVersion ? change.StrategyId : 0;
        bool noInstrument = change.InstrumentId == Sbe.RiskLimitChangeDecoder.InstrumentIdNullValue;
        bool applied = value >= 0 && (strategyId != 0
            ? noInstrument && accountId == 0 && strategyId <= int.MaxValue && TryChangeStrategyLimit(new StrategyId((int)strategyId), change.LimitType, value)
            : noInstrument
                ? accountId is > 0 and <= int.MaxValue && TryChangeAccountLimit(new AccountId((int)accountId), change.LimitType, value)
                : accountId == 0 && change.InstrumentId <= int.MaxValue && TryChangeInstrumentLimit(new InstrumentId((int)change.InstrumentId), change.LimitType, value));
        if (!applied)
        {
            _counters.MalformedInputs++;
        }
    }

    private bool TryChangeInstrumentLimit(InstrumentId instrument, Sbe.RiskLimitType type, long value)
    {
        if (TryTraded(instrument) is null)
        {
            return false;
        }

        InstrumentRiskLimits limits = _risk.GetInstrumentLimits(instrument);
        InstrumentRiskLimits? changed = type switch
        {
            Sbe.RiskLimitType.MaxOrderQuantity when value > 0 => limits with { MaxOrderSize = new Quantity(value) },
            Sbe.RiskLimitType.MaxPosition when value > 0 => limits with { MaxPositionSize = new Quantity(value) },
            Sbe.RiskLimitType.MaxNotional when value > 0 => limits with { MaxOrderNotional = new Amount(value) },
            Sbe.RiskLimitType.MaxSymbolExposure when value > 0 => limits with { MaxSymbolExposure = new Amount(value) },
            Sbe.RiskLimitType.PriceBandBasisPoints when value <= int.MaxValue => limits with { PriceBandBps = (int)value },
            _ => null,
        };
        if (changed is null)
        {
            return false;
        }

        _risk.SetInstrumentLimits(instrument, changed.Value);
        return true;
    }

    private bool TryChangeAccountLimit(AccountId account, Sbe.RiskLimitType type, long value)
    {
        if (!_risk.IsAccountOpen(account))
        {
            return false;
        }

        AccountRiskLimits limits = _risk.GetAccountLimits(account);
        AccountRiskLimits? changed = type switch
        {
            Sbe.RiskLimitType.MaxGrossExposure when value > 0 => limits with { MaxGrossExposure = new Amount(value) },
            Sbe.RiskLimitType.MaxDailyLoss when value > 0 => limits with { MaxDailyLoss = new Amount(value) },
            Sbe.RiskLimitType.MaxOrdersPerSecond or Sbe.RiskLimitType.OrderBurst when TryChangeRate(limits.OrderRate, type, value, out OrderRateLimit rate) =>
                limits with { OrderRate = rate },
            _ => null,
        };
        if (changed is null)
        {
            return false;
        }

        _risk.SetAccountLimits(account, changed.Value);
        return true;
    }

    private bool TryChangeStrategyLimit(StrategyId strategy, Sbe.RiskLimitType type, long value)
    {
        if (!_risk.IsStrategyKnown(strategy) || !TryChangeRate(_risk.GetStrategyLimits(strategy), type, value, out OrderRateLimit rate))
        {
            return false;
        }

        _risk.SetStrategyLimits(strategy, rate);
        return true;
    }

    /// <summary>
    /// The token bucket with its rate (0 unlimited) or burst changed. A bucket that had no burst (it was unlimited)
    /// holds one second's worth until OrderBurst says otherwise.
    /// </summary>
    private static bool TryChangeRate(OrderRateLimit current, Sbe.RiskLimitType type, long value, out OrderRateLimit changed)
    {
        switch (type)
        {
            case Sbe.RiskLimitType.MaxOrdersPerSecond when value is >= 0 and <= MaxOrderBurst:
                changed = new OrderRateLimit((int)value, current.Burst >= 1 ? current.Burst : (int)Math.Max(value, 1));
                return true;
            case Sbe.RiskLimitType.OrderBurst when value is >= 1 and <= MaxOrderBurst:
                changed = current with { Burst = (int)value };
                return true;
            default:
                changed = current;
                return false;
        }
    }

    private void OnDeadManHeartbeat(Sbe.DeadManHeartbeatDecoder heartbeat)
    {
        _counters.AdminInputs++;
        if (heartbeat.Timeout > 0)
        {
            _risk.SetDeadManInterval(heartbeat.Timeout);
        }

        _risk.OnAdminHeartbeat(_inputTime);
    }

    /// <summary>
    /// Sets the trading state of one instrument, one open account or everything (a version 0 message has no scope: it
    /// means the instrument). The ids the scope does not use must be 0. The state changes only what new orders may do:
    /// open orders stay (a kill switch cancels them).
    /// </summary>
    private void OnInstrumentTradingAction(Sbe.InstrumentTradingActionDecoder action)
    {
        _counters.AdminInputs++;
        TradingState? state = action.Action switch
        {
            Sbe.TradingAction.Halt => TradingState.Halted,
            Sbe.TradingAction.ReduceOnly => TradingState.Reducing,
            Sbe.TradingAction.Resume => TradingState.Active,
            _ => null,
        };
        uint instrumentId = action.InstrumentId;
        ulong accountId = action.AccountIdInActingVersion ? action.AccountId : 0;
        Sbe.TradingScope scope = action.ScopeInActingVersion ? action.Scope : Sbe.TradingScope.Instrument;
        if (state is not { } newState)
        {
            _counters.MalformedInputs++;
            return;
        }

        switch (scope)
        {
            case Sbe.TradingScope.Instrument when accountId == 0 && instrumentId <= int.MaxValue && TryTraded(new InstrumentId((int)instrumentId)) is not null:
                _risk.SetInstrumentTradingState(new InstrumentId((int)instrumentId), newState);
                break;
            case Sbe.TradingScope.Account when instrumentId == 0 && accountId is > 0 and <= int.MaxValue && _risk.IsAccountOpen(new AccountId((int)accountId)):
                _risk.SetAccountTradingState(new AccountId((int)accountId), newState);
                break;
            case Sbe.TradingScope.Global when instrumentId == 0 && accountId == 0:
                _risk.SetGlobalTradingState(newState);
                break;
            default:
                _counters.MalformedInputs++;
                break;
        }
    }

    private void OnStrategyParameterChange(Sbe.StrategyParameterChangeDecoder change)
    {
        _counters.AdminInputs++;
        uint id = change.StrategyId;
        string name = change.NameAsString();
        string value = change.ValueAsString();
        StrategyContext? context = id < (uint)_strategyById.Length ? _strategyById[id] : null;
        if (context is null || !context.Strategy.OnParameter(context, name, value))
        {
            _counters.MalformedInputs++;
        }
    }

    private void OnFundsTransfer(Sbe.FundsTransferRequestDecoder transfer)
    {
        _counters.AdminInputs++;
        var account = new AccountId((int)Math.Min(transfer.AccountId, int.MaxValue));
        var asset = new AssetId((int)transfer.AssetId);
        var amount = new Amount(transfer.Amount.Mantissa);
        if (account.IsNone || account.Value > _settings.Risk.MaxAccountId || asset.Value < 1 || asset.Value > _accounting.Assets.Count || !amount.IsPositive)
        {
            _counters.MalformedInputs++;
            return;
        }

        OpenAccount(account);
        LedgerResult result = transfer.Direction == Sbe.FundsDirection.Deposit
            ? _accounting.Deposit(account, asset, amount, _inputTime)
            : transfer.Direction == Sbe.FundsDirection.Withdrawal ? _accounting.Withdraw(account, asset, amount, _inputTime) : LedgerResult.CodeMustNotBeZero;
        if (result != LedgerResult.Ok)
        {
            // An overdrawing withdrawal is refused by the ledger (debits must not exceed credits): nothing moved.
            _counters.MalformedInputs++;
        }
    }

    /// <summary>
    /// Cancel-on-disconnect: a venue gateway (client name <c>venue:CODE</c>) is gone, and with it the session its
    /// orders lived in (venues cancel a dropped session's orders). Every open order at that venue is closed as
    /// canceled: reservations released, risk's open quantities returned, strategies told. A later report for one of
    /// them is an unknown execution report, counted for reconciliation. Other clients are counted and ignored.
    /// </summary>
    private void OnClientDisconnected(Sbe.ClientDisconnectedDecoder disconnected)
    {
        _counters.AdminInputs++;
        ReadOnlySpan<byte> name = disconnected.Name();
        if (!name.StartsWith("venue:"u8))
        {
            _counters.IgnoredInputs++;
            return;
        }

        // A rare admin path: decoding the code to a string is fine here.
        if (!_settings.Registry.TryGetVenue(System.Text.Encoding.ASCII.GetString(name[6..]), out Venue? gone))
        {
            _counters.MalformedInputs++;
            return;
        }

        VenueId venue = gone.Id;

        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (!order.Id.IsNone && Traded(order.Instrument).Venue == venue)
            {
                _counters.CanceledOnDisconnect++;
                CloseOrder(ref order, OrderState.Canceled, 0);
            }
        }
    }

    private void OnTimerTick(Sbe.TimerTickDecoder tick)
    {
        _counters.TimerTicks++;
        if (_risk.PollDeadManSwitch(_inputTime))
        {
            // No admin heartbeat within the interval: risk halted trading; cancel everything that is open.
            _counters.KillSwitchCancels += CancelWhere(AccountId.None, InstrumentId.None, true, Side.Buy, StrategyId.None);
        }

        foreach (StrategyContext context in _strategies)
        {
            context.Strategy.OnTimer(context, _inputTime);
        }
    }

    // ------------------------------------------------------------------------------------------------ outputs

    private void PublishNewOrder(ref OrderRecord order)
    {
        var request = Sbe.NewOrderEncoder.WrapAndApplyHeader(_outputBuffer, 0);
        request.ClientOrderId = (ulong)order.Id.Value;
        request.AccountId = (ulong)order.Account.Value;
        request.Price.SetMantissa(order.Price.Units);
        request.StopPrice.SetMantissa(Sbe.PriceOptionalEncoder.MantissaNullValue);
        request.Quantity.SetMantissa(order.Quantity.Units);
        request.ExpireTime = Sbe.NewOrderEncoder.ExpireTimeNullValue;

        // The venue time of the input that caused the order: the gateway measures tick-to-trade from it.
        request.SendingTime = _triggerTime;
        request.InstrumentId = (uint)order.Instrument.Value;
        request.StrategyId = (uint)order.Strategy.Value;
        request.Side = WireConversions.ToWire(order.Side);
        request.OrderType = WireConversions.ToWire(order.Type);
        request.TimeInForce = WireConversions.ToWire(order.TimeInForce);
        request.Flags = WireConversions.ToWire(order.Flags);
        _output.Publish(Sbe.NewOrderEncoder.TemplateId, _outputBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));
    }

    /// <summary>Every ledger transfer this input caused, in ledger order, as TransferPosted outputs (for auditors' projections).</summary>
    private void PublishTransfers(int from)
    {
        Engine.Ledger.Ledger ledger = _accounting.Ledger;
        for (int i = from; i < ledger.TransferCount; i++)
        {
            ref readonly Engine.Ledger.Transfers.StoredTransfer stored = ref ledger.TransferAt(i);
            Engine.Ledger.Transfers.Transfer transfer = stored.Transfer;
            var posted = Sbe.TransferPostedEncoder.WrapAndApplyHeader(_outputBuffer, 0);
            posted.TransferId = (ulong)transfer.Id.Value;
            posted.DebitAccountId = (ulong)stored.DebitAccount.Value;
            posted.CreditAccountId = (ulong)stored.CreditAccount.Value;
            posted.Amount.SetMantissa(stored.Amount);
            posted.CauseSequence = (ulong)_sequence;
            posted.PostedTime = stored.TimestampNanos;
            posted.PendingId = (ulong)transfer.PendingId.Value;
            posted.AssetId = (uint)_accounting.Ledger.KeyOf(stored.DebitAccount).Asset.Value;
            // A void carries no code of its own: it belongs to the reservation it releases.
            posted.Code = transfer.Code == 0 && transfer.IsPostOrVoid ? Sbe.TransferCode.Reservation : ToTransferCode(transfer.Code);
            posted.PostingCode = transfer.Code;
            posted.Flags = (ushort)transfer.Flags;
            _output.Publish(Sbe.TransferPostedEncoder.TemplateId, _outputBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + posted.EncodedLength));
        }
    }

    private static Sbe.TransferCode ToTransferCode(ushort postingCode) => (Engine.Ledger.Postings.PostingCode)postingCode switch
    {
        Engine.Ledger.Postings.PostingCode.Deposit => Sbe.TransferCode.Deposit,
        Engine.Ledger.Postings.PostingCode.Withdrawal => Sbe.TransferCode.Withdrawal,
        Engine.Ledger.Postings.PostingCode.SpotQuoteLeg or Engine.Ledger.Postings.PostingCode.SpotBaseLeg => Sbe.TransferCode.TradeSettlement,
        Engine.Ledger.Postings.PostingCode.TradeFee => Sbe.TransferCode.Fee,
        Engine.Ledger.Postings.PostingCode.OrderReservation => Sbe.TransferCode.Reservation,
        Engine.Ledger.Postings.PostingCode.PerpPositionLeg => Sbe.TransferCode.PositionMove,
        Engine.Ledger.Postings.PostingCode.PerpMargin => Sbe.TransferCode.Margin,
        Engine.Ledger.Postings.PostingCode.PerpRealisedPnL => Sbe.TransferCode.RealisedPnL,
        Engine.Ledger.Postings.PostingCode.Funding => Sbe.TransferCode.Funding,
        _ => Sbe.TransferCode.Adjustment,
    };

    private void PublishReject(ulong clientOrderId, AccountId account, int refTemplateId, Sbe.RejectReason reason, string? text)
    {
        var reject = Sbe.RejectEncoder.WrapAndApplyHeader(_outputBuffer, 0);
        reject.ClientOrderId = clientOrderId;
        reject.AccountId = (ulong)Math.Max(0, account.Value);
        reject.TransactTime = _inputTime;
        reject.RefTemplateId = (ushort)refTemplateId;
        reject.Reason = reason;
        reject.SetText(text ?? string.Empty);
        _output.Publish(Sbe.RejectEncoder.TemplateId, _outputBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + reject.EncodedLength));
    }

    /// <summary>The wire's reject reasons are coarser than the engine's codes: the nearest one (the code's range names the subsystem).</summary>
    private static Sbe.RejectReason ToWireReason(int code) => code switch
    {
        (int)RiskRejectCode.MaxOrderSize => Sbe.RejectReason.MaxOrderQuantityExceeded,
        (int)RiskRejectCode.MaxPositionSize => Sbe.RejectReason.MaxPositionExceeded,
        (int)RiskRejectCode.MaxOrderNotional or (int)RiskRejectCode.MaxSymbolExposure or (int)RiskRejectCode.MaxGrossExposure => Sbe.RejectReason.MaxNotionalExceeded,
        (int)RiskRejectCode.PriceOutsideBand => Sbe.RejectReason.PriceBandViolated,
        (int)RiskRejectCode.ReduceOnlyWouldIncrease or (int)ResultCode.ReduceOnlyWouldIncrease => Sbe.RejectReason.ReduceOnlyWouldIncrease,
        (int)RiskRejectCode.AccountOrderRate or (int)RiskRejectCode.StrategyOrderRate => Sbe.RejectReason.Throttled,
        (int)RiskRejectCode.UnknownInstrument => Sbe.RejectReason.UnknownInstrument,
        (int)RiskRejectCode.UnknownAccount => Sbe.RejectReason.UnknownAccount,
        (int)RiskRejectCode.InsufficientBalance or (int)RiskRejectCode.BalanceUnavailable => Sbe.RejectReason.InsufficientFunds,
        (int)RiskRejectCode.InstrumentHalted => Sbe.RejectReason.InstrumentHalted,
        (int)ResultCode.UnknownOrder => Sbe.RejectReason.UnknownOrderId,
        (int)ResultCode.PostOnlyWouldTake => Sbe.RejectReason.PostOnlyWouldTake,
        (int)ResultCode.FillOrKillNotFillable or (int)ResultCode.NoLiquidity => Sbe.RejectReason.NoLiquidity,
        (int)ResultCode.PriceNotOnTick or (int)ResultCode.PriceNotPositive or (int)ResultCode.MarketProtectionPriceRequired => Sbe.RejectReason.InvalidPrice,
        >= (int)ResultCode.QuantityNotOnLot and <= (int)ResultCode.NotionalBelowMinimum => Sbe.RejectReason.InvalidQuantity,
        >= 3000 and < 4000 => Sbe.RejectReason.InvalidMessage,
        >= 2012 and <= 2017 => Sbe.RejectReason.InvalidPrice,
        >= 4000 and < 5000 => Sbe.RejectReason.InsufficientFunds,
        _ => Sbe.RejectReason.KillSwitchEngaged,
    };

    // ------------------------------------------------------------------------------------------------ set-up

    private void OpenAccount(AccountId account)
    {
        if (!_risk.IsAccountOpen(account))
        {
            _risk.OpenAccount(account);
        }
    }

    private static TradedInstrument?[] BuildTradedInstruments(CoreSettings settings, AssetTable assets)
    {
        var traded = new TradedInstrument?[settings.Registry.Instruments.Count + 1];
        foreach (RiskInstrument risk in settings.Risk.Instruments)
        {
            Instrument instrument = settings.Registry.GetInstrument(risk.Id);
            VenueFees fees = default;
            foreach (VenueFees candidate in settings.Fees)
            {
                if (candidate.Venue == risk.Venue)
                {
                    fees = candidate;
                }
            }

            int moneyScale = risk.Rules.PriceScale + risk.Rules.QuantityScale + risk.Rules.Multiplier.Scale;
            if (risk.Rules.QuantityScale > assets.Scale || moneyScale > assets.Scale)
            {
                throw new ArgumentException(
                    $"{instrument.Symbol}: quantity scale {risk.Rules.QuantityScale} or money scale {moneyScale} is finer than the ledger scale {assets.Scale}; raise the ledger scale",
                    nameof(settings));
            }

            Engine.Ledger.Accounts.AssetId contracts = instrument.Kind == InstrumentKind.Spot ? default : assets[AssetTable.ContractAssetCode(instrument)];
            traded[risk.Id.Value] = new TradedInstrument(
                instrument, risk.Venue, risk.Rules, assets[instrument.BaseAsset], assets[instrument.QuoteAsset], assets[instrument.SettleAsset], contracts, fees with { Venue = risk.Venue });
        }

        return traded;
    }

    /// <summary>The ledger's available balances as risk asks for them (in the instrument's quantity or money scale).</summary>
    private readonly struct LedgerBalances(BusinessLogicProcessor processor) : IAvailableBalances
    {
        public bool TryGetAvailable(AccountId account, InstrumentId instrument, BalanceLeg leg, out Amount available)
        {
            TradedInstrument? traded = processor.TryTraded(instrument);
            if (traded is null)
            {
                available = Amount.Zero;
                return false;
            }

            AssetId asset = leg switch
            {
                BalanceLeg.Base => traded.Base,
                BalanceLeg.Quote => traded.Quote,
                _ => traded.Settle,
            };
            Amount cash = processor._accounting.AvailableCash(account, asset);
            int scale = leg == BalanceLeg.Base ? traded.Rules.QuantityScale : traded.MoneyScale;
            available = new Amount(processor._accounting.Assets.FromLedger(cash, scale));
            return true;
        }
    }
}
