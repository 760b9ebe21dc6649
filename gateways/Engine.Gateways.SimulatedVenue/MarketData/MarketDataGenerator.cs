using Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.MarketData;

/// <summary>
/// The participants of a simulated market for one instrument, as a seeded stream of order flow:
/// <list type="bullet">
/// <item>the mid price is a random walk (Gaussian steps scaled by the square root of elapsed time) whose volatility
/// depends on the current <see cref="VolatilityRegime"/>; regimes last exponentially distributed times;</item>
/// <item>arrivals are a Poisson process at the regime's rate; each is a new limit order (side even, distance from
/// the mid geometric in ticks), a market order, or a cancel of a random live generated order;</item>
/// <item>sizes are Pareto distributed in lots (heavy-tailed), capped.</item>
/// </list>
/// The stream depends only on the options and the seed (our own xoshiro256** generator); the venue reports which
/// generated orders were filled (<see cref="OnOrderGone"/>), so cancels target only live orders. The same seed and
/// the same fill reports reproduce the same stream. Thread ownership: one thread (the venue's loop).
/// </summary>
public sealed class MarketDataGenerator
{
    private readonly MarketDataGeneratorOptions _options;
    private readonly double _limitThreshold;
    private readonly double _marketThreshold;
    private readonly LiveOrders _live;
    private Xoshiro256StarStar _random;
    private double _midTicks;
    private long _timeNanos;
    private long _regimeEndsNanos;
    private int _regime;
    private long _nextOrderId;

    public MarketDataGenerator(MarketDataGeneratorOptions options, ulong seed, long startTimeNanos = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _random = new Xoshiro256StarStar(seed);
        double total = options.LimitWeight + options.MarketWeight + options.CancelWeight;
        _limitThreshold = options.LimitWeight / total;
        _marketThreshold = (options.LimitWeight + options.MarketWeight) / total;
        _live = new LiveOrders(options.MaximumLiveOrders);
        _midTicks = options.InitialMid.Units / (double)options.TickSize;
        _timeNanos = startTimeNanos;
        _nextOrderId = options.FirstOrderId;
        _regime = 0;
        _regimeEndsNanos = startTimeNanos + DrawRegimeDuration(0);
    }

    /// <summary>The current regime (index into the options' regimes).</summary>
    public int Regime => _regime;

    /// <summary>The current mid price, on the tick grid.</summary>
    public Price Mid => new(MidTicks * _options.TickSize);

    public long TimeNanos => _timeNanos;

    public int LiveOrderCount => _live.Count;

    /// <summary>The next action of the simulated market; time advances by a Poisson inter-arrival.</summary>
    public OrderFlowEvent Next()
    {
        VolatilityRegime regime = _options.Regimes[_regime];
        long gapNanos = Math.Max(1, (long)_random.NextExponential(1e9 / regime.ArrivalsPerSecond));
        _timeNanos += gapNanos;
        MoveMid(gapNanos, regime);
        if (_timeNanos >= _regimeEndsNanos)
        {
            SwitchRegime();
        }

        double choice = _random.NextDouble();
        bool mustCancel = _live.Count >= _options.MaximumLiveOrders;
        if (mustCancel || (choice >= _marketThreshold && _live.Count > 0))
        {
            return Cancel();
        }

        return choice < _limitThreshold || choice >= _marketThreshold ? NewLimit() : NewMarket();
    }

    /// <summary>The venue filled (or itself canceled) a generated order: it is no longer live and will not be canceled.</summary>
    public void OnOrderGone(OrderId orderId) => _live.Remove(orderId.Value);

    private long MidTicks => Math.Max(1, (long)Math.Round(_midTicks));

    private void MoveMid(long gapNanos, VolatilityRegime regime)
    {
        double step = regime.VolatilityTicksPerSqrtSecond * Math.Sqrt(gapNanos / 1e9) * _random.NextGaussian();
        _midTicks = Math.Max(1, _midTicks + step);
    }

