using System.Runtime.CompilerServices;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// What the BLP knows of each listing's market (an instrument on one venue: two venues quoting the same instrument
/// keep separate books): the top of book (from BBO messages, or derived from the L2 book that depth messages
/// maintain), the last trade, the last venue sequence, whether the feed is stale and the venue's trading phase.
/// Arrays indexed by listing id, built at start; nothing allocates afterwards. Owned by the BLP thread.
/// Listings fed order by order (L3 messages) also get an L3 mirror keyed by venue order id, created on their first
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
    private readonly bool[] _stale;
    private readonly ListingPhase[] _phases;
    private long _unknownL3Orders;

    public MarketState(InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        int slots = registry.Listings.Count + 1;
        _tops = new TopOfBook[slots];
        _lastTrades = new MarketTrade[slots];
        _venueSequences = new long[slots];
        _books = new FastL2Book[slots];
        _l3Books = new FastL3Book?[slots];
        _funding = new FundingRateState[slots];
        _stale = new bool[slots];
        _phases = new ListingPhase[slots];
        for (int i = 1; i < slots; i++)
        {
            _tops[i] = new TopOfBook(new ListingId(i), registry.GetListing(new ListingId(i)).Instrument.Id, Price.Zero, Quantity.Zero, Price.Zero, Quantity.Zero, 0);
            _books[i] = new FastL2Book(256);
        }
    }

    public bool IsKnown(ListingId listing) => listing.Value > 0 && listing.Value < _tops.Length;

    /// <summary>True while the listing's feed has lost sequence and not been resynchronised (its book may be wrong).</summary>
    public bool IsStale(ListingId listing) => _stale[listing.Value];

    /// <summary>Marks the listing's book stale or fresh; the top carries the flag to strategies. True when it changed.</summary>
    public bool SetStale(ListingId listing, bool stale)
    {
        if (_stale[listing.Value] == stale)
        {
            return false;
        }

        _stale[listing.Value] = stale;
        ref TopOfBook top = ref _tops[listing.Value];
        top = top with { IsStale = stale };
        return true;
    }

    /// <summary>The venue's trading phase of the listing (Unknown until a VenueStatus says).</summary>
    public ListingPhase Phase(ListingId listing) => _phases[listing.Value];

    public void SetPhase(ListingId listing, ListingPhase phase, long venueSequence)
    {
        _phases[listing.Value] = phase;
        _venueSequences[listing.Value] = Math.Max(_venueSequences[listing.Value], venueSequence);
    }

    public ref readonly TopOfBook Top(ListingId listing) => ref _tops[listing.Value];

    public ref readonly MarketTrade LastTrade(ListingId listing) => ref _lastTrades[listing.Value];

    public IL2Book Book(ListingId listing) => _books[listing.Value];

    /// <summary>A read-only view of the listing's aggregated book, for strategies.</summary>
    public BookDepth Depth(ListingId listing) => new(_books[listing.Value]);

    public long VenueSequence(ListingId listing) => _venueSequences[listing.Value];

    /// <summary>The listing's L3 mirror, or null when it has had no L3 message.</summary>
    public IL3Book? L3Book(ListingId listing) => _l3Books[listing.Value];

    /// <summary>The listing's latest funding rate and last applied settlement (all zero before any).</summary>
    public ref readonly FundingRateState Funding(ListingId listing) => ref _funding[listing.Value];

    /// <summary>
    /// Records a funding rate. A settlement (<paramref name="settled"/>) is taken only when its funding time is after
    /// the last settlement taken; false (nothing changed) for a repeated or older one, which the caller must not apply.
    /// </summary>
    public bool SetFunding(ListingId listing, long rateMantissa, int rateExponent, long fundingTime, bool settled, Price markPrice, long venueSequence)
    {
        ref FundingRateState funding = ref _funding[listing.Value];
        if (settled && fundingTime <= funding.LastSettledTime)
        {
            return false;
        }

        funding = new FundingRateState(rateMantissa, rateExponent, fundingTime, settled, markPrice, settled ? fundingTime : funding.LastSettledTime);
        _venueSequences[listing.Value] = venueSequence;
        return true;
    }

    /// <summary>L3 messages that named an order the mirror did not hold (or an add whose id it already held).</summary>
    public long UnknownL3Orders => _unknownL3Orders;

    /// <summary>An order joins the back of its level. False (counted, nothing changed) when the id is already held.</summary>
    public bool L3Add(ListingId listing, long venueOrderId, Side side, Price price, Quantity quantity, long venueSequence)
    {
        _venueSequences[listing.Value] = venueSequence;
        FastL3Book book = L3BookFor(listing);
        if (!book.Add(new BookOrder(new OrderId(venueOrderId), default, side, price, quantity)))
        {
            _unknownL3Orders++;
            return false;
        }

        SyncLevel(listing, book, side, price);
        return true;
    }

    /// <summary>
    /// An order's new price and remaining quantity: a smaller quantity at the same price keeps its queue place, any
    /// other change re-queues it at the back of its (new) level, and 0 removes it. False (counted) for an unknown id.
    /// </summary>
    public bool L3Modify(ListingId listing, long venueOrderId, Price price, Quantity quantity, long venueSequence)
    {
        _venueSequences[listing.Value] = venueSequence;
        FastL3Book? book = _l3Books[listing.Value];
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
            SyncLevel(listing, book, current.Side, price);
        }

        SyncLevel(listing, book, current.Side, current.Price);
        return true;
    }

    /// <summary>Removes an order. False (counted, nothing changed) for an unknown id.</summary>
    public bool L3Delete(ListingId listing, long venueOrderId, long venueSequence)
    {
        _venueSequences[listing.Value] = venueSequence;
        FastL3Book? book = _l3Books[listing.Value];
        if (book is null || !book.Remove(new OrderId(venueOrderId), out BookOrder removed))
        {
            _unknownL3Orders++;
            return false;
        }

        SyncLevel(listing, book, removed.Side, removed.Price);
        return true;
    }

    /// <summary>
    /// A resting order traded <paramref name="quantity"/>: reduced, or removed when that exhausts it. Returns the
    /// order as it was before; false (counted, nothing changed) for an unknown id.
    /// </summary>
    public bool L3Execute(ListingId listing, long venueOrderId, Quantity quantity, long venueSequence, out BookOrder executed)
    {
        _venueSequences[listing.Value] = venueSequence;
        FastL3Book? book = _l3Books[listing.Value];
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

        SyncLevel(listing, book, executed.Side, executed.Price);
        return true;
    }

    private FastL3Book L3BookFor(ListingId listing) =>
        _l3Books[listing.Value] ?? CreateL3Book(listing.Value);

    /// <summary>
    /// On a listing's first L3 message only (and on snapshot restore): an order-by-order feed carries every level
    /// of the venue's book (a LOBSTER day reaches well over a thousand), so the mirror and the listing's L2 book
    /// (rebuilt at the larger size, keeping its levels) start sized for that; beyond it they grow (allocate) once.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private FastL3Book CreateL3Book(int listing)
    {
        var book = new FastL3Book(orderCapacity: L3OrderCapacity, levelCapacity: L3LevelCapacity);
        var levels = new FastL2Book(L3LevelCapacity);
        foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            for (int depth = 0; _books[listing].TryGetLevel(side, depth, out BookLevel level); depth++)
            {
                levels.Set(side, level.Price, level.Quantity);
            }
        }

        _books[listing] = levels;
        _l3Books[listing] = book;
        return book;
    }

    // The L2 level at a price is the L3 level's total (0 removes it), so the L2 book and the top follow the L3 mirror.
    private void SyncLevel(ListingId listing, FastL3Book book, Side side, Price price)
    {
        Quantity total = book.TryGetLevelAt(side, price, out BookLevel level) ? level.Quantity : Quantity.Zero;
        _books[listing.Value].Set(side, price, total);
    }

    /// <summary>A BBO message: replaces the top; a side sent as null (price 0) is empty. True when the top changed.</summary>
    public bool SetTop(ListingId listing, Price bid, Quantity bidQuantity, Price ask, Quantity askQuantity, long exchangeTime, long venueSequence)
    {
        ref TopOfBook top = ref _tops[listing.Value];
        bool changed = top.Bid != bid || top.Ask != ask || top.BidQuantity != bidQuantity || top.AskQuantity != askQuantity;
        top = new TopOfBook(listing, top.Instrument, bid, bidQuantity, ask, askQuantity, exchangeTime, _stale[listing.Value]);
        _venueSequences[listing.Value] = venueSequence;
        return changed;
    }

    /// <summary>Depth messages: sets one level of the L2 book (0 removes it).</summary>
    public void SetLevel(ListingId listing, Side side, Price price, Quantity quantity) =>
        _books[listing.Value].Set(side, price, quantity);

    public void ClearBook(ListingId listing) => _books[listing.Value].Clear();

    /// <summary>After depth messages: the top follows the L2 book. True when it changed.</summary>
    public bool TopFromBook(ListingId listing, long exchangeTime, long venueSequence)
    {
        FastL2Book book = _books[listing.Value];
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

        return SetTop(listing, bid, bidQuantity, ask, askQuantity, exchangeTime, venueSequence);
    }

    public void SetLastTrade(in MarketTrade trade, long venueSequence)
    {
        _lastTrades[trade.Listing.Value] = trade;
        _venueSequences[trade.Listing.Value] = venueSequence;
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
        writer.WriteArray<bool>(_stale);
        writer.WriteArray<ListingPhase>(_phases);
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

            L3BookSnapshot.Read(reader, _l3Books[i] ?? CreateL3Book(i), $"market-l3 listing {i}");
        }

        reader.ExpectSection("market-funding");
        reader.ReadInto<FundingRateState>(_funding);
        reader.ReadInto<bool>(_stale);
        reader.ReadInto<ListingPhase>(_phases);
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
            hasher.Add(top.ExchangeTime);
            hasher.Add(_stale[i] ? 1L : 0L);
            hasher.Add((long)_phases[i]);
            ref MarketTrade trade = ref _lastTrades[i];
            hasher.Add(trade.Price.Units);
            hasher.Add(trade.Quantity.Units);
            hasher.Add(trade.ExchangeTime);
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
