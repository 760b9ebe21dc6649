using Engine.Primitives;

namespace Engine.Gateways.Venues.Feeds;

/// <summary>
/// What every venue's market-data feed shares: its instruments and their books, the sink it hands normalized events
/// to, its counters, and the rules for a book's life: built from a snapshot, kept live by in-sequence updates,
/// declared stale on a gap, a failed checksum, a crossed book or silence, rebuilt by the next snapshot (a resync).
/// A subclass parses its venue's messages and applies its venue's documented sequencing.
/// <para>
/// Single-threaded: every call comes from the gateway's (or verifier's) one thread. Steady state allocates nothing:
/// the level scratch grows to the largest message once.
/// </para>
/// </summary>
public abstract class VenueFeed
{
    /// <summary>
    /// The sequence passed on (and kept as <see cref="FeedInstrument.LastSequence"/>) where the venue numbers nothing:
    /// Kraken's v1 book, OKX's books before it added <c>seqId</c> (OKX's own "none": a snapshot's <c>prevSeqId</c>).
    /// </summary>
    public const long NoSequence = -1;

    // Sized for the deepest messages venues send (a Binance futures update carries up to 1,000 levels per side), so
    // steady state never grows it; a deeper message (up to VenueJson.MaxLevelsPerMessage) grows it once.
    private LevelChange[] _changes = new LevelChange[4_096];

    // The decimals each change's price and quantity were written with (price << 8 | quantity), beside _changes, for
    // the venues whose checksums are computed over the original strings.
    private ushort[] _written = new ushort[4_096];

    protected VenueFeed(string venue, FeedInstruments instruments, IMarketDataSink sink, FeedCounters counters)
    {
        ArgumentException.ThrowIfNullOrEmpty(venue);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(counters);
        Venue = venue;
        Instruments = instruments;
        Sink = sink;
        Counters = counters;
    }

    /// <summary>The venue's name in logs and reports (binance, binance-usdm, okx).</summary>
    public string Venue { get; }

    public FeedInstruments Instruments { get; }

    public FeedCounters Counters { get; }

    /// <summary>
    /// Called when a book needs a new snapshot (at start, after a gap, a failed checksum, a crossed book): the live
    /// gateway fetches it over REST or resubscribes; a replay waits for the recording's next one.
    /// </summary>
    public Action<FeedInstrument>? SnapshotWanted { get; init; }

    protected IMarketDataSink Sink { get; }

    /// <summary>One message as received from the venue's WebSocket (a whole JSON text).</summary>
    public abstract void OnMessage(ReadOnlySpan<byte> json, long receiveNanos);

    /// <summary>A REST response the feed asked for (a depth snapshot); <paramref name="instrument"/> is whose.</summary>
    public virtual void OnRestSnapshot(FeedInstrument instrument, ReadOnlySpan<byte> json, long receiveNanos) =>
        BadInput(BadInputKind.Unsupported, $"{instrument.Symbol}: this venue's books come from its stream, not REST");

    /// <summary>Declares stale every live book that has heard nothing for <paramref name="maxSilenceNanos"/>.</summary>
    public void CheckSilence(long nowNanos, long maxSilenceNanos)
    {
        foreach (FeedInstrument instrument in Instruments.All)
        {
            if (instrument.State == BookState.Live && nowNanos - instrument.LastReceiveNanos > maxSilenceNanos)
            {
                Counters.StaleFeeds++;
                MarkStale(instrument, StaleReason.FeedSilent, 0, 0, nowNanos);
            }
        }
    }

    /// <summary>Room for <paramref name="count"/> level changes (grows once to the largest message).</summary>
    protected Span<LevelChange> ChangeBuffer(int count)
    {
        if (count > _changes.Length)
        {
            Array.Resize(ref _changes, Math.Max(count, _changes.Length * 2));
            Array.Resize(ref _written, _changes.Length);
        }

        return _changes.AsSpan(0, count);
    }

    /// <summary>
    /// Puts a change at <paramref name="count"/> in <see cref="ChangeBuffer"/>, with the decimals the venue wrote its
    /// price and quantity with (at most <see cref="Checksums.WrittenDecimal.MaxDecimals"/> each), and counts it.
    /// </summary>
    protected void AddChange(ref int count, in LevelChange change, int priceDecimals, int quantityDecimals)
    {
        ChangeBuffer(count + 1)[count] = change;
        _written[count] = (ushort)((priceDecimals << 8) | quantityDecimals);
        count++;
    }

    /// <summary>
    /// Writes the first <paramref name="count"/> changes (from <see cref="AddChange"/>) into the book with their
    /// decimals, without telling the sink: the feed checks its checksum first, then <see cref="Commit"/>s or marks
    /// the book stale.
    /// </summary>
    protected ReadOnlySpan<LevelChange> WriteChanges(FeedInstrument instrument, int count)
    {
        ReadOnlySpan<LevelChange> changes = _changes.AsSpan(0, count);
        Books.VenueBook book = instrument.Book;
        for (int i = 0; i < changes.Length; i++)
        {
            ref readonly LevelChange change = ref changes[i];
            book.Set(change.Side, change.Price, change.Quantity, _written[i] >> 8, _written[i] & 0xFF);
        }

        return changes;
    }

