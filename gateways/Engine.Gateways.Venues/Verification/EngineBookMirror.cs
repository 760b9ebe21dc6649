using Engine.Gateways.Venues.Books;
using Engine.Gateways.Venues.Feeds;
using Engine.Matching;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Verification;

/// <summary>
/// The verifier's sink: keeps, per instrument, the engine's L2 book (<see cref="FastL2Book"/>, the BLP's) built
/// only from what the feed passed on (snapshots, updates, stale marks), the way the engine would build it from the
/// gateway's SBE inputs. At the end its top must equal the feed's own copy.
/// </summary>
internal sealed class EngineBookMirror : IMarketDataSink
{
    private readonly Dictionary<FeedInstrument, FastL2Book> _books = [];

    public long BestQuotes { get; private set; }

    public long StaleMarks { get; private set; }

    public FastL2Book BookOf(FeedInstrument instrument)
    {
        if (!_books.TryGetValue(instrument, out FastL2Book? book))
        {
            book = new FastL2Book();
            _books[instrument] = book;
        }

        return book;
    }

    public void OnBookSnapshot(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos, bool resync)
    {
        FastL2Book book = BookOf(instrument);
        book.Clear();
        VenueBook source = instrument.Book;
        foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            for (int depth = 0; source.TryGetLevel(side, depth, out long price, out long quantity); depth++)
            {
                book.Set(side, new Price(price), new Quantity(quantity));
            }
        }
    }

    public void OnBookUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos)
    {
        FastL2Book book = BookOf(instrument);
        foreach (ref readonly LevelChange change in changes)
        {
            book.Set(change.Side, new Price(change.Price), new Quantity(change.Quantity));
        }
    }

    public void OnTrade(FeedInstrument instrument, in TradePrint trade)
    {
    }

    public void OnBestQuote(FeedInstrument instrument, in BestQuote quote) => BestQuotes++;

    public void OnBookStale(FeedInstrument instrument, StaleReason reason, long receivedSequence, long expectedSequence, long receiveNanos)
    {
        StaleMarks++;
        BookOf(instrument).Clear();
    }
}
