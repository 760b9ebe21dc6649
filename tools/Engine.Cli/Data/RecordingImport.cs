using System.Globalization;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Gateway;
using Engine.Gateways.Venues.Recordings;
using Engine.Model;

namespace Engine.Cli.Data;

/// <summary>
/// hftbacktest and cryptofeed recordings, through exactly what <c>engine gateway venue --replay</c> runs: the
/// recording as a <see cref="RecordingReplaySource"/> (as fast as it goes), the venue's feed behind a
/// <see cref="VenueMarketDataAdapter"/> (sequencing, checksums, resyncs) and its SBE encoder, whose frames are
/// journaled as the engine's receiver would journal them. Engine time is the recorder's receive time. The instruments
/// are the listings of the venue whose symbols the recording carries (or only <c>--instrument</c>); messages for other
/// symbols and whatever else the feed could not use are counted as rejected, per kind, with the feed's description of
/// the first. Single-threaded.
/// </summary>
internal static class RecordingImport
{
    private const string FeedLogSuffix = " (further messages of this kind are only counted)";

    public static ImportedData Run(ImportContext context, DatasetJournal journal)
    {
        DatasetVenue venue = context.RequireVenue();
        string feed = venue.Feed ?? throw new UsageException(
            $"--venue {venue.Code}: no venue feed normalizes its recordings (feeds: {string.Join(", ", Engine.Gateways.Venues.Verification.VenueFeeds.Names)})");
        foreach (string file in context.Request.Files)
        {
            RequireFormat(file, context.Request.Format);
        }

        InstrumentRegistry registry = context.RequireConfig().Registry;
        FeedInstruments instruments = Instruments(context, venue, feed, registry);
        using var log = new StringWriter(CultureInfo.InvariantCulture);
        using var source = new RecordingReplaySource(context.Request.Files, speed: 0);
        using var adapter = new VenueMarketDataAdapter(feed, instruments, source, log);
        DatasetJournal sink = journal;
        while (!adapter.SourceCompleted)
        {
            adapter.DoWork(0, ref sink);
        }

        FeedCounters counters = adapter.Counters;
        context.Notes.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"read {context.Request.Files.Count} file(s): {source.FrameCount} frames; feed {feed}: {counters.Messages} messages, {counters.Snapshots} snapshots, {counters.DepthUpdates} depth updates " +
            $"({counters.UpdatesDropped} dropped before their snapshot), {counters.Trades} trades ({counters.DuplicatesDropped} duplicates dropped), {counters.Gaps} gaps, {counters.Resyncs} resyncs, " +
            $"{counters.CrossedBooks} crossed books, {counters.ChecksumMismatches}/{counters.Checksums} checksums wrong"));
        string[] described = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (BadInputKind kind in Enum.GetValues<BadInputKind>())
        {
            long count = counters.BadInput(kind);
            string name = kind.ToString();
            // The feed describes the first message of each kind: "venue: Kind: detail (further messages ...)".
            string? line = described.FirstOrDefault(l => l.Contains(": " + name + ": ", StringComparison.Ordinal));
            string detail = line is null ? name : name + ": " + line[(line.IndexOf(": " + name + ": ", StringComparison.Ordinal) + name.Length + 4)..].Replace(FeedLogSuffix, "", StringComparison.Ordinal);
            context.Rejected.AddMany($"feed {feed}", count, string.Create(CultureInfo.InvariantCulture, $"{count} messages rejected as {detail}"));
        }

        var symbols = instruments.All
            .Select(i => registry.GetInstrument(new Engine.Primitives.InstrumentId(i.InstrumentId)).Symbol)
            .ToList();
        return ImportedData.From(journal, symbols, kind: null);
    }

    private static FeedInstruments Instruments(ImportContext context, DatasetVenue venue, string feed, InstrumentRegistry registry)
    {
        if (context.Request.Instrument is { } instrument)
        {
            venue.ListingOf(registry, instrument);
            return VenueListings.Build(registry, feed, [instrument]);
        }

        return new FeedInstruments
        {
            Discover = symbol => venue.ListingByVenueSymbol(registry, symbol) is { } listing
                ? new FeedInstrument(listing.VenueSymbol, listing.Instrument.Id.Value, listing.Venue.Id.Value, listing.Rules.PriceScale, listing.Rules.QuantityScale)
                {
                    TickUnits = listing.Rules.TickSize.Units,
                }
                : null,
        };
    }

    /// <summary>
    /// Refuses a file that is not a recording of <paramref name="format"/>, from its first line: hftbacktest writes
    /// <c>&lt;ns&gt; &lt;json&gt;</c>; cryptofeed <c>&lt;seconds&gt;: &lt;json&gt;</c> or a URL line (connection, REST).
    /// </summary>
    private static void RequireFormat(string file, DatasetFormat format)
    {
        string? first = null;
        RecordingReader.ReadLines(file, line =>
        {
            line = line.TrimEnd("\r"u8);
            if (line.IsEmpty)
            {
                return true;
            }

            first = System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, 200)]);
            return false;
        });
        if (first is null)
        {
            throw new UsageException($"{file}: empty, not a {DatasetFormats.NameOf(format)} recording");
        }

        string looks = LooksLike(first);
        if (looks != DatasetFormats.NameOf(format))
        {
            string shown = first.Length <= 80 ? first : first[..80] + "...";
            throw new UsageException($"{file}: not a {DatasetFormats.NameOf(format)} recording: its first line '{shown}' is {(looks.Length == 0 ? "neither hftbacktest's nor cryptofeed's" : "a " + looks + " line")}");
        }
    }

    private static string LooksLike(string line)
    {
        if (line.StartsWith("ws", StringComparison.Ordinal) || line.StartsWith("http", StringComparison.Ordinal))
        {
            return "cryptofeed";
        }

        int space = line.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0)
        {
            return "";
        }

        ReadOnlySpan<char> stamp = line.AsSpan(0, space);
        if (stamp[^1] == ':' && stamp[..^1].IndexOfAnyExcept("0123456789.") < 0 && line.AsSpan(space + 1).StartsWith("{"))
        {
            return "cryptofeed";
        }

        return stamp.IndexOfAnyExceptInRange('0', '9') < 0 && line.AsSpan(space + 1).StartsWith("{") ? "hftbacktest" : "";
    }
}
