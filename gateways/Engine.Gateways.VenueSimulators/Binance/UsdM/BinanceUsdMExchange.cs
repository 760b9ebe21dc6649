using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Side = Engine.Primitives.Side;

namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// The simulated Binance USD-M account and its books: orders validated in Binance's order (parameters, filters,
/// reduce-only, margin), one <see cref="MatchingEngine"/> per symbol, one-way cross-margined positions with their
/// entry price, realized profit and leverage, a wallet in the margin asset moved by realized profit and commissions,
/// STOP and STOP_MARKET orders held aside until the last trade price reaches their stop price (the simulator's mark
/// price is its last trade), and the countdown cancel-all (the venue-side dead-man switch). The API account trades
/// against resting liquidity that the simulator's control endpoints place for a market account with unlimited funds.
/// Not thread-safe: the simulator serialises calls under its lock.
/// </summary>
public sealed partial class BinanceUsdMExchange
{
    /// <summary>The maintenance margin rate of the liquidation price shown (Binance's first bracket for BTCUSDT).</summary>
    public const decimal MaintenanceMarginRate = 0.004m;

    private static readonly AccountId s_apiAccount = new(1);
    private static readonly AccountId s_marketAccount = new(2);

    private readonly Dictionary<string, (BinanceSymbol Symbol, MatchingEngine Engine)> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<long, BinanceUsdMOrder> _orders = [];
    private readonly Dictionary<string, BinanceUsdMPosition> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _lastPrice = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _countdownDeadlines = new(StringComparer.Ordinal);
    private readonly List<BinanceUsdMFill> _fills = [];
    private readonly MatchingEventLog _events = new();
    private readonly decimal _makerCommission;
    private readonly decimal _takerCommission;
    private long _nextOrderId = 1;
    private long _nextTradeId = 1;
    private long _nextGeneratedId = 1;

    public BinanceUsdMExchange(IEnumerable<BinanceSymbol> symbols, decimal walletBalance, string marginAsset = "USDT", decimal makerCommission = 0.0002m, decimal takerCommission = 0.0005m)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        foreach (BinanceSymbol symbol in symbols)
        {
            _books.Add(symbol.Name, (symbol, new MatchingEngine(TradingRules.Unit(symbol.PriceScale, symbol.QuantityScale), new FastL3Book())));
            _positions.Add(symbol.Name, new BinanceUsdMPosition { Symbol = symbol });
        }

