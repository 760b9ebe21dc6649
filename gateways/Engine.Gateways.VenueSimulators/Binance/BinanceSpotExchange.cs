using System.Text.RegularExpressions;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Side = Engine.Primitives.Side;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// The simulated Binance spot account and its books: order validation in Binance's order (parameters, then
/// filters, then balance), one <see cref="MatchingEngine"/> per symbol, balances with free and locked parts, and
/// commissions in the asset received. The API account trades against resting liquidity that the simulator's control
/// endpoint places for a market account with unlimited funds. Not thread-safe: the simulator serialises calls.
/// </summary>
public sealed partial class BinanceSpotExchange
{
    private static readonly AccountId s_apiAccount = new(1);
    private static readonly AccountId s_marketAccount = new(2);

    private readonly Dictionary<string, (BinanceSymbol Symbol, MatchingEngine Engine)> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<long, BinanceSimOrder> _orders = [];
    private readonly Dictionary<string, decimal> _free = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _locked = new(StringComparer.Ordinal);
    private readonly List<BinanceFill> _fills = [];
    private readonly MatchingEventLog _events = new();
    private readonly decimal _makerCommission;
    private readonly decimal _takerCommission;
    private long _nextOrderId = 1;
    private long _nextTradeId = 1;
    private long _nextGeneratedId = 1;

    public BinanceSpotExchange(IEnumerable<BinanceSymbol> symbols, IReadOnlyDictionary<string, decimal> balances, decimal makerCommission = 0.001m, decimal takerCommission = 0.001m)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(balances);
        foreach (BinanceSymbol symbol in symbols)
        {
            _books.Add(symbol.Name, (symbol, new MatchingEngine(TradingRules.Unit(symbol.PriceScale, symbol.QuantityScale), new FastL3Book())));
        }

        foreach ((string asset, decimal amount) in balances)
        {
            _free[asset] = amount;
        }

