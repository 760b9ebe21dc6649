using Engine.Matching;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// The business-logic processor: the one thread that owns the engine's trading state. It takes journaled inputs
/// one at a time (<see cref="Process"/>: journal sequence, engine time, SBE message) and hands each to the part that
/// applies it:
/// <code>
///   InputDispatcher ─┬─ MarketDataHandler, FeedStatusHandler, FundingHandler ── MarketState (per listing),
///                    │                                            MarkPrices (risk's marks), strategies
///                    ├─ OrderManager (new / cancel / amend) ── risk check, ledger reservation, CrossingDesk or egress
///                    ├─ ExecutionReportHandler ── fills, closes, ledger postings, positions, accounting breaks
///                    ├─ AdminCommands (+ AdminAnswers), StatusReport ── limits, switches, funds, answers
///                    └─ TimerHandler ── dead-man switch, strategy timers
///   StrategyHost: the hosted strategies; EgressEncoder: every output
/// </code>
/// <para>
/// Deterministic: time is the input's engine time, ids come from the input sequence and counters, collections are
/// walked in an order that depends only on the inputs, and there is no clock, randomness, environment, I/O or
/// floating point. So replaying a journal through a fresh processor built from the same <see cref="CoreSettings"/>
/// ends in the same <see cref="StateHash"/>. A malformed input is counted and skipped (it was journaled, so replay
/// skips it too); a bug (an invariant broken) throws, and the pipeline stops loudly.
/// </para>
/// Steady-state processing allocates nothing (strategy parameter changes, rare admin inputs, decode strings).
/// Owned by the BLP thread; not thread-safe.
/// </summary>
public sealed class BusinessLogicProcessor
{
    private readonly CoreSettings _settings;
    private readonly InputContext _input = new();
    private readonly EngineCounters _counters = new();
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly MarketState _market;
    private readonly TradedInstruments _traded;
    private readonly InternalCrossing _crossing;
    private readonly OrderManager _orders;
    private readonly ProtectiveStops _protective;
    private readonly StrategyHost _strategies;
    private readonly EgressEncoder _egress;
    private readonly InputDispatcher _dispatcher;

    public BusinessLogicProcessor(CoreSettings settings, IEngineOutput output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        _settings = settings;
        _risk = new RiskEngine(settings.Risk);
        var assets = new AssetTable(settings.Registry, settings.LedgerScale);
        _accounting = new Accounting(new Engine.Ledger.Ledger(new Engine.Ledger.LedgerOptions { InitialTransferCapacity = settings.LedgerTransferCapacity }), assets);
        _market = new MarketState(settings.Registry);
        _traded = new TradedInstruments(settings, assets);
        _crossing = new InternalCrossing(_traded);
        _egress = new EgressEncoder(output, _input);
        var listings = new ListingResolver(settings.Registry, _traded);
        var marks = new MarkPrices(settings, _market, _risk);

        // Built in dependency order; the order manager learns of the parts that need it once they exist.
        _orders = new OrderManager(_input, _counters, _risk, _accounting, _traded, _market, listings, _crossing, _egress);
        _strategies = new StrategyHost(settings, this, _orders);
        _protective = new ProtectiveStops(settings, _input, _risk, _traded, _orders, _egress);
        var executions = new ExecutionReportHandler(_input, _counters, settings, _risk, _accounting, _traded, _orders, _strategies, _protective);
        _orders.Connect(_strategies, new CrossingDesk(_counters, _risk, _crossing, _traded, _orders.Orders, executions, _strategies, _egress));
        var refusal = new AdminRefusal(_counters);
        _dispatcher = new InputDispatcher(
            _counters,
            new MarketDataHandler(_input, _counters, _market, marks, listings, _strategies),
            new FeedStatusHandler(_counters, settings.Registry, _market, marks, listings, _strategies),
            new FundingHandler(_input, _counters, settings, _market, _risk, _accounting, _traded, listings, executions),
            _orders,
            executions,
            new VenueAlertHandler(_counters, settings, executions, _egress),
            new VenueOrdersAnswer(_counters, settings, _traded, _orders.Orders, _egress),
            new AdminCommands(_input, _counters, settings, _risk, _accounting, _traded, _orders, _strategies, refusal, _egress),
            new AdminAnswers(_counters, _egress, refusal),
            new StatusReport(this, _input, _counters, settings, _risk, _accounting, _orders.Orders, _market, _egress),
            new TimerHandler(_input, _counters, _risk, _orders, _strategies));

        foreach (StrategyContext strategy in _strategies.All)
        {
            if (!_risk.IsAccountOpen(strategy.Account))
            {
                _risk.OpenAccount(strategy.Account);
            }
        }
    }

    public CoreSettings Settings => _settings;

    public RiskEngine Risk => _risk;

    public Engine.Ledger.Ledger Ledger => _accounting.Ledger;

    public AssetTable Assets => _accounting.Assets;

    public MarketState Market => _market;

    public OrderTable Orders => _orders.Orders;

    public EngineCounters Counters => _counters;

    public IReadOnlyList<StrategyContext> Strategies => _strategies.All;

    /// <summary>The protective-stop policy's counters (status, tests).</summary>
    public (long Placed, long Refused, long CanceledByVenue, long PositionsClosed, long ClosesRefused, long Triggered) ProtectiveStopCounts =>
        (_protective.StopsPlaced, _protective.StopsRefused, _protective.StopsCanceledByVenue, _protective.PositionsClosed, _protective.ClosesRefused, _protective.StopsTriggered);

