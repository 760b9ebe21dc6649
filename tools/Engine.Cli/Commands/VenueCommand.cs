using System.CommandLine;
using Engine.Gateways.Venues.Verification;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine venue ...</c>: real venues' market data. <c>verify</c> replays a recorded session through the venue's
/// feed (its parser, its documented sequencing and checksums) and the engine's L2 book, and says what was wrong.
/// </summary>
public static class VenueCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("venue", "Real venues' market data: verify recorded sessions through the venue feeds.");
        command.Subcommands.Add(CreateVerify(output));
        return command;
    }

    private static Command CreateVerify(TextWriter output)
    {
        var venue = new Option<string>("--venue")
        {
            Description = $"The venue's feed: {string.Join(", ", VenueFeeds.Names)}.",
            Required = true,
        };
        var recordings = new Option<FileInfo[]>("--recording")
        {
            Description = "Recorded session files, in order (a later file continues the earlier one; REST transcripts are merged in by time). " +
                "Formats: hftbacktest lines (gzip or not), cryptofeed WebSocket and REST transcripts.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command(
            "verify",
            "Replay recordings through the venue's feed and the engine's L2 book. The last output line is one JSON object: depthUpdates, gaps, " +
            "resyncs, crossedBooks, trades, bookTickerChecks, bookTickerMismatches, checksums, checksumMismatches, badInput, bestBids / bestAsks " +
            "(the first instrument's top 5 as [price, quantity] decimal strings) and every instrument's book. Exit 0 only when nothing was wrong.")
        {
            venue,
            recordings,
        };
        command.SetAction(parsed =>
        {
            string name = parsed.GetValue(venue)!;
            if (!VenueFeeds.Names.Contains(name))
            {
                throw new UsageException($"--venue: unknown venue '{name}' (known: {string.Join(", ", VenueFeeds.Names)})");
            }

            FileInfo[] files = parsed.GetValue(recordings) ?? [];
            foreach (FileInfo file in files)
            {
                if (!file.Exists)
                {
                    throw new CommandFailedException($"--recording: {file.FullName} does not exist");
                }
            }

            VerifyReport report = VenueVerifier.Run(name, files.Select(f => f.FullName).ToArray(), line => output.WriteLine($"venue verify: {line}"));
            output.WriteLine(
                $"venue verify: {report.Counters.Messages:N0} messages, {report.Counters.DepthUpdates:N0} depth updates, {report.Counters.Snapshots} snapshots, " +
                $"{report.Counters.Gaps} gaps, {report.Counters.CrossedBooks} crossed books, {report.Counters.BookTickerChecks:N0} bookTicker checks " +
                $"({report.Counters.BookTickerMismatches} wrong), {report.Counters.Checksums:N0} checksums ({report.Counters.ChecksumMismatches} wrong), " +
                $"{report.Counters.BadInputTotal} bad messages, {report.Books.Count} instruments");
            output.WriteLine(report.ToJson());
            return report.Ok ? CommandLineApp.Success : CommandLineApp.Failure;
        });
        return command;
    }
}
