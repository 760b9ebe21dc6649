using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// Internal crossing: one book per listing the BLP trades on an internal venue (<see cref="Venue.IsInternal"/>).
/// Orders there never leave the engine. <see cref="MatchingEngine"/> matches them in price-time priority inside the
/// BLP's processing of the input that carried the request, so replaying the journal reproduces every internal trade
/// from the order inputs alone. The events are recorded here; the BLP turns them into order updates, ledger postings
/// and ExecutionReport outputs once the matching call has returned (see BusinessLogicProcessor.Crossing.cs).
/// <para>
/// Self-trade prevention is always on: an order never trades with a resting order of its own account (the incoming
/// order's rest is canceled). A book holds at most <see cref="MaxRestingOrders"/> resting orders. That bounds the
/// trades one order can make, and so the ledger postings of one input.
/// </para>
/// Owned by the BLP thread.
/// </summary>
internal sealed class InternalCrossing
{
    /// <summary>Resting orders one internal book may hold; further orders that would rest are refused (InternalBookFull).</summary>
    public const int MaxRestingOrders = 2_000;

    private readonly MatchingEngine?[] _engines;
    private readonly MatchingEventLog _events = new();

    /// <summary>
    /// Books that fit the ledger postings of one input (<see cref="TransferIds.PostingsPerInput"/>): an order sweeping
    /// a full book costs about three per resting order, a global kill switch one per resting order in every book.
    /// </summary>
    public const int MaxBooks = (TransferIds.PostingsPerInput - 2) / (3 * MaxRestingOrders);

    public InternalCrossing(TradedInstruments traded)
    {
        ArgumentNullException.ThrowIfNull(traded);
        _engines = new MatchingEngine?[traded.ListingSlots];
        int books = 0;
        for (int i = 1; i < traded.ListingSlots; i++)
        {
            if (traded.TryGetListing(new ListingId(i)) is { IsInternal: true } listing)
            {
                _engines[i] = new MatchingEngine(listing.Rules, new FastL3Book(orderCapacity: MaxRestingOrders + 16));
                books++;
            }
        }

        if (books > MaxBooks)
        {
            throw new ArgumentException(
                $"{books} listings are traded on internal venues; at most {MaxBooks} fit the ledger postings one input may make (each book holds up to {MaxRestingOrders} resting orders)",
                nameof(traded));
        }
    }

    /// <summary>The events of the requests made since the BLP last cleared them, in order.</summary>
    public MatchingEventLog Events => _events;

    public bool Crosses(ListingId listing) =>
        (uint)listing.Value < (uint)_engines.Length && _engines[listing.Value] is not null;

    public bool IsFull(ListingId listing) => EngineOf(listing).Book.OrderCount >= MaxRestingOrders;

    /// <summary>The book of an internal instrument (status displays and tests; do not modify it).</summary>
    public IL3Book BookOf(ListingId listing) => EngineOf(listing).Book;

    public void Submit(in NewOrder order, ListingId listing, Quantity position)
    {
        var recorder = new MatchingEventRecorder(_events);
        EngineOf(listing).Submit(order with { SelfTradePrevention = SelfTradePrevention.CancelIncoming }, position, ref recorder);
    }

    public void Cancel(in CancelOrder cancel, ListingId listing)
    {
        var recorder = new MatchingEventRecorder(_events);
        EngineOf(listing).Cancel(cancel, ref recorder);
    }

    public void Amend(in AmendOrder amend, ListingId listing)
    {
        var recorder = new MatchingEventRecorder(_events);
        EngineOf(listing).Amend(amend with { SelfTradePrevention = SelfTradePrevention.CancelIncoming }, ref recorder);
    }

    public void AddToHash(ref StateHasher hasher)
    {
        foreach (MatchingEngine? engine in _engines)
        {
            hasher.Add(engine is null ? 0L : (long)engine.StateHash());
        }
    }

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.BeginSection("crossing");
        var scratch = new List<BookOrder>();
        for (int i = 0; i < _engines.Length; i++)
        {
            if (_engines[i] is { } engine)
            {
                writer.WriteInt32(i);
                writer.WriteInt64(engine.NextTradeId.Value);
                L3BookSnapshot.Write(writer, engine.Book, scratch);
            }
        }
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ExpectSection("crossing");
        for (int i = 0; i < _engines.Length; i++)
        {
            if (_engines[i] is { } engine)
            {
                int listing = reader.ReadInt32();
                if (listing != i)
                {
                    throw new SnapshotFormatException($"snapshot: the crossing book of listing {listing} where this configuration crosses listing {i}");
                }

                long nextTradeId = reader.ReadInt64();
                if (nextTradeId < 1)
                {
                    throw new SnapshotFormatException($"snapshot: crossing listing {i} continues at trade id {nextTradeId}");
                }

                engine.ContinueTradeIdsAt(new TradeId(nextTradeId));
                L3BookSnapshot.Read(reader, engine.Book, $"crossing listing {i}");
            }
        }
    }

    private MatchingEngine EngineOf(ListingId listing) =>
        _engines[listing.Value] ?? throw new InvalidOperationException($"listing {listing.Value} is not crossed internally");
}
