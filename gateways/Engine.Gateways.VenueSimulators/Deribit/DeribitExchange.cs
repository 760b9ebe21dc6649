using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// The simulated Deribit account and its books: inverse perpetuals with amounts in USD and margin, fees and profit
/// in the coin; orders validated in Deribit's order (parameters, tick, contract size, post-only, reduce-only, funds),
/// one <see cref="MatchingEngine"/> per instrument, one position per instrument at its harmonic average price, a
/// balance per currency moved by realized profit and fees, stop orders held aside until the last price reaches
/// their trigger price (the simulator's mark and index prices are its last price). The API account trades against
/// resting liquidity that the simulator's control endpoints place for a market account with unlimited funds.
/// Not thread-safe: the simulator serialises calls under its lock.
/// </summary>
public sealed partial class DeribitExchange
{
    /// <summary>Initial margin of a position or an open order, as a share of its value in the coin (50x leverage).</summary>
    public const decimal InitialMarginRate = 0.02m;

    /// <summary>Maintenance margin, as a share of the position's value in the coin.</summary>
    public const decimal MaintenanceMarginRate = 0.01m;

    private static readonly AccountId s_apiAccount = new(1);
    private static readonly AccountId s_marketAccount = new(2);

    private readonly Dictionary<string, (DeribitInstrument Instrument, MatchingEngine Engine)> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<long, DeribitSimOrder> _orders = [];
    private readonly Dictionary<string, DeribitPosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _lastPrice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _tradeSeq = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _deposits = new(StringComparer.Ordinal);
    private readonly List<DeribitUserTrade> _trades = [];
    private readonly MatchingEventLog _events = new();
    private readonly decimal _makerFee;
    private readonly decimal _takerFee;
    private long _nextOrderId = 1;
    private long _nextTradeId = 1;

    public DeribitExchange(IEnumerable<DeribitInstrument> instruments, IReadOnlyDictionary<string, decimal> balances, decimal makerFee, decimal takerFee)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(balances);
        foreach (DeribitInstrument instrument in instruments)
        {
            _books.Add(instrument.Name, (instrument, new MatchingEngine(TradingRules.Unit(instrument.PriceScale, instrument.AmountScale), new FastL3Book())));
            _positions.Add(instrument.Name, new DeribitPosition { Instrument = instrument });
            _balances.TryAdd(instrument.Currency, balances.GetValueOrDefault(instrument.Currency));
            _deposits.TryAdd(instrument.Currency, balances.GetValueOrDefault(instrument.Currency));
        }

