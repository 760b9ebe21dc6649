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
/// message; <c>import</c> turns a day into an engine market-data stream (an interim CSV format, see
/// <see cref="ImportFormatVersion"/>, until the SBE market-data codecs exist).
/// </summary>
public static class LobsterCommand
{
    /// <summary>The interim import format's first line; its columns are documented in the file's second line.</summary>
    public const string ImportFormatVersion = "# engine-market-data-csv v0";

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
        var outFile = new Option<FileInfo>("--out") { Description = "The market-data file to write.", Required = true };
        var symbol = new Option<string>("--symbol") { Description = "The instrument's symbol, recorded in the header.", DefaultValueFactory = _ => "UNKNOWN" };
        var command = new Command(
            "import",
            "Turn a LOBSTER day into an engine market-data stream for backtests: a snapshot of the seeded book, one L3 event per message, " +
            "and a window snapshot whenever a level enters the window unannounced. Interim CSV format (documented in the file header) until the SBE market-data codecs exist.")
        {
            messages,
            orderbook,
            levels,
            outFile,
            symbol,
        };
        command.SetAction(parsed =>
        {
            int levelCount = RequireLevels(parsed.GetValue(levels));
            string messagePath = parsed.GetValue(messages)!.FullName;
            string orderbookPath = parsed.GetValue(orderbook)!.FullName;
            string symbolName = parsed.GetValue(symbol)!;
            var rebuilder = new LobsterBookRebuilder(levelCount);
            using var reader = new LobsterDayReader(messagePath, orderbookPath, levelCount);
            using var writer = new StreamWriter(parsed.GetValue(outFile)!.FullName, append: false, System.Text.Encoding.ASCII, 1 << 16);
            writer.Write(ImportFormatVersion + '\n');
            writer.Write("# columns: seq,time_ns,event,order_id,side,price,quantity | events: add, cancel (quantity removed), delete, execute (visible), hidden_execute, cross, halt, level (set the level's total: a window snapshot line; quantity 0 removes it), snapshot_begin, snapshot_end\n");
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"# symbol={symbolName} priceScale={LobsterFormat.PriceScale} quantityScale=0 levels={levelCount} source={Path.GetFileName(messagePath)} time=nanoseconds after midnight (exchange local time)\n"));
            long sequence = 0;
            long seeded = 0;
            while (reader.Next())
            {
                LobsterMessage message = reader.Message;
                if (reader.Line == 1)
                {
                    rebuilder.Seed(reader.Row, message);
                    WriteSnapshot(writer, rebuilder.Book, ref sequence, message.TimeNanos);
                }

                rebuilder.Apply(message, reader.Row);
                sequence++;
                writer.Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{sequence},{message.TimeNanos},{EventName(message.Type)},{message.OrderId},{(message.Side == Side.Buy ? 'B' : 'S')},{message.Price},{message.Size}\n"));
                if (rebuilder.SeededLevels != seeded)
                {
                    seeded = rebuilder.SeededLevels;
                    WriteSnapshot(writer, rebuilder.Book, ref sequence, message.TimeNanos);
                }
            }

            output.WriteLine($"lobster import: {reader.Line} messages, {sequence} market-data events ({rebuilder.SeededLevels} seeded levels); rows matching {rebuilder.MatchingRows}/{rebuilder.Rows}");
            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>Writes every level of the book (not only the window) as level lines between snapshot markers.</summary>
    private static void WriteSnapshot(StreamWriter writer, IL3Book book, ref long sequence, long time)
    {
        sequence++;
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{sequence},{time},snapshot_begin,0,,0,0\n"));
        foreach (Side side in (Side[])[Side.Sell, Side.Buy])
        {
            for (int depth = 0; book.TryGetLevel(side, depth, out BookLevel level); depth++)
            {
                sequence++;
                writer.Write(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{sequence},{time},level,0,{(side == Side.Buy ? 'B' : 'S')},{level.Price.Units},{level.Quantity.Units}\n"));
            }
        }

        sequence++;
        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{sequence},{time},snapshot_end,0,,0,0\n"));
    }

    private static string EventName(LobsterEventType type) => type switch
    {
        LobsterEventType.NewOrder => "add",
        LobsterEventType.PartialCancel => "cancel",
        LobsterEventType.Delete => "delete",
        LobsterEventType.VisibleExecution => "execute",
        LobsterEventType.HiddenExecution => "hidden_execute",
        LobsterEventType.CrossTrade => "cross",
        _ => "halt",
    };

    private static int RequireLevels(int levels)
    {
        if (levels < 1 || levels > 1000)
        {
            throw new UsageException($"--levels must be within 1..1000, got {levels}");
        }

        return levels;
    }
}
