using System.CommandLine;
using System.Globalization;
using Engine.Cli.Lobster;
using Engine.Matching;
using Engine.Matching.Lobster;
using Engine.Primitives;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine lobster ...</c>: the external check of the order books against NASDAQ LOBSTER data.
/// <c>verify</c> rebuilds a day in the L3 book and compares the top N levels with the orderbook file after every
/// message; <c>import</c> writes a day as an engine journal of SBE L3 market data (see <see cref="LobsterJournalImport"/>).
/// </summary>
public static class LobsterCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("lobster", "Rebuild LOBSTER order-book days in the engine's L3 book (verify) or import them as market data.");
        command.Subcommands.Add(CreateVerify(output));
        command.Subcommands.Add(CreateImport(output));
        return command;
    }

    private static Option<FileInfo> MessagesOption() => new("--messages")
    {
        Description = "The LOBSTER message file (..._message_N.csv).",
        Required = true,
    };

    private static Option<FileInfo> OrderbookOption() => new("--orderbook")
    {
        Description = "The LOBSTER orderbook file of the same day and level count (..._orderbook_N.csv).",
        Required = true,
    };

    private static Option<int> LevelsOption() => new("--levels")
    {
        Description = "How many levels the files hold (the N in the file names).",
        Required = true,
    };

    private static Command CreateVerify(TextWriter output)
    {
        Option<FileInfo> messages = MessagesOption();
        Option<FileInfo> orderbook = OrderbookOption();
        Option<int> levels = LevelsOption();
        var rebuilt = new Option<FileInfo?>("--out") { Description = "Write the rebuilt book, one row per message, in LOBSTER's orderbook format." };
        var command = new Command(
            "verify",
            "Seed the book from the first orderbook row, apply every message as an L3 event and compare the top N levels with every orderbook row. " +
            "The last output line is JSON {rows, matching, seededLevels, firstMismatchRow}; exit 0 only when every row matches.")
        {
            messages,
            orderbook,
            levels,
            rebuilt,
        };
        command.SetAction(parsed =>
        {
            int levelCount = RequireLevels(parsed.GetValue(levels));
            string messagePath = parsed.GetValue(messages)!.FullName;
            string orderbookPath = parsed.GetValue(orderbook)!.FullName;
            FileInfo? outFile = parsed.GetValue(rebuilt);
            var rebuilder = new LobsterBookRebuilder(levelCount);
            using var reader = new LobsterDayReader(messagePath, orderbookPath, levelCount);
            using StreamWriter? writer = outFile is null ? null : new StreamWriter(outFile.FullName, append: false, System.Text.Encoding.ASCII, 1 << 16);
            var ours = new long[4 * levelCount];
            var line = new char[4 * levelCount * 21];
            string? firstMismatch = null;
            while (reader.Next())
            {
                if (reader.Line == 1)
                {
                    rebuilder.Seed(reader.Row, reader.Message);
                }

                bool matches = rebuilder.Apply(reader.Message, reader.Row);
                if (writer is not null || (!matches && firstMismatch is null))
                {
                    rebuilder.WriteTopLevels(ours);
                }

                if (writer is not null)
                {
                    LobsterFormat.TryFormatBookRow(ours, line, out int written);
                    writer.Write(line, 0, written);
                    writer.Write('\n');
                }

                if (!matches && firstMismatch is null)
                {
                    firstMismatch = $"first mismatch at row {reader.Line}: expected {string.Join(',', reader.Row)} but rebuilt {string.Join(',', ours)}";
                }
            }

            if (reader.Line == 0)
            {
                throw new CommandFailedException($"{messagePath}: the message file is empty");
            }

            rebuilder.Book.ValidateInternalState();
            output.WriteLine($"lobster verify: {rebuilder.Rows} rows, {rebuilder.MatchingRows} matching, {rebuilder.SeededLevels} levels seeded from the orderbook file (entered the {levelCount}-level window unannounced)");
            if (firstMismatch is not null)
            {
                output.WriteLine(firstMismatch);
            }

            string mismatch = rebuilder.FirstMismatchRow == 0 ? "null" : rebuilder.FirstMismatchRow.ToString(CultureInfo.InvariantCulture);
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{{\"rows\":{rebuilder.Rows},\"matching\":{rebuilder.MatchingRows},\"seededLevels\":{rebuilder.SeededLevels},\"firstMismatchRow\":{mismatch}}}"));
            return rebuilder.MatchingRows == rebuilder.Rows ? CommandLineApp.Success : CommandLineApp.Failure;
        });
        return command;
    }

    private static Command CreateImport(TextWriter output)
    {
        Option<FileInfo> messages = MessagesOption();
        Option<FileInfo> orderbook = OrderbookOption();
        Option<int> levels = LevelsOption();
        var outDirectory = new Option<DirectoryInfo>("--out") { Description = "The journal directory to write (new or empty).", Required = true };
        var symbol = new Option<string?>("--symbol") { Description = "The stock's symbol (default: the message file name's SYMBOL_ prefix); the instrument is SYMBOL-USD on venue NASDAQ." };
        var command = new Command(
            "import",
            "Write a LOBSTER day as an engine journal of SBE L3 market data (with the configuration it needs in DIR/config), " +
            "so that `engine journal verify|replay DIR` and backtests read it; replayed, the BLP's L3 mirror ends equal to the rebuilt book.")
        {
            messages,
            orderbook,
            levels,
            outDirectory,
            symbol,
        };
        command.SetAction(parsed =>
        {
            int levelCount = RequireLevels(parsed.GetValue(levels));
            string directory = parsed.GetValue(outDirectory)!.FullName;
            LobsterJournalImport.Result result = LobsterJournalImport.Run(
                parsed.GetValue(messages)!.FullName,
                parsed.GetValue(orderbook)!.FullName,
                levelCount,
                directory,
                parsed.GetValue(symbol));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"lobster import: {result.Messages} messages -> {result.Records} journal records in {directory} (L3 added {result.Added}, modified {result.Modified}, deleted {result.Deleted}, executed {result.Executed}; trades {result.Trades}; halts {result.Halts} not journaled)"));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"instrument {result.Instrument} (id {result.InstrumentId.Value}) on venue {LobsterJournalImport.VenueCode}; configuration in {Engine.Host.JournalConfigCopy.EngineFile(directory)}"));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"rebuilt book: {result.MatchingRows}/{result.Rows} rows matching the orderbook file, {result.SeededLevels} levels seeded (journaled as anonymous orders)"));
            return result.MatchingRows == result.Rows ? CommandLineApp.Success : CommandLineApp.Failure;
        });
        return command;
    }

    private static int RequireLevels(int levels)
    {
        if (levels < 1 || levels > 1000)
        {
            throw new UsageException($"--levels must be within 1..1000, got {levels}");
        }

        return levels;
    }
}
