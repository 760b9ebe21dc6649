using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// The simulated OKX trading account (Futures mode: spot in <c>cash</c>, swaps <c>cross</c>-margined in <c>net</c>
/// position mode) and its books: one <see cref="MatchingEngine"/> per instrument, cash balances per currency with the
/// part open orders freeze, net swap positions with realized profit, fees in the currency received (spot) or the
/// settlement currency (swap). The API account trades against liquidity the simulator's control path rests for a
/// market account with unlimited funds. Not thread-safe: the simulator serialises calls under its lock.
/// </summary>
public sealed partial class OkxExchange
{
    /// <summary>OKX keeps a canceled order that never filled for 2 hours; after that a query answers 51603.</summary>
    public const long UnfilledCanceledRetentionMillis = 2 * 60 * 60 * 1000;

    private static readonly AccountId s_apiAccount = new(1);
    private static readonly AccountId s_marketAccount = new(2);

    private readonly OkxSimulatorOptions _options;
    private readonly Dictionary<string, (OkxInstrument Instrument, MatchingEngine Engine)> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<long, OkxSimOrder> _orders = [];
    private readonly Dictionary<long, OkxFill> _lastFills = [];
    private readonly Dictionary<string, decimal> _cash = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _frozen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OkxPosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _lastPrice = new(StringComparer.Ordinal);
    private readonly List<OkxFill> _fills = [];
    private readonly MatchingEventLog _events = new();
    private long _nextOrdId = 700_000_000_000_000_001;
    private long _nextTradeId = 1;
    private long _nextBillId = 900_000_000_001;

    public OkxExchange(OkxSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        foreach (OkxInstrument instrument in options.Instruments)
        {
            _books.Add(instrument.InstId, (instrument, new MatchingEngine(TradingRules.Unit(instrument.PriceScale, instrument.SizeScale), new FastL3Book())));
            if (instrument.IsSwap)
            {
                _positions.Add(instrument.InstId, new OkxPosition { Instrument = instrument, PosId = 500_000 + _positions.Count });
            }
        }

        foreach ((string currency, decimal amount) in options.Balances)
        {
            _cash[currency] = amount;
        }
    }

    /// <summary>Raised under the simulator's lock for every change of an API account order, with the fill that caused it if any (the orders channel's push).</summary>
    public event Action<OkxSimOrder, OkxFill?>? OrderChanged;

    /// <summary>Every fill of the API account, oldest first.</summary>
    public IReadOnlyList<OkxFill> Fills => _fills;

    public IEnumerable<OkxInstrument> Instruments => _books.Values.Select(b => b.Instrument);

    public IEnumerable<OkxPosition> Positions => _positions.Values.OrderBy(p => p.Instrument.InstId, StringComparer.Ordinal);

    public IEnumerable<string> Currencies => _cash.Keys.Union(_frozen.Keys).Order(StringComparer.Ordinal);

    /// <summary>When the cancel-all-after countdown fires (server milliseconds); null when disarmed.</summary>
    public long? CancelAllAfterDeadline { get; private set; }

    public bool TryGetInstrument(string? instId, out OkxInstrument instrument)
    {
        bool found = _books.TryGetValue(instId ?? string.Empty, out var book);
        instrument = book.Instrument!;
        return found;
    }

    public decimal CashBalance(string currency) => _cash.GetValueOrDefault(currency);

    /// <summary>What open orders freeze of a currency (spot holds, swap order margin).</summary>
    public decimal OrderFrozen(string currency) => _frozen.GetValueOrDefault(currency);

    /// <summary>Initial margin of the swap positions settled in <paramref name="currency"/>, at the mark (last trade).</summary>
    public decimal PositionMargin(string currency) => _positions.Values
        .Where(p => p.Instrument.SettleCurrency == currency && p.Pos != 0m)
        .Sum(p => Math.Abs(p.Pos) * p.Instrument.ContractValue * MarkPrice(p) / p.Lever);

    public decimal UnrealizedProfit(string currency) => _positions.Values
        .Where(p => p.Instrument.SettleCurrency == currency)
        .Sum(UnrealizedProfit);

    public decimal UnrealizedProfit(OkxPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return position.Pos * position.Instrument.ContractValue * (MarkPrice(position) - position.AvgPx);
    }

    /// <summary>The mark price: the last trade, else the position's average price.</summary>
    public decimal MarkPrice(OkxPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return _lastPrice.TryGetValue(position.Instrument.InstId, out decimal last) ? last : position.AvgPx;
    }

    /// <summary>Cash less what orders freeze and, for a settlement currency, positions' initial margin.</summary>
    public decimal Available(string currency) => CashBalance(currency) - OrderFrozen(currency) - PositionMargin(currency);