    /// <summary>The journal sequence of the last input processed.</summary>
    public long Sequence => _input.Sequence;

    /// <summary>
    /// True while the current input is market data: its orders carry the frame's exchange time as their sending
    /// time, from which the host measures tick-to-trade.
    /// </summary>
    public bool CurrentInputIsMarketData => _input.IsMarketData;

    /// <summary>The current input's engine time (ns): the engine's only clock.</summary>
    public long InputTime => _input.Time;

    /// <summary>The traded instrument with this id (risk configured it); throws for another.</summary>
    public TradedInstrument Traded(InstrumentId instrument) => _traded.Get(instrument);

    public TradedInstrument? TryTraded(InstrumentId instrument) => _traded.TryGet(instrument);

    /// <summary>A listing this engine trades (risk configured its instrument on that venue); throws for another.</summary>
    public TradedListing TradedListing(ListingId listing) => _traded.GetListing(listing);

    public TradedListing? TryTradedListing(ListingId listing) => _traded.TryGetListing(listing);

    /// <summary>Runs every strategy's <see cref="Strategy.OnStart"/>; the first input does it when not called.</summary>
    public void Start() => _strategies.Start();

    /// <summary>Applies one journaled input: <paramref name="message"/> is an SBE message with its header.</summary>
    public void Process(long sequence, long engineTime, ReadOnlySpan<byte> message)
    {
        if (sequence <= _input.Sequence)
        {
            throw new InvalidOperationException($"input sequence {sequence} is not after {_input.Sequence}: inputs must be applied once, in journal order");
        }

        _strategies.Start();
        _input.Begin(sequence, engineTime);
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
            _dispatcher.Dispatch(header.TemplateId, header.BlockLength, header.Version, message);
        }
        catch (InvalidDataException)
        {
            // A frame the receiver let through but the codec refuses (truncated groups or var data): journaled, so
            // replay refuses it identically. Nothing was applied: every handler decodes before it changes state.
            _counters.MalformedInputs++;
        }

        if (_protective.IsEnabled)
        {
            // After every input: market data too, since a strategy's order on an internal venue may fill at once.
            _protective.AfterInput();
        }

        _egress.Transfers(_accounting.Ledger, transfersBefore);
    }

    /// <summary>A hash of every piece of state: risk, ledger, orders, market, strategies and counters.</summary>
    public ulong StateHash()
    {
        StateHasher hasher = StateHasher.Create();
        hasher.Add(_input.Sequence);
        hasher.Add(_input.Time);
        hasher.Add(_orders.NextOrderId);
        _counters.AddToHash(ref hasher);
        _orders.Orders.AddToHash(ref hasher);
        _crossing.AddToHash(ref hasher);
        _market.AddToHash(ref hasher);
        _risk.AddToHash(ref hasher);
        _accounting.Ledger.AddToStateHash(ref hasher);
        _strategies.AddToHash(ref hasher);
        _protective.AddToHash(ref hasher);
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
        writer.WriteArray<long>([_orders.NextOrderId, _input.Sequence, _input.Time]);
        _counters.WriteSnapshot(writer);
        _orders.Orders.WriteSnapshot(writer);
        _crossing.WriteSnapshot(writer);
        _market.WriteSnapshot(writer);
        _risk.WriteSnapshot(writer);
        _accounting.Ledger.WriteSnapshot(writer);
        _strategies.WriteSnapshot(writer);
        _protective.WriteSnapshot(writer);
        writer.BeginSection("end");
    }

    /// <summary>Restores a fresh processor (no input applied yet) from <see cref="WriteSnapshot"/>'s output.</summary>
    public void RestoreSnapshot(Stream stream)
    {
        if (_input.Sequence != 0 || _strategies.Started)
        {
            throw new InvalidOperationException("a snapshot restores into a processor that has not processed anything");
        }

        var reader = new SnapshotReader(stream);
        reader.ExpectSection("blp");
        long[] scalars = reader.ReadArray<long>();
        if (scalars.Length != 3)
        {
            throw new SnapshotFormatException($"snapshot: {scalars.Length} processor fields, this build has 3");
        }

        _counters.RestoreSnapshot(reader);
        _orders.Orders.RestoreSnapshot(reader);
        _crossing.RestoreSnapshot(reader);
        _market.RestoreSnapshot(reader);
        _risk.RestoreSnapshot(reader);
        _accounting.Ledger.RestoreSnapshot(reader);
        _strategies.RestoreSnapshot(reader);
        _protective.RestoreSnapshot(reader);
        reader.ExpectSection("end");
        _orders.NextOrderId = scalars[0];
        _input.Restore(scalars[1], scalars[2]);
    }

    public int OpenOrderCount(StrategyId strategy) => _orders.OpenOrderCount(strategy);

    public bool IsOpen(OrderId order) => _orders.Orders.Contains(order);

    public Price OrderPrice(OrderId id) => _orders.OrderPrice(id);

    /// <summary>The internal crossing book of a listing on an internal venue (status and tests; do not modify it).</summary>
    public IL3Book InternalBook(ListingId listing) => _crossing.BookOf(listing);
}
