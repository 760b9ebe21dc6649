using System.Runtime.CompilerServices;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// What the BLP knows of each instrument's market: the top of book (from BBO messages, or derived from the L2 book
/// that depth messages maintain), the last trade, and the last venue sequence per instrument. Arrays indexed by
/// instrument id, built at start; nothing allocates afterwards. Owned by the BLP thread.
/// Instruments fed order by order (L3 messages) also get an L3 mirror keyed by venue order id, created on their first
/// L3 message; every L3 change re-derives the touched L2 levels from it, so the L2 book and the top follow the L3
/// book. An L3 message naming an order the mirror does not hold (one from before the feed started, a duplicate add)
/// changes nothing and is counted in <see cref="UnknownL3Orders"/>.
/// Perpetuals also keep their funding rate (<see cref="Funding"/>).
/// </summary>
public sealed class MarketState
{
    private const int L3OrderCapacity = 1 << 15;
    private const int L3LevelCapacity = 4096;

    private readonly TopOfBook[] _tops;
    private readonly MarketTrade[] _lastTrades;
    private readonly long[] _venueSequences;
    private readonly FastL2Book[] _books;
    private readonly FastL3Book?[] _l3Books;
    private readonly FundingRateState[] _funding;
    private long _unknownL3Orders;

    public MarketState(InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        int slots = registry.Instruments.Count + 1;
        _tops = new TopOfBook[slots];
        _lastTrades = new MarketTrade[slots];
        _venueSequences = new long[slots];
        _books = new FastL2Book[slots];
        _l3Books = new FastL3Book?[slots];
        _funding = new FundingRateState[slots];
        for (int i = 1; i < slots; i++)
        {
            _tops[i] = new TopOfBook(new InstrumentId(i), Price.Zero, Quantity.Zero, Price.Zero, Quantity.Zero, 0);
            _books[i] = new FastL2Book(256);
        }
    }

    public bool IsKnown(InstrumentId instrument) => instrument.Value > 0 && instrument.Value < _tops.Length;

    public ref readonly TopOfBook Top(InstrumentId instrument) => ref _tops[instrument.Value];

    public ref readonly MarketTrade LastTrade(InstrumentId instrument) => ref _lastTrades[instrument.Value];

    public IL2Book Book(InstrumentId instrument) => _books[instrument.Value];

    public long VenueSequence(InstrumentId instrument) => _venueSequences[instrument.Value];

    /// <summary>The instrument's L3 mirror, or null when it has had no L3 message.</summary>
    public IL3Book? L3Book(InstrumentId instrument) => _l3Books[instrument.Value];

    /// <summary>The instrument's latest funding rate and last applied settlement (all zero before any).</summary>
    public ref readonly FundingRateState Funding(InstrumentId instrument) => ref _funding[instrument.Value];

    /// <summary>
    /// Records a funding rate. A settlement (<paramref name="settled"/>) is taken only when its funding time is after
    /// the last settlement taken; false (nothing changed) for a repeated or older one, which the caller must not apply.
    /// </summary>
    public bool SetFunding(InstrumentId instrument, long rateMantissa, int rateExponent, long fundingTime, bool settled, Price markPrice, long venueSequence)
    {
        ref FundingRateState funding = ref _funding[instrument.Value];
        if (settled && fundingTime <= funding.LastSettledTime)
        {
            return false;
        }

        funding = new FundingRateState(rateMantissa, rateExponent, fundingTime, settled, markPrice, settled ? fundingTime : funding.LastSettledTime);
        _venueSequences[instrument.Value] = venueSequence;
        return true;
    }

    /// <summary>L3 messages that named an order the mirror did not hold (or an add whose id it already held).</summary>
    public long UnknownL3Orders => _unknownL3Orders;

    /// <summary>An order joins the back of its level. False (counted, nothing changed) when the id is already held.</summary>
    public bool L3Add(InstrumentId instrument, long venueOrderId, Side side, Price price, Quantity quantity, long venueSequence)
    {
        _venueSequences[instrument.Value] = venueSequence;
        FastL3Book book = L3BookFor(instrument);
        if (!book.Add(new BookOrder(new OrderId(venueOrderId), default, side, price, quantity)))
        {
            _unknownL3Orders++;
            return false;
        }

        SyncLevel(instrument, book, side, price);
        return true;
    }