        _makerFee = makerFee;
        _takerFee = takerFee;
    }

    /// <summary>Raised for every change of an API account order (new, fill, edit, cancel, trigger), after the change.</summary>
    public event Action<DeribitSimOrder>? OrderChanged;

    /// <summary>Raised for every fill of the API account, before the order's change that it caused.</summary>
    public event Action<DeribitUserTrade>? TradeExecuted;

    public IEnumerable<DeribitInstrument> Instruments => _books.Values.Select(b => b.Instrument);

    public IEnumerable<string> Currencies => _balances.Keys;

    /// <summary>Every fill of the API account, oldest first.</summary>
    public IReadOnlyList<DeribitUserTrade> Trades => _trades;

    public decimal MakerFee => _makerFee;

    public decimal TakerFee => _takerFee;

    public bool TryGetInstrument(string name, out DeribitInstrument instrument)
    {
        bool found = _books.TryGetValue(name, out var book);
        instrument = book.Instrument!;
        return found;
    }

    public DeribitPosition Position(string instrument) => _positions[instrument];

    public IEnumerable<DeribitPosition> Positions(string? currency) =>
        _positions.Values.Where(p => currency is null || p.Instrument.Currency == currency).OrderBy(p => p.Instrument.Name, StringComparer.Ordinal);

    /// <summary>The last trade price: the simulator's mark and index price too; the position's average (or 0) before any trade.</summary>
    public decimal MarkPrice(string instrument) => _lastPrice.TryGetValue(instrument, out decimal last) ? last : _positions[instrument].AveragePrice;

    /// <summary>Deposit plus realized profit less fees, in the currency.</summary>
    public decimal Balance(string currency) => _balances[currency];

    public decimal FloatingProfitLoss(string currency) => Positions(currency).Sum(p => p.FloatingProfitLoss(MarkPrice(p.Instrument.Name)));

    public decimal Equity(string currency) => Balance(currency) + FloatingProfitLoss(currency);

    public decimal PositionInitialMargin(DeribitPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        decimal mark = MarkPrice(position.Instrument.Name);
        return position.Size == 0m || mark == 0m ? 0m : Math.Abs(position.Size) / mark * InitialMarginRate;
    }

    public decimal PositionMaintenanceMargin(DeribitPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        decimal mark = MarkPrice(position.Instrument.Name);
        return position.Size == 0m || mark == 0m ? 0m : Math.Abs(position.Size) / mark * MaintenanceMarginRate;
    }

    /// <summary>The margin held by open limit orders in the book (stops waiting for their price and reduce-only orders hold none).</summary>
    public decimal OpenOrdersMargin(string instrument) => _orders.Values
        .Where(o => o.IsOpen && o.Instrument.Name == instrument && !o.IsWaitingStop && !o.ReduceOnly && o.Price > 0m)
        .Sum(o => o.Remaining / o.Price * InitialMarginRate);

    public decimal InitialMargin(string currency) => Positions(currency).Sum(p => PositionInitialMargin(p) + OpenOrdersMargin(p.Instrument.Name));

    public decimal MaintenanceMargin(string currency) => Positions(currency).Sum(PositionMaintenanceMargin);

    /// <summary>Equity less the initial margin of positions and open orders: what a new order's margin must fit in.</summary>
    public decimal AvailableFunds(string currency) => Equity(currency) - InitialMargin(currency);

    /// <summary>Realized profit since the start (the simulator's session never settles).</summary>
    public decimal SessionRealized(string currency) => Positions(currency).Sum(p => p.RealizedProfitLoss);

    public decimal FeesPaid(string currency) => _trades.Where(t => t.Instrument.Currency == currency).Sum(t => t.Fee);

    public decimal Deposit(string currency) => _deposits[currency];

    public DeribitSimOrder? Find(string orderId) =>
        long.TryParse(orderId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long id) ? _orders.GetValueOrDefault(id) : null;

    public IEnumerable<DeribitSimOrder> Orders => _orders.Values.OrderBy(o => o.Id);

    public IEnumerable<DeribitSimOrder> OpenOrders(Func<DeribitSimOrder, bool> filter) =>
        _orders.Values.Where(o => o.IsOpen && filter(o)).OrderBy(o => o.Id);

    /// <summary>Orders (open or closed) with this label: more than one means the client sent the same label twice.</summary>
    public IEnumerable<DeribitSimOrder> OrdersWithLabel(string label, string? currency) =>
        _orders.Values.Where(o => o.Label == label && (currency is null || o.Instrument.Currency == currency)).OrderBy(o => o.Id);

    /// <summary>Cancels an open order; false when it is not open (Deribit: 11044 not_open_order).</summary>
    public bool Cancel(DeribitSimOrder order, string reason, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!order.IsOpen)
        {
            return false;
        }

        (_, MatchingEngine engine) = _books[order.Instrument.Name];
        if (engine.Book.TryGetOrder(new OrderId(order.Id), out _))
        {
            _events.Clear();
            var recorder = new MatchingEventRecorder(_events);
            engine.Cancel(new CancelOrder(new OrderId(order.Id), s_apiAccount), ref recorder);
            _events.Clear();
        }

        Close(order, "cancelled", reason, nowMillis);
        return true;
    }

    /// <summary>Cancels every open order that <paramref name="filter"/> selects (stops waiting for their price included); returns how many.</summary>
    public int CancelWhere(Func<DeribitSimOrder, bool> filter, string reason, long nowMillis)
    {
        List<DeribitSimOrder> open = [.. OpenOrders(filter)];
        foreach (DeribitSimOrder order in open)
        {
            Cancel(order, reason, nowMillis);
        }

        return open.Count;
    }

    /// <summary>Rests (or trades) liquidity of the market account: the simulator's control endpoint for tests and demos.</summary>
    public void AddLiquidity(DeribitInstrument instrument, bool buy, decimal price, decimal amount, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        (_, MatchingEngine engine) = _books[instrument.Name];
        var command = Engine.Model.NewOrder.Limit(new OrderId(_nextOrderId++), s_marketAccount, buy ? Side.Buy : Side.Sell, new Price(ToUnits(price, instrument.PriceScale)), new Quantity(ToUnits(amount, instrument.AmountScale)));
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(in command, ref recorder);
        Apply(instrument, nowMillis);
        AfterMatching(instrument, nowMillis);
    }

    /// <summary>
    /// A trade between other accounts at <paramref name="price"/> (the control endpoint's way to move the last price,
    /// which triggers stops): the market account sells there and buys it back at once; what of its sell is left is
    /// withdrawn. The API account's bids at or above the price trade first, as they would in a real sweep.
    /// </summary>
    public void PrintTrade(DeribitInstrument instrument, decimal price, decimal amount, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        (_, MatchingEngine engine) = _books[instrument.Name];
        var sell = new OrderId(_nextOrderId++);
        var priceUnits = new Price(ToUnits(price, instrument.PriceScale));
        var amountUnits = new Quantity(ToUnits(amount, instrument.AmountScale));
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(Engine.Model.NewOrder.Limit(sell, s_marketAccount, Side.Sell, priceUnits, amountUnits), ref recorder);
        engine.Submit(Engine.Model.NewOrder.Limit(new OrderId(_nextOrderId++), s_marketAccount, Side.Buy, priceUnits, amountUnits, TimeInForce.Ioc), ref recorder);
        if (engine.Book.TryGetOrder(sell, out _))
        {
            engine.Cancel(new CancelOrder(sell, s_marketAccount), ref recorder);
        }

        _lastPrice[instrument.Name] = price;
        Apply(instrument, nowMillis);
        AfterMatching(instrument, nowMillis);
    }

    private void Publish(DeribitSimOrder order) => OrderChanged?.Invoke(order);

    private void Close(DeribitSimOrder order, string state, string? cancelReason, long nowMillis)
    {
        order.State = state;
        order.CancelReason = cancelReason;
        order.LastUpdateTimestamp = nowMillis;
        Publish(order);
    }

    internal static long ToUnits(decimal value, int scale) => (long)(value * FixedPointMath.Pow10(scale));

    internal static decimal FromUnits(long units, int scale) => units / (decimal)FixedPointMath.Pow10(scale);
}
