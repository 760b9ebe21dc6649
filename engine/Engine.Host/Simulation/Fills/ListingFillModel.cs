using Engine.Primitives;

namespace Engine.Host;

/// <summary>
/// The simulated venue's view of one listing in a dataset backtest: the recorded book (from L2 snapshots and updates,
/// or from the top of book when the data has no depth), the last trade and bar, and the engine's orders resting there.
/// Market data moves the book and fills resting orders by the rules of docs/FILL-SIMULATION.md; a new order takes
/// liquidity by walking the recorded book, then rests with the recorded quantity at its price ahead of it. The
/// engine's own fills never change the recorded book (the next recorded update says what the market did). Owned by
/// the simulation's thread.
/// </summary>
public sealed class ListingFillModel
{
    private const long NullPrice = Codecs.PriceOptionalEncoder.MantissaNullValue;

    private readonly QueueModel _queue;
    private readonly List<SimulatedOrder> _resting = [];
    private long[] _levelBefore = new long[16];

    public ListingFillModel(QueueModel queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        _queue = queue;
    }

    public BookLevels Bids { get; } = new(descending: true);

    public BookLevels Asks { get; } = new(descending: false);

    /// <summary>The data has L2 depth for this listing (a snapshot was seen): top-of-book messages no longer shape the book.</summary>
    public bool HasDepth { get; private set; }

    /// <summary>The listing's data is bars: orders fill by the OHLC rules, which are less realistic than book data.</summary>
    public bool HasBars { get; private set; }

    public long LastTradePrice { get; private set; }

    public long LastBarClose { get; private set; }

    public IReadOnlyList<SimulatedOrder> Resting => _resting;

    /// <summary>The price positions are valued at: the mid of a two-sided book, else the last trade, else the last bar's close; 0 before any.</summary>
    public long Mark
    {
        get
        {
            if (Bids.TryBest(out long bid, out _) && Asks.TryBest(out long ask, out _))
            {
                return (bid + ask) / 2;
            }

            return LastTradePrice != 0 ? LastTradePrice : LastBarClose;
        }
    }

    /// <summary>A new order arrives at the venue: it takes what the recorded book offers within its limit, and a GTC remainder rests.</summary>
    public void Submit(SimulatedOrder order, long time, IFillReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(reporter);
        BookLevels opposite = order.IsBuy ? Asks : Bids;
        bool bookless = opposite.Count == 0 && !HasDepth;
        if (bookless)
        {
            // Bars or trades only: nothing to walk. A market order waits for the next bar's open or trade; a GTC limit
            // rests with nothing known ahead; an IOC or FOK limit has nothing to take now (documented rules).
            bool waits = order.IsMarket ? HasBars || LastTradePrice != 0 : order.TimeInForce is not (Codecs.TimeInForce.ImmediateOrCancel or Codecs.TimeInForce.FillOrKill);
            if (waits)
            {
                Rest(order, 0);
            }
            else
            {
                reporter.OnExpired(order, ResultCode.NoLiquidity, time);
            }

            return;
        }

        if (!order.IsMarket && order.IsPostOnly && Crosses(order, opposite))
        {
            reporter.OnExpired(order, ResultCode.PostOnlyWouldTake, time);
            return;
        }

        if (order.TimeInForce == Codecs.TimeInForce.FillOrKill && Available(order, opposite) < order.Leaves)
        {
            reporter.OnExpired(order, ResultCode.NoLiquidity, time);
            return;
        }

        Take(order, opposite, time, reporter);
        if (order.Leaves == 0)
        {
            return;
        }

        if (order.IsMarket || order.TimeInForce is Codecs.TimeInForce.ImmediateOrCancel or Codecs.TimeInForce.FillOrKill)
        {
            reporter.OnExpired(order, order.Cumulative > 0 ? ResultCode.Ok : ResultCode.NoLiquidity, time);
            return;
        }

        Rest(order, (order.IsBuy ? Bids : Asks).QuantityAtPrice(order.Price));
    }

    /// <summary>Forgets a resting order (canceled, or done).</summary>
    public void Remove(SimulatedOrder order) => _resting.Remove(order);

