using System.Web;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Recordings;
using Engine.Matching;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Verification;

/// <summary>
/// Replays a recorded venue session through the venue's feed and the engine's L2 book and reports what it found
/// (<see cref="VerifyReport"/>): sequence gaps, resyncs, crossed books, Binance's bookTicker cross-checks, checksums,
/// bad input, and the final books. Recordings are read with <see cref="RecordingReader"/>; a REST response is the
/// depth snapshot of the symbol its URL names.
/// </summary>
public static class VenueVerifier
{
    /// <summary>Levels per side the report lists.</summary>
    public const int ReportedDepth = 5;

    public static VerifyReport Run(string venue, IReadOnlyList<string> files, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(venue);
        ArgumentNullException.ThrowIfNull(files);
        (int priceScale, int quantityScale) = VenueFeeds.DiscoveryScales(venue);
        int nextId = 1;
        var instruments = new FeedInstruments
        {
            Discover = symbol => new FeedInstrument(symbol, nextId++, venueId: 0, priceScale, quantityScale),
        };
        var counters = new FeedCounters { Log = log };
        var mirror = new EngineBookMirror();
        VenueFeed feed = VenueFeeds.Create(venue, instruments, mirror, counters);
        long restIgnored = 0;
        long connections = 0;
        long skipped = RecordingReader.Read(files, (in RecordedFrame frame) =>
        {
            switch (frame.Kind)
            {
                case RecordedFrameKind.WebSocket:
                    feed.OnMessage(frame.Payload, frame.ReceiveNanos);
                    break;
                case RecordedFrameKind.Connected:
                    connections++;
                    break;
                case RecordedFrameKind.RestResponse:
                    string? symbol = SymbolOf(frame.Url!);
                    if (symbol is not null && instruments.TryFind(symbol, out FeedInstrument instrument))
                    {
                        feed.OnRestSnapshot(instrument, frame.Payload, frame.ReceiveNanos);
                    }
                    else
                    {
                        restIgnored++;     // exchangeInfo and the like: not a book
                    }

                    break;
            }
        });

        var books = new List<VerifyReport.FinalBook>();
        long engineMismatches = 0;
        foreach (FeedInstrument instrument in instruments.All)
        {
            FastL2Book engine = mirror.BookOf(instrument);
            if (!SameTop(instrument, engine))
            {
                engineMismatches++;
            }

            books.Add(new VerifyReport.FinalBook(instrument.Symbol, instrument.State.ToString(), Top(engine, Side.Buy, instrument.PriceScale, instrument.QuantityScale), Top(engine, Side.Sell, instrument.PriceScale, instrument.QuantityScale)));
        }

        return new VerifyReport(venue, files, counters, books, engineMismatches, connections, skipped, restIgnored);
    }

    /// <summary>The symbol a REST depth request named (<c>?symbol=BTCUSDT</c>), or null.</summary>
    internal static string? SymbolOf(string url)
    {
        int query = url.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? null : HttpUtility.ParseQueryString(url[(query + 1)..])["symbol"];
    }

    private static bool SameTop(FeedInstrument instrument, FastL2Book engine)
    {
        foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            if (engine.LevelCount(side) != instrument.Book.LevelCount(side))
            {
                return false;
            }

            for (int depth = 0; depth < ReportedDepth && instrument.Book.TryGetLevel(side, depth, out long price, out long quantity); depth++)
            {
                if (!engine.TryGetLevel(side, depth, out BookLevel level) || level.Price.Units != price || level.Quantity.Units != quantity)
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static List<string[]> Top(FastL2Book book, Side side, int priceScale, int quantityScale)
    {
        var levels = new List<string[]>();
        for (int depth = 0; depth < ReportedDepth && book.TryGetLevel(side, depth, out BookLevel level); depth++)
        {
            levels.Add([Decimal(level.Price.Units, priceScale), Decimal(level.Quantity.Units, quantityScale)]);
        }

        return levels;
    }

    /// <summary>Units as a plain decimal without trailing zeros ("61837.63", "3.78826", "35").</summary>
    internal static string Decimal(long units, int scale) => FixedPointMath.FormatTrimmed(units, scale);
}