    /// <summary>
    /// An order's new price and remaining quantity: a smaller quantity at the same price keeps its queue place, any
    /// other change re-queues it at the back of its (new) level, and 0 removes it. False (counted) for an unknown id.
    /// </summary>
    public bool L3Modify(InstrumentId instrument, long venueOrderId, Price price, Quantity quantity, long venueSequence)
    {
        _venueSequences[instrument.Value] = venueSequence;
        FastL3Book? book = _l3Books[instrument.Value];
        var id = new OrderId(venueOrderId);
        if (book is null || !book.TryGetOrder(id, out BookOrder current))
        {
            _unknownL3Orders++;
            return false;
        }

        if (quantity.Units <= 0)
        {
            book.Remove(id, out _);
        }
        else if (price == current.Price && quantity.Units < current.Quantity.Units)
        {
            book.Reduce(id, quantity);
        }
        else
        {
            book.Remove(id, out _);
            book.Add(new BookOrder(id, current.Owner, current.Side, price, quantity));
            SyncLevel(instrument, book, current.Side, price);
        }

        SyncLevel(instrument, book, current.Side, current.Price);
        return true;
    }

    /// <summary>Removes an order. False (counted, nothing changed) for an unknown id.</summary>
    public bool L3Delete(InstrumentId instrument, long venueOrderId, long venueSequence)
    {
        _venueSequences[instrument.Value] = venueSequence;
        FastL3Book? book = _l3Books[instrument.Value];
        if (book is null || !book.Remove(new OrderId(venueOrderId), out BookOrder removed))
        {
            _unknownL3Orders++;
            return false;
        }

        SyncLevel(instrument, book, removed.Side, removed.Price);
        return true;
    }

    /// <summary>
    /// A resting order traded <paramref name="quantity"/>: reduced, or removed when that exhausts it. Returns the
    /// order as it was before; false (counted, nothing changed) for an unknown id.
    /// </summary>
    public bool L3Execute(InstrumentId instrument, long venueOrderId, Quantity quantity, long venueSequence, out BookOrder executed)
    {
        _venueSequences[instrument.Value] = venueSequence;
        FastL3Book? book = _l3Books[instrument.Value];
        var id = new OrderId(venueOrderId);
        if (book is null || !book.TryGetOrder(id, out executed))
        {
            executed = default;
            _unknownL3Orders++;
            return false;
        }

        long remaining = executed.Quantity.Units - quantity.Units;
        if (remaining > 0)
        {
            book.Reduce(id, new Quantity(remaining));
        }
        else
        {
            book.Remove(id, out _);
        }

        SyncLevel(instrument, book, executed.Side, executed.Price);
        return true;
    }

    private FastL3Book L3BookFor(InstrumentId instrument) =>
        _l3Books[instrument.Value] ?? CreateL3Book(instrument.Value);

    /// <summary>
    /// On an instrument's first L3 message only (and on snapshot restore): an order-by-order feed carries every level
    /// of the venue's book (a LOBSTER day reaches well over a thousand), so the mirror and the instrument's L2 book
    /// (rebuilt at the larger size, keeping its levels) start sized for that; beyond it they grow (allocate) once.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FastL3Book CreateL3Book(int instrument)
    {
        var book = new FastL3Book(orderCapacity: L3OrderCapacity, levelCapacity: L3LevelCapacity);
        var levels = new FastL2Book(L3LevelCapacity);
        foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            for (int depth = 0; _books[instrument].TryGetLevel(side, depth, out BookLevel level); depth++)
            {
                levels.Set(side, level.Price, level.Quantity);
            }
        }