    /// <summary>A resting order's price or quantity changed: a new price loses its place (the recorded quantity there is ahead); a smaller quantity keeps it.</summary>
    public void Reprice(SimulatedOrder order, long newPrice, long time, IFillReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (newPrice == order.Price)
        {
            return;
        }

        order.Price = newPrice;
        order.QueueAhead = (order.IsBuy ? Bids : Asks).QuantityAtPrice(newPrice);
        order.TradedSinceDepth = 0;
        BookLevels opposite = order.IsBuy ? Asks : Bids;
        if (Crosses(order, opposite))
        {
            Take(order, opposite, time, reporter);
            Compact();
        }
    }

    /// <summary>One recorded market-data message (with its SBE header) of this listing, at venue time <paramref name="time"/>.</summary>
    public void OnMarketData(int templateId, ReadOnlySpan<byte> message, long time, IFillReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        var header = new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version);
        const int Body = Codecs.MessageHeaderDecoder.EncodedLength;
        switch (templateId)
        {
            case Codecs.L2SnapshotDecoder.TemplateId:
                CaptureLevels();
                ApplySnapshot(new Codecs.L2SnapshotDecoder(message, Body, header.BlockLength, header.Version));
                AfterBookChange(time, reporter);
                break;
            case Codecs.L2UpdateDecoder.TemplateId:
                CaptureLevels();
                ApplyUpdate(new Codecs.L2UpdateDecoder(message, Body, header.BlockLength, header.Version));
                AfterBookChange(time, reporter);
                break;
            case Codecs.BestBidOfferDecoder.TemplateId:
                if (!HasDepth)
                {
                    CaptureLevels();
                    ApplyTop(new Codecs.BestBidOfferDecoder(message, Body, header.BlockLength, header.Version));
                    AfterBookChange(time, reporter);
                }

                break;
            case Codecs.TradeDecoder.TemplateId:
                var trade = new Codecs.TradeDecoder(message, Body, header.BlockLength, header.Version);
                OnTrade(trade.Price.Mantissa, trade.Quantity.Mantissa, trade.AggressorSide, time, reporter);
                break;
            case Codecs.BarDecoder.TemplateId:
                var bar = new Codecs.BarDecoder(message, Body, header.BlockLength, header.Version);
                HasBars = true;
                BarFillRules.Apply(_resting, bar.Open.Mantissa, bar.High.Mantissa, bar.Low.Mantissa, time, reporter);
                LastBarClose = bar.Close.Mantissa;
                Compact();
                break;
            default:
                break;
        }
    }

    /// <summary>A recorded trade: resting orders it traded through fill whole; at their price, what exceeds the queue ahead fills them; waiting market orders fill at its price.</summary>
    public void OnTrade(long price, long quantity, Codecs.Side aggressor, long time, IFillReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        LastTradePrice = price;
        foreach (SimulatedOrder order in _resting)
        {
            if (order.Leaves == 0)
            {
                continue;
            }

            if (order.IsMarket)
            {
                reporter.OnFill(order, price, order.Leaves, isMaker: false, time);
                continue;
            }

            // A trade hits resting buys when a seller took (or the venue does not say who took).
            bool against = order.IsBuy ? aggressor != Codecs.Side.Buy : aggressor != Codecs.Side.Sell;
            if (!against)
            {
                continue;
            }

            bool through = order.IsBuy ? price < order.Price : price > order.Price;
            if (through)
            {
                order.QueueAhead = 0;
                reporter.OnFill(order, order.Price, order.Leaves, isMaker: true, time);
            }
            else if (price == order.Price)
            {
                long reaching = QueueModel.OnTradeAtPrice(order, quantity);
                if (reaching > 0)
                {
                    reporter.OnFill(order, order.Price, Math.Min(reaching, order.Leaves), isMaker: true, time);
                }
            }
        }

        Compact();
    }

    private static bool Crosses(SimulatedOrder order, BookLevels opposite) =>
        opposite.TryBest(out long best, out _) && (order.IsMarket || (order.IsBuy ? best <= order.Price : best >= order.Price));

    private static bool Within(SimulatedOrder order, long levelPrice) =>
        order.IsMarket || (order.IsBuy ? levelPrice <= order.Price : levelPrice >= order.Price);

    private static long Available(SimulatedOrder order, BookLevels opposite)
    {
        long total = 0;
        BookLevels.LevelsBestFirst levels = opposite.BestFirst();
        while (levels.MoveNext() && Within(order, levels.Price))
        {
            total += levels.Quantity;
        }

        return total;
    }

    /// <summary>Walks the opposite side best first, filling at each level's price up to its recorded quantity, within the order's limit.</summary>
    private static void Take(SimulatedOrder order, BookLevels opposite, long time, IFillReporter reporter)
    {
        BookLevels.LevelsBestFirst levels = opposite.BestFirst();
        while (order.Leaves > 0 && levels.MoveNext())
        {
            long price = levels.Price;
            if (!Within(order, price))
            {
                break;
            }

            long quantity = Math.Min(order.Leaves, levels.Quantity);
            if (quantity > 0)
            {
                reporter.OnFill(order, price, quantity, isMaker: false, time);
            }
        }
    }

    private void Rest(SimulatedOrder order, long ahead)
    {
        order.QueueAhead = ahead;
        order.TradedSinceDepth = 0;
        _resting.Add(order);
    }

    private void ApplySnapshot(Codecs.L2SnapshotDecoder snapshot)
    {
        HasDepth = true;
        Bids.Clear();
        Asks.Clear();
        Codecs.L2SnapshotDecoder.BidsDecoder bids = snapshot.Bids();
        while (bids.MoveNext())
        {
            Bids.Set(bids.Price.Mantissa, bids.Quantity.Mantissa);
        }

        Codecs.L2SnapshotDecoder.AsksDecoder asks = snapshot.Asks();
        while (asks.MoveNext())
        {
            Asks.Set(asks.Price.Mantissa, asks.Quantity.Mantissa);
        }
    }

    private void ApplyUpdate(Codecs.L2UpdateDecoder update)
    {
        Codecs.L2UpdateDecoder.LevelsDecoder levels = update.Levels();
        while (levels.MoveNext())
        {
            long price = levels.Price.Mantissa;
            if (price <= 0 || levels.Side is not (Codecs.BookSide.Bid or Codecs.BookSide.Ask))
            {
                continue;
            }

            long quantity = levels.Action == Codecs.UpdateAction.Delete ? 0 : Math.Max(0, levels.Quantity.Mantissa);
            (levels.Side == Codecs.BookSide.Bid ? Bids : Asks).Set(price, quantity);
        }
    }

    private void ApplyTop(Codecs.BestBidOfferDecoder top)
    {
        Bids.Clear();
        Asks.Clear();
        if (top.BidPrice.Mantissa != NullPrice && top.BidPrice.Mantissa > 0)
        {
            Bids.Set(top.BidPrice.Mantissa, top.BidQuantity.Mantissa);
        }

        if (top.AskPrice.Mantissa != NullPrice && top.AskPrice.Mantissa > 0)
        {
            Asks.Set(top.AskPrice.Mantissa, top.AskQuantity.Mantissa);
        }
    }

    /// <summary>Remembers the recorded quantity at each resting order's price before the book changes.</summary>
    private void CaptureLevels()
    {
        if (_levelBefore.Length < _resting.Count)
        {
            Array.Resize(ref _levelBefore, _resting.Count * 2);
        }

        for (int i = 0; i < _resting.Count; i++)
        {
            SimulatedOrder order = _resting[i];
            _levelBefore[i] = order.IsMarket ? 0 : (order.IsBuy ? Bids : Asks).QuantityAtPrice(order.Price);
        }
    }

    /// <summary>After a book change: queue positions follow their levels, and an order the opposite side now reaches fills whole at its own price (as the maker).</summary>
    private void AfterBookChange(long time, IFillReporter reporter)
    {
        for (int i = 0; i < _resting.Count; i++)
        {
            SimulatedOrder order = _resting[i];
            if (order.Leaves == 0 || order.IsMarket)
            {
                continue;
            }

            long after = (order.IsBuy ? Bids : Asks).QuantityAtPrice(order.Price);
            if (after != _levelBefore[i])
            {
                _queue.OnLevelChanged(order, _levelBefore[i], after);
            }

            BookLevels opposite = order.IsBuy ? Asks : Bids;
            if (Crosses(order, opposite))
            {
                order.QueueAhead = 0;
                reporter.OnFill(order, order.Price, order.Leaves, isMaker: true, time);
            }
        }

        Compact();
    }

    private void Compact() => _resting.RemoveAll(static order => order.Leaves == 0);
}
