using System.Diagnostics;
using System.IO.Compression;
using Engine.Matching;
using Engine.Matching.Lobster;

namespace Engine.PerfTests.Harnesses.Matching;

/// <summary>
/// lobster-replay: messages per second of the GOOG 2012-06-21 10-level LOBSTER day (147,916 messages) through the
/// L3 book, including the per-message window reconciliation and the top-10 comparison with the orderbook row. The
/// files are parsed into memory first; only the replay is timed. Baseline, same run: the same replay over the
/// reference (SortedDictionary) book. Verified: every row matches, in every pass.
/// </summary>
public sealed class LobsterReplayHarness : IHarness
{
    private const int Levels = 10;
    private const string Zip = "LOBSTER_SampleFile_GOOG_2012-06-21_10.zip";

    public string Name => "lobster-replay";

    public string Description => "GOOG 10-level LOBSTER day through the fast L3 book with row checks; baseline: reference book";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        (LobsterMessage[] messages, long[][] rows) = Load(FindZip());
        int passes = context.Quick ? 3 : 10;
        double best = double.MaxValue;
        var perPass = new List<double>();
        for (int pass = 0; pass < passes; pass++)
        {
            double seconds = ReplayOnce(messages, rows, new FastL3Book(orderCapacity: 1 << 16, levelCapacity: 4_096));
            perPass.Add(seconds);
            best = Math.Min(best, seconds);
        }

        double referenceSeconds = ReplayOnce(messages, rows, new ReferenceL3Book());
        perPass.Sort();
        context.Report(new HarnessResult(Name, messages.Length / best, "messages/s", "reference-l3-book", messages.Length / referenceSeconds)
        {
            Extra = new Dictionary<string, double>
            {
                ["messages"] = messages.Length,
                ["passes"] = passes,
                ["medianMessagesPerSecond"] = messages.Length / perPass[perPass.Count / 2],
                ["nsPerMessage"] = best * 1e9 / messages.Length,
            },
        });
    }

    private static double ReplayOnce(LobsterMessage[] messages, long[][] rows, IL3Book book)
    {
        var rebuilder = new LobsterBookRebuilder(Levels, book);
        long started = Stopwatch.GetTimestamp();
        rebuilder.Seed(rows[0], messages[0]);
        for (int i = 0; i < messages.Length; i++)
        {
            rebuilder.Apply(messages[i], rows[i]);
        }

        long elapsed = Stopwatch.GetTimestamp() - started;
        if (rebuilder.MatchingRows != messages.Length)
        {
            throw new HarnessVerificationException($"{rebuilder.Rows - rebuilder.MatchingRows} rows did not match (first: {rebuilder.FirstMismatchRow})");
        }

        book.ValidateInternalState();
        return elapsed / (double)Stopwatch.Frequency;
    }

    private static (LobsterMessage[] Messages, long[][] Rows) Load(string zipPath)
    {
        using ZipArchive archive = ZipFile.OpenRead(zipPath);
        using var messageReader = new StreamReader(archive.Entries.Single(e => e.Name.Contains("_message_", StringComparison.Ordinal)).Open());
        using var bookReader = new StreamReader(archive.Entries.Single(e => e.Name.Contains("_orderbook_", StringComparison.Ordinal)).Open());
        var messages = new List<LobsterMessage>(150_000);
        var rows = new List<long[]>(150_000);
        string? line;
        while ((line = messageReader.ReadLine()) is not null)
        {
            messages.Add(LobsterFormat.ParseMessage(line));
            var row = new long[4 * Levels];
            LobsterFormat.ParseBookRow(bookReader.ReadLine() ?? throw new HarnessVerificationException("orderbook file shorter than message file"), Levels, row);
            rows.Add(row);
        }

        return ([.. messages], [.. rows]);
    }

    private static string FindZip() => SharedDataFiles.Find("lobster/" + Zip);
}