    /// <summary>The book now holds a snapshot: it is live again, and the sink hears of it.</summary>
    protected void SnapshotApplied(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos)
    {
        bool resync = instrument.State == BookState.Stale;
        instrument.Book.ReserveHeadroom();
        instrument.State = BookState.Live;
        instrument.LastSequence = sequence;
        instrument.AwaitingFirstUpdate = true;
        instrument.LastReceiveNanos = receiveNanos;
        Counters.Snapshots++;
        if (resync)
        {
            Counters.Resyncs++;
        }

        if (instrument.Book.IsCrossed)
        {
            Counters.CrossedBooks++;
            MarkStale(instrument, StaleReason.CrossedBook, sequence, 0, receiveNanos);
            return;
        }

        Sink.OnBookSnapshot(instrument, sequence, exchangeNanos, receiveNanos, resync);
    }

    /// <summary>
    /// Applies the first <paramref name="count"/> changes of <see cref="ChangeBuffer"/> to the live book, then checks
    /// it is not crossed; the sink hears of the update, or of the stale book.
    /// </summary>
    protected void ApplyUpdate(FeedInstrument instrument, int count, long sequence, long exchangeNanos, long receiveNanos) =>
        ApplyUpdate(instrument, _changes.AsSpan(0, count), sequence, exchangeNanos, receiveNanos);

    /// <summary>Applies <paramref name="changes"/> to the live book, then checks it is not crossed; the sink hears of the update, or of the stale book.</summary>
    protected void ApplyUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos)
    {
        WriteToBook(instrument, changes);
        Commit(instrument, changes, sequence, exchangeNanos, receiveNanos);
    }

    /// <summary>Writes changes into the book without telling the sink (the feed <see cref="Commit"/>s after its own checks or cuts).</summary>
    protected static void WriteToBook(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        Books.VenueBook book = instrument.Book;
        foreach (ref readonly LevelChange change in changes)
        {
            book.Set(change.Side, change.Price, change.Quantity, 0, 0);
        }
    }

    /// <summary>Like <see cref="ApplyUpdate"/> for a feed that already wrote the changes into the book (keeping the decimals its checksum needs).</summary>
    protected void Commit(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos)
    {
        instrument.LastSequence = sequence;
        instrument.AwaitingFirstUpdate = false;
        instrument.LastReceiveNanos = receiveNanos;
        Counters.DepthUpdates++;
        Counters.LevelsApplied += changes.Length;
        if (instrument.Book.IsCrossed)
        {
            Counters.CrossedBooks++;
            MarkStale(instrument, StaleReason.CrossedBook, sequence, 0, receiveNanos);
            return;
        }

        if (instrument.TickUnits > 1 && !AllOnTick(instrument, changes, receiveNanos))
        {
            return;
        }

        Sink.OnBookUpdate(instrument, changes, sequence, exchangeNanos, receiveNanos);
    }

    /// <summary>
    /// Whether every changed price is on the listing's tick. One that is not means the venue and our listing disagree
    /// (the venue changed its tick, or the config is wrong): counted, and the book goes stale rather than pass on
    /// prices the engine's orders could not use.
    /// </summary>
    private bool AllOnTick(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long receiveNanos)
    {
        long tick = instrument.TickUnits;
        foreach (ref readonly LevelChange change in changes)
        {
            if (change.Price % tick != 0)
            {
                BadInput(BadInputKind.OffTick, $"{instrument.Symbol}: price {change.Price} (units of 10^-{instrument.PriceScale}) is not a multiple of the listing's tick {tick}");
                MarkStale(instrument, StaleReason.BadMessage, 0, 0, receiveNanos);
                return false;
            }
        }

        return true;
    }

    /// <summary>A gap in the venue's sequence: counted, the book goes stale and a snapshot is wanted.</summary>
    protected void Gap(FeedInstrument instrument, long received, long expected, long receiveNanos)
    {
        Counters.Gaps++;
        MarkStale(instrument, StaleReason.SequenceGap, received, expected, receiveNanos);
    }

    /// <summary>The book is no longer trusted: the sink hears it once, and a snapshot is wanted.</summary>
    protected void MarkStale(FeedInstrument instrument, StaleReason reason, long received, long expected, long receiveNanos)
    {
        if (instrument.State == BookState.Live)
        {
            Sink.OnBookStale(instrument, reason, received, expected, receiveNanos);
        }

        instrument.State = BookState.Stale;
        instrument.Book.Clear();
        SnapshotWanted?.Invoke(instrument);
    }

    /// <summary>Counts a bad message and logs the first of its kind (for the feed and the readers of its messages).</summary>
    protected internal void BadInput(BadInputKind kind, string detail) => Counters.CountBadInput(kind, Venue, detail);

    /// <summary>Counts a trade print and passes it on.</summary>
    protected internal void Trade(FeedInstrument instrument, in TradePrint trade)
    {
        Counters.Trades++;
        Sink.OnTrade(instrument, in trade);
    }

    /// <summary>Passes on the venue's own best bid/offer.</summary>
    protected internal void Quote(FeedInstrument instrument, in BestQuote quote) => Sink.OnBestQuote(instrument, in quote);

    /// <summary>The instrument for a symbol, or null after counting an unknown symbol.</summary>
    protected FeedInstrument? Find(ReadOnlySpan<byte> symbol)
    {
        if (Instruments.TryFind(symbol, out FeedInstrument instrument))
        {
            return instrument;
        }

        BadInput(BadInputKind.UnknownSymbol, $"symbol '{System.Text.Encoding.UTF8.GetString(symbol)}' is not followed");
        return null;
    }

    /// <summary>The side of a bid (<c>true</c>) or ask level.</summary>
    protected static Side SideOf(bool bid) => bid ? Side.Buy : Side.Sell;
}