    public OkxPosition Position(string instId) => _positions[instId];

    public IEnumerable<OkxSimOrder> OpenOrders => _orders.Values.Where(o => o.IsOpen).OrderByDescending(o => o.OrdId);

    public OkxFill? LastFill(OkxSimOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return _lastFills.GetValueOrDefault(order.OrdId);
    }

    /// <summary>The order by OKX id or, failing that, the latest with the client id (as OKX answers a query by clOrdId); only orders OKX still keeps.</summary>
    public OkxSimOrder? Find(string instId, long? ordId, string? clOrdId, long nowMillis)
    {
        OkxSimOrder? order = ordId is long id
            ? _orders.GetValueOrDefault(id)
            : _orders.Values.Where(o => o.ClOrdId == clOrdId && clOrdId is not null).MaxBy(o => o.OrdId);
        if (order is null || order.Instrument.InstId != instId)
        {
            return null;
        }

        bool forgotten = order.State == "canceled" && order.AccFillSz == 0m && nowMillis - order.UTime > UnfilledCanceledRetentionMillis;
        return forgotten ? null : order;
    }

    /// <summary>Orders of the API account (open or done) with this client id: a duplicate sent under one id shows as more than one.</summary>
    public int OrdersWithClientId(string clOrdId) => _orders.Values.Count(o => o.ClOrdId == clOrdId);

    /// <summary>Cancels an open order (cancelSource 1, by the user); the error OKX answers when it is not open.</summary>
    public OkxError? Cancel(OkxSimOrder order, long nowMillis, string cancelSource = "1")
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!order.IsOpen)
        {
            return OkxError.CancelFailed;
        }

        MatchingEngine engine = _books[order.Instrument.InstId].Engine;
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Cancel(new CancelOrder(new OrderId(order.OrdId), s_apiAccount), ref recorder);
        Apply(order.Instrument, nowMillis, cancelSource);
        return null;
    }

    /// <summary>Arms (seconds 10..120) or disarms (0) the cancel-all-after countdown; the trigger time, 0 when disarmed.</summary>
    public long SetCancelAllAfter(int seconds, long nowMillis)
    {
        CancelAllAfterDeadline = seconds == 0 ? null : nowMillis + (seconds * 1000L);
        return CancelAllAfterDeadline ?? 0;
    }

    /// <summary>Fires a due cancel-all-after countdown: every open order canceled (cancelSource 20), the countdown disarmed. Returns how many.</summary>
    public int Tick(long nowMillis)
    {
        if (CancelAllAfterDeadline is not long deadline || nowMillis < deadline)
        {
            return 0;
        }

        CancelAllAfterDeadline = null;
        int canceled = 0;
        foreach (OkxSimOrder order in OpenOrders.ToList())
        {
            Cancel(order, nowMillis, cancelSource: "20");
            canceled++;
        }

        return canceled;
    }

    /// <summary>Rests (or trades) liquidity of the market account: the simulator's control path for tests and demos.</summary>
    public void AddLiquidity(OkxInstrument instrument, bool buy, decimal price, decimal size, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        MatchingEngine engine = _books[instrument.InstId].Engine;
        var command = Engine.Model.NewOrder.Limit(new OrderId(_nextOrdId++), s_marketAccount, buy ? Side.Buy : Side.Sell, new Price(ToUnits(price, instrument.PriceScale)), new Quantity(ToUnits(size, instrument.SizeScale)));
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(in command, ref recorder);
        Apply(instrument, nowMillis, cancelSource: "0");
    }

    /// <summary>A trade between other accounts at <paramref name="price"/>: moves the last price (the mark, and the price limits).</summary>
    public void PrintTrade(OkxInstrument instrument, decimal price)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        _lastPrice[instrument.InstId] = price;
    }

    internal static long ToUnits(decimal value, int scale) => (long)(value * FixedPointMath.Pow10(scale));

    internal static decimal FromUnits(long units, int scale) => units / (decimal)FixedPointMath.Pow10(scale);

    private void Publish(OkxSimOrder order, OkxFill? fill) => OrderChanged?.Invoke(order, fill);

    private void Freeze(string currency, decimal amount)
    {
        _frozen[currency] = OrderFrozen(currency) + amount;
    }

    private void Release(OkxSimOrder order, decimal amount)
    {
        amount = Math.Min(amount, order.Frozen);
        order.Frozen -= amount;
        _frozen[order.Instrument.FrozenCurrency(order.IsBuy)] = OrderFrozen(order.Instrument.FrozenCurrency(order.IsBuy)) - amount;
    }

    private void AddCash(string currency, decimal amount) => _cash[currency] = CashBalance(currency) + amount;
}
