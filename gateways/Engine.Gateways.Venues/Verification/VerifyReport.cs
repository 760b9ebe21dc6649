using System.Text.Json;
using Engine.Gateways.Venues.Feeds;

namespace Engine.Gateways.Venues.Verification;

/// <summary>What <see cref="VenueVerifier"/> found; <see cref="ToJson"/> is the one line <c>engine venue verify</c> ends with.</summary>
public sealed class VerifyReport
{
    internal VerifyReport(string venue, IReadOnlyList<string> files, FeedCounters counters, IReadOnlyList<FinalBook> books, long engineBookMismatches, long connections, long linesSkipped, long restIgnored)
    {
        Venue = venue;
        Files = files;
        Counters = counters;
        Books = books;
        EngineBookMismatches = engineBookMismatches;
        Connections = connections;
        LinesSkipped = linesSkipped;
        RestResponsesIgnored = restIgnored;
    }

    public string Venue { get; }

    public IReadOnlyList<string> Files { get; }

    public FeedCounters Counters { get; }

    /// <summary>Each followed instrument's final book, as the engine's L2 book holds it.</summary>
    public IReadOnlyList<FinalBook> Books { get; }

    /// <summary>Instruments whose engine book ended different from the feed's own copy.</summary>
    public long EngineBookMismatches { get; }

    public long Connections { get; }

    public long LinesSkipped { get; }

    public long RestResponsesIgnored { get; }

    /// <summary>Nothing was wrong: no gap, crossed book, failed cross-check or checksum, bad input, and the engine's books equal the feed's.</summary>
    public bool Ok =>
        Counters.Gaps == 0 && Counters.CrossedBooks == 0 && Counters.BookTickerMismatches == 0 && Counters.ChecksumMismatches == 0
        && Counters.BadInputTotal == 0 && EngineBookMismatches == 0 && Counters.StaleFeeds == 0;

    /// <summary>One JSON object: the counts, then <c>bestBids</c> / <c>bestAsks</c> of the first instrument and every instrument's book.</summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("venue", Venue);
            json.WriteBoolean("ok", Ok);
            json.WriteNumber("messages", Counters.Messages);
            json.WriteNumber("snapshots", Counters.Snapshots);
            json.WriteNumber("depthUpdates", Counters.DepthUpdates);
            json.WriteNumber("levelsApplied", Counters.LevelsApplied);
            json.WriteNumber("updatesDropped", Counters.UpdatesDropped);
            json.WriteNumber("duplicatesDropped", Counters.DuplicatesDropped);
            json.WriteNumber("gaps", Counters.Gaps);
            json.WriteNumber("resyncs", Counters.Resyncs);
            json.WriteNumber("crossedBooks", Counters.CrossedBooks);
            json.WriteNumber("trades", Counters.Trades);
            json.WriteNumber("bookTickerChecks", Counters.BookTickerChecks);
            json.WriteNumber("bookTickerMismatches", Counters.BookTickerMismatches);
            json.WriteNumber("checksums", Counters.Checksums);
            json.WriteNumber("checksumMismatches", Counters.ChecksumMismatches);
            json.WriteNumber("staleFeeds", Counters.StaleFeeds);
            json.WriteNumber("engineBookMismatches", EngineBookMismatches);
            json.WriteStartObject("badInput");
            foreach (BadInputKind kind in Enum.GetValues<BadInputKind>())
            {
                json.WriteNumber(JsonNamingPolicy.CamelCase.ConvertName(kind.ToString()), Counters.BadInput(kind));
            }

            json.WriteEndObject();
            json.WriteNumber("connections", Connections);
            json.WriteNumber("linesSkipped", LinesSkipped);
            json.WriteNumber("instruments", Books.Count);
            FinalBook? first = Books.Count > 0 ? Books[0] : null;
            WriteLevels(json, "bestBids", first?.BestBids ?? []);
            WriteLevels(json, "bestAsks", first?.BestAsks ?? []);
            json.WriteStartObject("books");
            foreach (FinalBook book in Books)
            {
                json.WriteStartObject(book.Symbol);
                json.WriteString("state", book.State);
                WriteLevels(json, "bestBids", book.BestBids);
                WriteLevels(json, "bestAsks", book.BestAsks);
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteLevels(Utf8JsonWriter json, string name, IReadOnlyList<string[]> levels)
    {
        json.WriteStartArray(name);
        foreach (string[] level in levels)
        {
            json.WriteStartArray();
            json.WriteStringValue(level[0]);
            json.WriteStringValue(level[1]);
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    /// <summary>One instrument's final book: its state and its top levels per side as [price, quantity] decimal strings.</summary>
    public sealed record FinalBook(string Symbol, string State, IReadOnlyList<string[]> BestBids, IReadOnlyList<string[]> BestAsks);
}