        _books[instrument] = levels;
        _l3Books[instrument] = book;
        return book;
    }

    // The L2 level at a price is the L3 level's total (0 removes it), so the L2 book and the top follow the L3 mirror.
    private void SyncLevel(InstrumentId instrument, FastL3Book book, Side side, Price price)
    {
        Quantity total = book.TryGetLevelAt(side, price, out BookLevel level) ? level.Quantity : Quantity.Zero;
        _books[instrument.Value].Set(side, price, total);
    }

    /// <summary>A BBO message: replaces the top; a side sent as null (price 0) is empty. True when the top changed.</summary>
    public bool SetTop(InstrumentId instrument, Price bid, Quantity bidQuantity, Price ask, Quantity askQuantity, long venueTime, long venueSequence)
    {
        ref TopOfBook top = ref _tops[instrument.Value];
        bool changed = top.Bid != bid || top.Ask != ask || top.BidQuantity != bidQuantity || top.AskQuantity != askQuantity;
        top = new TopOfBook(instrument, bid, bidQuantity, ask, askQuantity, venueTime);
        _venueSequences[instrument.Value] = venueSequence;
        return changed;
    }

    /// <summary>Depth messages: sets one level of the L2 book (0 removes it).</summary>
    public void SetLevel(InstrumentId instrument, Side side, Price price, Quantity quantity) =>
        _books[instrument.Value].Set(side, price, quantity);

    public void ClearBook(InstrumentId instrument) => _books[instrument.Value].Clear();

    /// <summary>After depth messages: the top follows the L2 book. True when it changed.</summary>
    public bool TopFromBook(InstrumentId instrument, long venueTime, long venueSequence)
    {
        FastL2Book book = _books[instrument.Value];
        Price bid = Price.Zero, ask = Price.Zero;
        Quantity bidQuantity = Quantity.Zero, askQuantity = Quantity.Zero;
        if (book.TryGetLevel(Side.Buy, 0, out BookLevel best))
        {
            bid = best.Price;
            bidQuantity = best.Quantity;
        }

        if (book.TryGetLevel(Side.Sell, 0, out best))
        {
            ask = best.Price;
            askQuantity = best.Quantity;
        }

        return SetTop(instrument, bid, bidQuantity, ask, askQuantity, venueTime, venueSequence);
    }

    public void SetLastTrade(in MarketTrade trade, long venueSequence)
    {
        _lastTrades[trade.Instrument.Value] = trade;
        _venueSequences[trade.Instrument.Value] = venueSequence;
    }

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.BeginSection("market");
        writer.WriteArray<TopOfBook>(_tops);
        writer.WriteArray<MarketTrade>(_lastTrades);
        writer.WriteArray<long>(_venueSequences);
        var levels = new List<BookLevel>();
        for (int i = 1; i < _books.Length; i++)
        {
            foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
            {
                levels.Clear();
                for (int depth = 0; _books[i].TryGetLevel(side, depth, out BookLevel level); depth++)
                {
                    levels.Add(level);
                }

                writer.WriteArray<BookLevel>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(levels));
            }
        }

        writer.BeginSection("market-l3");
        writer.WriteInt64(_unknownL3Orders);
        var scratch = new List<BookOrder>();
        for (int i = 1; i < _l3Books.Length; i++)
        {
            FastL3Book? book = _l3Books[i];
            writer.WriteBoolean(book is not null);
            if (book is not null)
            {
                L3BookSnapshot.Write(writer, book, scratch);
            }
        }

        writer.BeginSection("market-funding");
        writer.WriteArray<FundingRateState>(_funding);
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ExpectSection("market");
        reader.ReadInto<TopOfBook>(_tops);
        reader.ReadInto<MarketTrade>(_lastTrades);
        reader.ReadInto<long>(_venueSequences);
        for (int i = 1; i < _books.Length; i++)
        {
            _books[i].Clear();
            foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
            {
                foreach (BookLevel level in reader.ReadArray<BookLevel>())
                {
                    _books[i].Set(side, level.Price, level.Quantity);
                }
            }
        }

        reader.ExpectSection("market-l3");
        _unknownL3Orders = reader.ReadInt64();
        for (int i = 1; i < _l3Books.Length; i++)
        {
            _l3Books[i]?.Clear();
            if (!reader.ReadBoolean())
            {
                _l3Books[i] = null;
                continue;
            }

            L3BookSnapshot.Read(reader, _l3Books[i] ?? CreateL3Book(i), $"market-l3 instrument {i}");
        }

        reader.ExpectSection("market-funding");
        reader.ReadInto<FundingRateState>(_funding);
    }

    public void AddToHash(ref StateHasher hasher)
    {
        for (int i = 1; i < _tops.Length; i++)
        {
            ref TopOfBook top = ref _tops[i];
            hasher.Add(top.Bid.Units);
            hasher.Add(top.BidQuantity.Units);
            hasher.Add(top.Ask.Units);
            hasher.Add(top.AskQuantity.Units);
            hasher.Add(top.VenueTime);
            ref MarketTrade trade = ref _lastTrades[i];
            hasher.Add(trade.Price.Units);
            hasher.Add(trade.Quantity.Units);
            hasher.Add(trade.VenueTime);
            hasher.Add(_venueSequences[i]);
            hasher.Add((long)_books[i].StateHash());
            FastL3Book? l3 = _l3Books[i];
            hasher.Add(l3 is null ? 0L : 1L);
            hasher.Add(l3 is null ? 0L : (long)l3.StateHash());
            ref FundingRateState funding = ref _funding[i];
            hasher.Add(funding.RateMantissa);
            hasher.Add(funding.RateExponent);
            hasher.Add(funding.FundingTime);
            hasher.Add(funding.Settled ? 1L : 0L);
            hasher.Add(funding.MarkPrice.Units);
            hasher.Add(funding.LastSettledTime);
        }

        hasher.Add(_unknownL3Orders);
    }
}
