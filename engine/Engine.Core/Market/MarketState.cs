using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// What the BLP knows of each instrument's market: the top of book (from BBO messages, or derived from the L2 book
/// that depth messages maintain), the last trade, and the last venue sequence per instrument. Arrays indexed by
/// instrument id, built at start; nothing allocates afterwards. Owned by the BLP thread.
/// </summary>
public sealed class MarketState
{
    private readonly TopOfBook[] _tops;
    private readonly MarketTrade[] _lastTrades;
    private readonly long[] _venueSequences;
    private readonly FastL2Book[] _books;

    public MarketState(InstrumentRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        int slots = registry.Instruments.Count + 1;
        _tops = new TopOfBook[slots];
        _lastTrades = new MarketTrade[slots];
        _venueSequences = new long[slots];
        _books = new FastL2Book[slots];
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
        }
    }
}