        _makerCommission = makerCommission;
        _takerCommission = takerCommission;
    }

    /// <summary>Every fill of the API account, oldest first (the user's trade list).</summary>
    public IReadOnlyList<BinanceFill> Fills => _fills;

    /// <summary>Raised for every change of an API account order (the user data stream's executionReport).</summary>
    public event Action<BinanceSimOrder, BinanceFill?>? OrderChanged;

    public bool TryGetSymbol(string name, out BinanceSymbol symbol)
    {
        bool found = _books.TryGetValue(name, out var book);
        symbol = book.Symbol!;
        return found;
    }

    public decimal Free(string asset) => _free.GetValueOrDefault(asset);

    public decimal Locked(string asset) => _locked.GetValueOrDefault(asset);

    public IEnumerable<string> Assets => _free.Keys.Union(_locked.Keys).Order(StringComparer.Ordinal);

    public IEnumerable<BinanceSimOrder> OpenOrders(string? symbol) =>
        _orders.Values.Where(o => o.IsOpen && (symbol is null || o.Symbol.Name == symbol)).OrderBy(o => o.OrderId);

    public BinanceSimOrder? Find(string symbol, long? orderId, string? clientOrderId) => orderId is long id
        ? _orders.GetValueOrDefault(id) is { } byId && byId.Symbol.Name == symbol ? byId : null
        : _orders.Values.Where(o => o.Symbol.Name == symbol && o.ClientOrderId == clientOrderId).MaxBy(o => o.OrderId);

    /// <summary>Orders of the API account (open or done) with this client id: a duplicate sent under one id shows as more than one.</summary>
    public int OrdersWithClientId(string clientOrderId) => _orders.Values.Count(o => o.ClientOrderId == clientOrderId);

    /// <summary>
    /// A new order of the API account. Returns the order (possibly already filled, or EXPIRED for an IOC/FOK/MARKET
    /// remainder) and its fills, or the error Binance would answer.
    /// </summary>
    public BinanceError? Place(BinanceSignedRequest request, long nowMillis, out BinanceSimOrder? placed, out List<BinanceFill> fills)
    {
        placed = null;
        fills = [];
        BinanceError? error = ReadNewOrder(request, out BinanceSymbol symbol, out string side, out string type, out string timeInForce, out decimal price, out decimal quantity, out string clientOrderId);
        if (error is not null)
        {
            return error;
        }

        (_, MatchingEngine engine) = _books[symbol.Name];
        bool buy = side == "BUY";
        decimal toLock;
        if (type == "MARKET")
        {
            if (!engine.Book.TryGetBestOrder(buy ? Side.Sell : Side.Buy, out _))
            {
                // Binance expires a market order that finds nothing to trade.
                placed = Record(symbol, side, type, timeInForce, 0m, quantity, clientOrderId, nowMillis, locked: 0m);
                placed.Status = "EXPIRED";
                return null;
            }

            toLock = buy ? CostToBuy(symbol, engine, quantity) : quantity;
        }
        else
        {
            toLock = buy ? price * quantity : quantity;
        }

        string lockAsset = buy ? symbol.QuoteAsset : symbol.BaseAsset;
        if (Free(lockAsset) < toLock)
        {
            return BinanceError.InsufficientBalance;
        }

        placed = Record(symbol, side, type, timeInForce, price, quantity, clientOrderId, nowMillis, toLock);
        Move(_free, _locked, lockAsset, toLock);
        var command = new Engine.Model.NewOrder(
            new OrderId(placed.OrderId),
            s_apiAccount,
            buy ? Side.Buy : Side.Sell,
            type == "MARKET" ? OrderType.Market : OrderType.Limit,
            timeInForce switch { "IOC" => TimeInForce.Ioc, "FOK" => TimeInForce.Fok, _ => type == "MARKET" ? TimeInForce.Ioc : TimeInForce.Gtc },
            new Price(type == "MARKET" ? ProtectionUnits(symbol, engine, buy) : ToUnits(price, symbol.PriceScale)),
            new Quantity(ToUnits(quantity, symbol.QuantityScale)),
            type == "LIMIT_MAKER" ? OrderFlags.PostOnly : OrderFlags.None);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(in command, ref recorder);
        if (_events.Count > 0 && _events[0].Kind == MatchingEventKind.Rejected)
        {
            ResultCode code = _events[0].Rejected.Code;
            if (code == ResultCode.FillOrKillNotFillable)
            {
                // Binance answers an unfillable FOK with the order, EXPIRED, not with an error.
                Release(placed);
                placed.Status = "EXPIRED";
                Publish(placed, null);
                return null;
            }

            _orders.Remove(placed.OrderId);
            Move(_locked, _free, lockAsset, toLock);
            placed = null;
            return code == ResultCode.PostOnlyWouldTake ? BinanceError.WouldTake : new BinanceError(400, -1013, $"The matching engine refused the order: {code}.");
        }

        Publish(placed, null);
        int before = _fills.Count;
        Apply(symbol, nowMillis);
        fills = _fills.GetRange(before, _fills.Count - before);
        return null;
    }

    /// <summary>
    /// Cancels an open order of the API account by the request named <paramref name="cancelClientOrderId"/>; null when
    /// it is not open (Binance: -2011).
    /// </summary>
    public BinanceSimOrder? Cancel(BinanceSimOrder order, long nowMillis, string cancelClientOrderId)
    {
        if (!order.IsOpen)
        {
            return null;
        }

        order.CancelClientOrderId = cancelClientOrderId;

        (_, MatchingEngine engine) = _books[order.Symbol.Name];
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Cancel(new CancelOrder(new OrderId(order.OrderId), s_apiAccount), ref recorder);
        Apply(order.Symbol, nowMillis);
        return order;
    }

    /// <summary>Rests (or trades) liquidity of the market account: the simulator's control endpoint for tests and demos.</summary>
    public void AddLiquidity(BinanceSymbol symbol, bool buy, decimal price, decimal quantity, long nowMillis)
    {
        (_, MatchingEngine engine) = _books[symbol.Name];
        var command = Engine.Model.NewOrder.Limit(new OrderId(_nextOrderId++), s_marketAccount, buy ? Side.Buy : Side.Sell, new Price(ToUnits(price, symbol.PriceScale)), new Quantity(ToUnits(quantity, symbol.QuantityScale)));
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        engine.Submit(in command, ref recorder);
        Apply(symbol, nowMillis);
    }

    public string NextClientOrderId() => "sim" + _nextGeneratedId++.ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    private BinanceSimOrder Record(BinanceSymbol symbol, string side, string type, string timeInForce, decimal price, decimal quantity, string clientOrderId, long nowMillis, decimal locked)
    {
        var order = new BinanceSimOrder
        {
            OrderId = _nextOrderId++,
            ClientOrderId = clientOrderId,
            Symbol = symbol,
            Side = side,
            Type = type,
            TimeInForce = timeInForce,
            Price = price,
            OrigQty = quantity,
            Time = nowMillis,
            UpdateTime = nowMillis,
            Locked = locked,
        };
        _orders.Add(order.OrderId, order);
        return order;
    }

    /// <summary>Applies the recorded matching events to the API account's orders and balances.</summary>
    private void Apply(BinanceSymbol symbol, long nowMillis)
    {
        for (int i = 0; i < _events.Count; i++)
        {
            ref readonly MatchingEvent e = ref _events[i];
            switch (e.Kind)
            {
                case MatchingEventKind.Trade:
                    TradeExecuted trade = e.Trade;
                    long tradeId = _nextTradeId++;
                    decimal price = FromUnits(trade.Price.Units, symbol.PriceScale);
                    decimal quantity = FromUnits(trade.Quantity.Units, symbol.QuantityScale);
                    if (trade.TakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.TakerOrderId.Value], tradeId, price, quantity, isMaker: false, nowMillis);
                    }

                    if (trade.MakerAccount == s_apiAccount)
                    {
                        Fill(_orders[trade.MakerOrderId.Value], tradeId, price, quantity, isMaker: true, nowMillis);
                    }

                    break;
                case MatchingEventKind.Canceled when e.Canceled.Account == s_apiAccount:
                    BinanceSimOrder order = _orders[e.Canceled.OrderId.Value];
                    Release(order);
                    order.Status = e.Canceled.Reason == CancelReason.Unfilled ? "EXPIRED" : "CANCELED";
                    order.UpdateTime = nowMillis;
                    Publish(order, null);
                    break;
            }
        }
    }

    private void Fill(BinanceSimOrder order, long tradeId, decimal price, decimal quantity, bool isMaker, long nowMillis)
    {
        BinanceSymbol symbol = order.Symbol;
        decimal quote = price * quantity;
        decimal rate = isMaker ? _makerCommission : _takerCommission;
        string received = order.IsBuy ? symbol.BaseAsset : symbol.QuoteAsset;
        decimal commission = (order.IsBuy ? quantity : quote) * rate;
        if (order.IsBuy)
        {
            // A buy holds price x quantity at its limit; a fill below the limit hands the difference back.
            decimal held = order.Type == "MARKET" ? Math.Min(order.Locked, quote) : order.Price * quantity;
            Spend(symbol.QuoteAsset, quote, held, order);
        }
        else
        {
            Spend(symbol.BaseAsset, quantity, quantity, order);
        }

        _free[received] = Free(received) + (order.IsBuy ? quantity : quote) - commission;
        order.ExecutedQty += quantity;
        order.CummulativeQuoteQty += quote;
        order.Status = order.ExecutedQty == order.OrigQty ? "FILLED" : "PARTIALLY_FILLED";
        order.UpdateTime = nowMillis;
        if (order.Status == "FILLED")
        {
            Release(order);
        }

        var fill = new BinanceFill(tradeId, order.OrderId, symbol.Name, order.IsBuy, isMaker, price, quantity, commission, received, nowMillis);
        _fills.Add(fill);
        Publish(order, fill);
    }

    /// <summary>Takes <paramref name="spent"/> of an asset out of what the order holds (<paramref name="held"/>), returning the rest of that hold.</summary>
    private void Spend(string asset, decimal spent, decimal held, BinanceSimOrder order)
    {
        held = Math.Min(held, order.Locked);
        _locked[asset] = Locked(asset) - held;
        order.Locked -= held;
        _free[asset] = Free(asset) + held - spent;
    }

    private void Release(BinanceSimOrder order)
    {
        string asset = order.IsBuy ? order.Symbol.QuoteAsset : order.Symbol.BaseAsset;
        Move(_locked, _free, asset, order.Locked);
        order.Locked = 0m;
    }

    private void Publish(BinanceSimOrder order, BinanceFill? fill) => OrderChanged?.Invoke(order, fill);

    private static void Move(Dictionary<string, decimal> from, Dictionary<string, decimal> to, string asset, decimal amount)
    {
        from[asset] = from.GetValueOrDefault(asset) - amount;
        to[asset] = to.GetValueOrDefault(asset) + amount;
    }

    /// <summary>What buying <paramref name="quantity"/> at market costs now (the asks walked), so the buy can be held.</summary>
    private static decimal CostToBuy(BinanceSymbol symbol, MatchingEngine engine, decimal quantity)
    {
        decimal cost = 0m;
        for (int depth = 0; quantity > 0 && engine.Book.TryGetLevel(Side.Sell, depth, out BookLevel level); depth++)
        {
            decimal take = Math.Min(quantity, FromUnits(level.Quantity.Units, symbol.QuantityScale));
            cost += take * FromUnits(level.Price.Units, symbol.PriceScale);
            quantity -= take;
        }

        return cost;
    }

    /// <summary>A market order's protection price: it may sweep the whole opposite side.</summary>
    private static long ProtectionUnits(BinanceSymbol symbol, MatchingEngine engine, bool buy)
    {
        if (!buy)
        {
            return 1;
        }

        long worst = 0;
        for (int depth = 0; engine.Book.TryGetLevel(Side.Sell, depth, out BookLevel level); depth++)
        {
            worst = level.Price.Units;
        }

        return worst;
    }

    internal static long ToUnits(decimal value, int scale) => (long)(value * FixedPointMath.Pow10(scale));

    internal static decimal FromUnits(long units, int scale) => units / (decimal)FixedPointMath.Pow10(scale);

    [GeneratedRegex(@"^[\.A-Z\:/a-z0-9_-]{1,36}$")]
    private static partial Regex ClientOrderIdPattern();
}