    private void SwitchRegime()
    {
        int count = _options.Regimes.Count;
        if (count > 1)
        {
            // Any other regime, equally likely.
            int next = _random.NextInt(count - 1);
            _regime = next >= _regime ? next + 1 : next;
        }

        _regimeEndsNanos = _timeNanos + DrawRegimeDuration(_regime);
    }

    private long DrawRegimeDuration(int regime) =>
        Math.Max(1, (long)_random.NextExponential(_options.Regimes[regime].MeanDurationSeconds * 1e9));

    private OrderFlowEvent NewLimit()
    {
        Side side = _random.NextInt(2) == 0 ? Side.Buy : Side.Sell;
        long distance = DrawDistanceTicks();
        long mid = MidTicks;
        long priceTicks = side == Side.Buy ? Math.Max(1, mid - distance) : mid + distance;
        Quantity quantity = DrawQuantity();
        var id = new OrderId(_nextOrderId++);
        var price = new Price(priceTicks * _options.TickSize);
        _live.Add(id.Value, side, price, quantity);
        return new OrderFlowEvent(_timeNanos, OrderFlowKind.Limit, id, side, price, quantity, _regime);
    }

    private OrderFlowEvent NewMarket()
    {
        Side side = _random.NextInt(2) == 0 ? Side.Buy : Side.Sell;
        long mid = MidTicks;
        long protectionTicks = side == Side.Buy ? mid + _options.MarketProtectionTicks : Math.Max(1, mid - _options.MarketProtectionTicks);
        return new OrderFlowEvent(_timeNanos, OrderFlowKind.Market, new OrderId(_nextOrderId++), side, new Price(protectionTicks * _options.TickSize), DrawQuantity(), _regime);
    }

    private OrderFlowEvent Cancel()
    {
        LiveOrders.Entry order = _live.RemoveAt(_random.NextInt(_live.Count));
        return new OrderFlowEvent(_timeNanos, OrderFlowKind.Cancel, new OrderId(order.Id), order.Side, order.Price, order.Quantity, _regime);
    }

    /// <summary>Geometric on {1, 2, ...} with the configured mean.</summary>
    private long DrawDistanceTicks()
    {
        double p = 1.0 / _options.MeanDistanceTicks;
        if (p >= 1.0)
        {
            return 1;
        }

        return 1 + (long)Math.Floor(Math.Log(_random.NextOpenDouble()) / Math.Log(1.0 - p));
    }

    private Quantity DrawQuantity()
    {
        double lots = _random.NextPareto(_options.MinimumLots, _options.SizeTailIndex);
        long whole = (long)Math.Min(Math.Floor(lots), _options.MaximumLots);
        return new Quantity(Math.Max(1, whole) * _options.LotSize);
    }

    /// <summary>The generator's live limit orders: O(1) add, remove by id, and pick at random.</summary>
    private sealed class LiveOrders
    {
        private readonly Entry[] _entries;
        private readonly Dictionary<long, int> _positions;

        public LiveOrders(int capacity)
        {
            _entries = new Entry[capacity];
            _positions = new Dictionary<long, int>(capacity);
        }

        public int Count { get; private set; }

        public void Add(long id, Side side, Price price, Quantity quantity)
        {
            _entries[Count] = new Entry(id, side, price, quantity);
            _positions[id] = Count;
            Count++;
        }

        public Entry RemoveAt(int position)
        {
            Entry removed = _entries[position];
            Count--;
            if (position != Count)
            {
                _entries[position] = _entries[Count];
                _positions[_entries[position].Id] = position;
            }

            _positions.Remove(removed.Id);
            return removed;
        }

        public void Remove(long id)
        {
            if (_positions.TryGetValue(id, out int position))
            {
                RemoveAt(position);
            }
        }

        public readonly record struct Entry(long Id, Side Side, Price Price, Quantity Quantity);
    }
}