        WalletBalance = walletBalance;
        MarginAsset = marginAsset;
        _makerCommission = makerCommission;
        _takerCommission = takerCommission;
    }

    /// <summary>Raised for every change of an API account order: the order, Binance's execution type (NEW, TRADE, CANCELED, EXPIRED, AMENDMENT) and the fill of a TRADE.</summary>
    public event Action<BinanceUsdMOrder, string, BinanceUsdMFill?>? OrderChanged;

    /// <summary>Raised when a fill moved the wallet and a position (the stream's ACCOUNT_UPDATE, reason ORDER).</summary>
    public event Action<BinanceUsdMPosition>? AccountChanged;

    public string MarginAsset { get; }

    /// <summary>Deposits plus realized profit less commissions.</summary>
    public decimal WalletBalance { get; private set; }

    /// <summary>Every fill of the API account, oldest first (the user's trade list).</summary>
    public IReadOnlyList<BinanceUsdMFill> Fills => _fills;

    public IEnumerable<BinanceUsdMPosition> Positions => _positions.Values.OrderBy(p => p.Symbol.Name, StringComparer.Ordinal);

    public IEnumerable<BinanceSymbol> Symbols => _books.Values.Select(b => b.Symbol);

    public bool TryGetSymbol(string name, out BinanceSymbol symbol)
    {
        bool found = _books.TryGetValue(name, out var book);
        symbol = book.Symbol!;
        return found;
    }

    public BinanceUsdMPosition Position(string symbol) => _positions[symbol];

    /// <summary>The last trade price, the simulator's mark price too; the entry price (or 0) before any trade.</summary>
    public decimal MarkPrice(string symbol) => _lastPrice.TryGetValue(symbol, out decimal last) ? last : _positions[symbol].EntryPrice;

    public decimal UnrealizedProfit(BinanceUsdMPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return position.Amount * (MarkPrice(position.Symbol.Name) - position.EntryPrice);
    }

    public decimal PositionInitialMargin(BinanceUsdMPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        return Math.Abs(position.Amount) * MarkPrice(position.Symbol.Name) / position.Leverage;
    }

    /// <summary>The margin held by the symbol's open orders in the book (stops waiting for their price hold none, nor do reduce-only orders).</summary>
    public decimal OpenOrderInitialMargin(string symbol) => _orders.Values
        .Where(o => o.IsOpen && o.Symbol.Name == symbol && !o.IsWaitingStop && !o.ReduceOnly && !o.ClosePosition)
        .Sum(o => o.Remaining * o.Price) / _positions[symbol].Leverage;

    public decimal TotalUnrealizedProfit => _positions.Values.Sum(UnrealizedProfit);

    public decimal TotalPositionInitialMargin => _positions.Values.Sum(PositionInitialMargin);

    public decimal TotalOpenOrderInitialMargin => _positions.Keys.Sum(OpenOrderInitialMargin);

    /// <summary>Cross margin: wallet plus unrealized profit, less the initial margin of positions and open orders.</summary>
    public decimal AvailableBalance => WalletBalance + TotalUnrealizedProfit - TotalPositionInitialMargin - TotalOpenOrderInitialMargin;

    /// <summary>
    /// Where the position's loss would eat the whole wallet down to its maintenance margin (one position, cross
    /// margin); 0 when flat or never.
    /// </summary>
    public decimal LiquidationPrice(BinanceUsdMPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        decimal amount = position.Amount;
        if (amount == 0m)
        {
            return 0m;
        }

        decimal price = ((amount * position.EntryPrice) - WalletBalance) / (amount * (1m - (Math.Sign(amount) * MaintenanceMarginRate)));
        return Math.Max(0m, price);
    }

    public IEnumerable<BinanceUsdMOrder> OpenOrders(string? symbol) =>
        _orders.Values.Where(o => o.IsOpen && (symbol is null || o.Symbol.Name == symbol)).OrderBy(o => o.OrderId);

    public BinanceUsdMOrder? Find(string symbol, long? orderId, string? clientOrderId) => orderId is long id
        ? _orders.GetValueOrDefault(id) is { } byId && byId.Symbol.Name == symbol ? byId : null
        : _orders.Values.Where(o => o.Symbol.Name == symbol && o.ClientOrderId == clientOrderId).MaxBy(o => o.OrderId);

    /// <summary>Orders of the API account (open or done) with this client id: a duplicate sent under one id shows as more than one.</summary>
    public int OrdersWithClientId(string clientOrderId) => _orders.Values.Count(o => o.ClientOrderId == clientOrderId);

    public string NextClientOrderId() => "sim" + _nextGeneratedId++.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A new order of the API account: validated, then a stop is held aside (or refused with -2021 when the last
    /// price already reached it), any other order goes to the book. Returns the order (possibly filled, or EXPIRED
    /// for an IOC/MARKET remainder) or the error Binance would answer; a refused order is not recorded.
    /// </summary>
    public BinanceError? Place(BinanceSignedRequest request, long nowMillis, out BinanceUsdMOrder? placed)
    {
        placed = null;
        BinanceError? error = ReadNewOrder(request, out NewOrderParameters order);
        if (error is not null)
        {
            return error;
        }

        BinanceSymbol symbol = order.Symbol;
        bool buy = order.Side == "BUY";
        if (order.Type is "STOP" or "STOP_MARKET")
        {
            if (_lastPrice.TryGetValue(symbol.Name, out decimal last) && (buy ? last >= order.StopPrice : last <= order.StopPrice))
            {
                return BinanceUsdMErrors.WouldImmediatelyTrigger;
            }

            placed = Record(order, nowMillis);
            Publish(placed, "NEW", null);
            return null;
        }

        BinanceUsdMPosition position = _positions[symbol.Name];
        decimal closable = Reduces(position, buy) ? Math.Abs(position.Amount) : 0m;
        if (order.ReduceOnly)
        {
            if (closable == 0m)
            {
                return BinanceUsdMErrors.ReduceOnlyRejected;
            }
        }
        else
        {
            decimal reference = order.Type == "MARKET" ? MarketReferencePrice(symbol, buy) : order.Price;
            if (reference * order.Quantity < symbol.MinNotional)
            {
                return BinanceUsdMErrors.MinNotional(symbol.MinNotional);
            }

            decimal opening = Math.Max(0m, order.Quantity - closable);
            if (opening * reference / position.Leverage > AvailableBalance)
            {
                return BinanceUsdMErrors.MarginInsufficient;
            }
        }

        placed = Record(order, nowMillis);
        error = Submit(placed, nowMillis, publishNew: true);
        if (error is not null)
        {
            _orders.Remove(placed.OrderId);
            placed = null;
            return error;
        }

        AfterMatching(symbol, nowMillis);
        return null;
    }

    /// <summary>Cancels an open order of the API account; false when it is not open (Binance: -2011).</summary>
    public bool Cancel(BinanceUsdMOrder order, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (!order.IsOpen)
        {
            return false;
        }

        (_, MatchingEngine engine) = _books[order.Symbol.Name];
        if (!engine.Book.TryGetOrder(new OrderId(order.OrderId), out _))
        {
            Close(order, "CANCELED", expireReason: 0, nowMillis);
            return true;
        }

        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Cancel(new CancelOrder(new OrderId(order.OrderId), s_apiAccount), ref recorder);
        Apply(order.Symbol, nowMillis);
        return true;
    }

    /// <summary>Cancels every open order of the symbol (stops waiting for their price included); returns how many.</summary>
    public int CancelAll(string symbol, long nowMillis)
    {
        List<BinanceUsdMOrder> open = [.. OpenOrders(symbol)];
        foreach (BinanceUsdMOrder order in open)
        {
            Cancel(order, nowMillis);
        }

        return open.Count;
    }

    /// <summary>Sets the symbol's leverage (1 to 125; Binance: -4028 otherwise).</summary>
    public BinanceError? SetLeverage(string symbol, string? leverageText, out int leverage)
    {
        if (!int.TryParse(leverageText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out leverage) || leverage is < 1 or > 125)
        {
            return BinanceUsdMErrors.InvalidLeverage(leverageText ?? string.Empty);
        }

        _positions[symbol].Leverage = leverage;
        return null;
    }

    /// <summary>
    /// Arms (or with 0 disarms) the symbol's countdown: unless it is set again within <paramref name="countdownMillis"/>,
    /// every open order of the symbol is canceled (<see cref="Tick"/>).
    /// </summary>
    public void SetCountdown(string symbol, long countdownMillis, long nowMillis)
    {
        if (countdownMillis == 0)
        {
            _countdownDeadlines.Remove(symbol);
        }
        else
        {
            _countdownDeadlines[symbol] = nowMillis + countdownMillis;
        }
    }

    /// <summary>The symbol's armed countdown deadline (server time), if any.</summary>
    public long? CountdownDeadline(string symbol) => _countdownDeadlines.TryGetValue(symbol, out long deadline) ? deadline : null;

    /// <summary>
    /// What the venue does by the clock (the simulator calls it every 10 ms and before every request, as Binance
    /// checks its countdowns "approximately every 10 milliseconds"): a countdown past its deadline cancels all its
    /// symbol's open orders and is disarmed; a GTD order past its goodTillDate expires. Returns the orders it closed.
    /// </summary>
    public int Tick(long nowMillis)
    {
        int closed = 0;
        foreach ((string symbol, long deadline) in _countdownDeadlines.ToList())
        {
            if (deadline <= nowMillis)
            {
                _countdownDeadlines.Remove(symbol);
                closed += CancelAll(symbol, nowMillis);
            }
        }

        foreach (BinanceUsdMOrder order in _orders.Values.Where(o => o.IsOpen && o.GoodTillDate > 0 && o.GoodTillDate <= nowMillis).ToList())
        {
            Expire(order, expireReason: 6, nowMillis);
            closed++;
        }

        return closed;
    }

    /// <summary>Rests (or trades) liquidity of the market account: the simulator's control endpoint for tests and demos.</summary>
    public void AddLiquidity(BinanceSymbol symbol, bool buy, decimal price, decimal quantity, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        (_, MatchingEngine engine) = _books[symbol.Name];
        var command = Engine.Model.NewOrder.Limit(new OrderId(_nextOrderId++), s_marketAccount, buy ? Side.Buy : Side.Sell, new Price(ToUnits(price, symbol.PriceScale)), new Quantity(ToUnits(quantity, symbol.QuantityScale)));
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(in command, ref recorder);
        Apply(symbol, nowMillis);
        AfterMatching(symbol, nowMillis);
    }

    /// <summary>
    /// A trade between other accounts at <paramref name="price"/> (the control endpoint's way to move the last and
    /// mark price): the market account sells there and buys it back at once; what of its sell is left is withdrawn.
    /// The API account's bids at or above the price trade first, as they would in a real sweep.
    /// </summary>
    public void PrintTrade(BinanceSymbol symbol, decimal price, decimal quantity, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        (_, MatchingEngine engine) = _books[symbol.Name];
        var sell = new OrderId(_nextOrderId++);
        var priceUnits = new Price(ToUnits(price, symbol.PriceScale));
        var quantityUnits = new Quantity(ToUnits(quantity, symbol.QuantityScale));
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(Engine.Model.NewOrder.Limit(sell, s_marketAccount, Side.Sell, priceUnits, quantityUnits), ref recorder);
        engine.Submit(Engine.Model.NewOrder.Limit(new OrderId(_nextOrderId++), s_marketAccount, Side.Buy, priceUnits, quantityUnits, TimeInForce.Ioc), ref recorder);
        if (engine.Book.TryGetOrder(sell, out _))
        {
            engine.Cancel(new CancelOrder(sell, s_marketAccount), ref recorder);
        }

        Apply(symbol, nowMillis);
        AfterMatching(symbol, nowMillis);
    }

    private static bool Reduces(BinanceUsdMPosition position, bool buy) => buy ? position.Amount < 0m : position.Amount > 0m;

    private BinanceUsdMOrder Record(in NewOrderParameters parameters, long nowMillis)
    {
        var order = new BinanceUsdMOrder
        {
            OrderId = _nextOrderId++,
            ClientOrderId = parameters.ClientOrderId,
            Symbol = parameters.Symbol,
            Side = parameters.Side,
            Type = parameters.Type,
            TimeInForce = parameters.TimeInForce,
            Price = parameters.Price,
            OrigQty = parameters.Quantity,
            StopPrice = parameters.StopPrice,
            ReduceOnly = parameters.ReduceOnly,
            ClosePosition = parameters.ClosePosition,
            WorkingType = parameters.WorkingType,
            PriceProtect = parameters.PriceProtect,
            GoodTillDate = parameters.GoodTillDate,
            Time = nowMillis,
            UpdateTime = nowMillis,
        };
        _orders.Add(order.OrderId, order);
        return order;
    }

    private void Publish(BinanceUsdMOrder order, string executionType, BinanceUsdMFill? fill) => OrderChanged?.Invoke(order, executionType, fill);

    private void Close(BinanceUsdMOrder order, string status, int expireReason, long nowMillis)
    {
        order.Status = status;
        order.ExpireReason = expireReason;
        order.UpdateTime = nowMillis;
        Publish(order, status, null);
    }

    private void Expire(BinanceUsdMOrder order, int expireReason, long nowMillis)
    {
        (_, MatchingEngine engine) = _books[order.Symbol.Name];
        if (engine.Book.TryGetOrder(new OrderId(order.OrderId), out _))
        {
            _events.Clear();
            var recorder = new MatchingEventRecorder(_events);
            engine.Cancel(new CancelOrder(new OrderId(order.OrderId), s_apiAccount), ref recorder);
        }

        Close(order, "EXPIRED", expireReason, nowMillis);
    }

    internal static long ToUnits(decimal value, int scale) => (long)(value * FixedPointMath.Pow10(scale));

    internal static decimal FromUnits(long units, int scale) => units / (decimal)FixedPointMath.Pow10(scale);
}
