using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Engine.Host;
using Engine.Journal.Writing;
using Engine.Matching.Lobster;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Cli.Lobster;

/// <summary>
/// Writes a LOBSTER day as an engine journal that <c>engine journal verify|replay</c> and backtests read like any other.
/// The day is rebuilt by <see cref="LobsterBookRebuilder"/> over a <see cref="JournalingL3Book"/>, so every change the
/// rebuilder makes to its book becomes one SBE L3 record (the seeded first row and levels that enter the window
/// unannounced become anonymous orders with negative ids; visible executions become L3OrderExecuted; hidden
/// executions and crosses become Trade prints; halts change nothing and are not journaled). Replaying the journal
/// through the BLP therefore ends with an L3 mirror equal to the rebuilder's book, whose top N levels the rebuilder
/// checked against every orderbook row.
/// <para>
/// Mapping: the shipped default configuration plus a venue <see cref="VenueCode"/> and an instrument <c>SYMBOL-USD</c>
/// (spot, base SYMBOL, quote USD) listed there as SYMBOL, price scale 4 (LOBSTER's dollars × 10,000), quantity scale 0
/// (shares), tick 0.01, lot 1; no strategies and no deposits. The configuration is kept in <c>DIR/config</c>, as the
/// engine keeps the one a journal was written with. Times: LOBSTER's time after midnight is exchange local time (New
/// York); with the day from the file name (SYMBOL_YYYY-MM-DD_...) it is converted to UTC (<see cref="NewYorkTime"/>),
/// so the journal's times are true UTC like every other journal's. Without a date in the file name the day is unknown:
/// times then count from 1970-01-01 and are New York local times after midnight, which <c>DIR/config/origin.json</c>
/// (<see cref="JournalOrigin"/>) says, so <c>engine journal stats</c> and <c>dump</c> label them honestly.
/// LOBSTER writes its time column from a double, so real files carry digits beyond the nanosecond: they are rounded
/// to the nearest nanosecond.
/// </para>
/// Single-threaded; one import per call.
/// </summary>
internal static partial class LobsterJournalImport
{
    public const string VenueCode = "NASDAQ";

    public readonly record struct Result(
        long Messages,
        long Records,
        long Added,
        long Modified,
        long Deleted,
        long Executed,
        long Trades,
        long Halts,
        long SeededLevels,
        long Rows,
        long MatchingRows,
        string Instrument,
        InstrumentId InstrumentId,
        long DayStartNanos);

    /// <summary>
    /// Imports the day into <paramref name="outDirectory"/>; when the import fails, whatever it wrote is removed (and
    /// the directory too when the import created it), so the next import into the same directory is not refused.
    /// </summary>
    public static Result Run(string messagePath, string orderbookPath, int levels, string outDirectory, string? symbol)
    {
        LobsterDayReader.RequireFile(messagePath, "--messages");
        LobsterDayReader.RequireFile(orderbookPath, "--orderbook");
        if (Directory.Exists(outDirectory) && Directory.EnumerateFileSystemEntries(outDirectory).Any())
        {
            throw new CommandFailedException($"--out {outDirectory}: the directory is not empty; an import writes a new journal");
        }

        bool created = !Directory.Exists(outDirectory);
        try
        {
            return Import(messagePath, orderbookPath, levels, outDirectory, symbol);
        }
        catch
        {
            RemoveWhatWasWritten(outDirectory, created);
            throw;
        }
    }

    private static void RemoveWhatWasWritten(string outDirectory, bool created)
    {
        if (!Directory.Exists(outDirectory))
        {
            return;
        }

        if (created)
        {
            Directory.Delete(outDirectory, recursive: true);
            return;
        }

        foreach (string directory in Directory.GetDirectories(outDirectory))
        {
            Directory.Delete(directory, recursive: true);
        }

        foreach (string file in Directory.GetFiles(outDirectory))
        {
            File.Delete(file);
        }
    }

    private static Result Import(string messagePath, string orderbookPath, int levels, string outDirectory, string? symbol)
    {
        string fileName = Path.GetFileName(messagePath);
        Match name = FileNamePattern().Match(fileName);
        symbol ??= name.Success ? name.Groups["symbol"].Value : throw new UsageException($"--symbol is needed: the message file name {fileName} does not start with SYMBOL_YYYY-MM-DD_");
        if (!SymbolPattern().IsMatch(symbol))
        {
            throw new UsageException($"--symbol {symbol}: must be 1-12 upper-case letters or digits");
        }

        long dayStart = 0;
        if (name.Success)
        {
            if (!DateTime.TryParseExact(name.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime day))
            {
                throw new CommandFailedException($"{messagePath}: the date {name.Groups["date"].Value} in the file name is not a valid date");
            }

            dayStart = ((day - DateTime.UnixEpoch).Ticks * 100) + NewYorkTime.UtcOffsetNanos(DateOnly.FromDateTime(day));
        }

        string instrumentSymbol = symbol + "-USD";
        EngineConfig config = WriteConfig(outDirectory, symbol, instrumentSymbol);
        (name.Success
            ? JournalOrigin.LobsterImport(name.Groups["date"].Value, NewYorkTime.TimeZone)
            : JournalOrigin.LobsterImport("unknown", NewYorkTime.TimeZone) with
            {
                ExchangeClock = "exchange clock: LOBSTER time after midnight, " + NewYorkTime.TimeZone +
                    " local time, NOT UTC (the day is unknown: the file name has no date, so times count from 1970-01-01)",
            }).Write(outDirectory);
        config.Registry.TryGetInstrument(instrumentSymbol, out Instrument? instrument);
        config.Registry.TryGetVenue(VenueCode, out Venue? venue);
        using var reader = new LobsterDayReader(messagePath, orderbookPath, levels);
        using JournalWriter journal = JournalWriter.Open(outDirectory, config.Journal with { FsyncPolicy = FsyncPolicy.None });
        var book = new JournalingL3Book(journal, instrument!.Id, venue!.Id);
        var rebuilder = new LobsterBookRebuilder(levels, book);
        long halts = 0;
        while (reader.Next())
        {
            LobsterMessage message = reader.Message;
            book.SetTime(dayStart + message.TimeNanos);
            if (reader.Line == 1)
            {
                rebuilder.Seed(reader.Row, message);
            }

            switch (message.Type)
            {
                case LobsterEventType.VisibleExecution:
                    book.BeginExecution(message.Side, message.Price, message.Size);
                    rebuilder.Apply(message, reader.Row);
                    book.EndExecution();
                    break;
                case LobsterEventType.HiddenExecution:
                case LobsterEventType.CrossTrade:
                    rebuilder.Apply(message, reader.Row);
                    if (message.Price > 0 && message.Size > 0)
                    {
                        // LOBSTER's direction is the side of the (hidden) resting order, so the aggressor is the other
                        // one; a cross (auction) has no aggressor.
                        Side? aggressor = message.Type == LobsterEventType.CrossTrade ? null : message.Side == Side.Buy ? Side.Sell : Side.Buy;
                        book.JournalTrade(message.Price, message.Size, aggressor);
                    }

                    break;
                case LobsterEventType.TradingHalt:
                    halts++;
                    rebuilder.Apply(message, reader.Row);
                    break;
                default:
                    rebuilder.Apply(message, reader.Row);
                    break;
            }
        }

        if (reader.Line == 0)
        {
            throw new CommandFailedException($"{messagePath}: the message file is empty");
        }

        journal.Commit();
        book.ValidateInternalState();
        return new Result(
            reader.Line,
            journal.NextSequence - 1,
            book.Added,
            book.Modified,
            book.Deleted,
            book.Executed,
            book.Trades,
            halts,
            rebuilder.SeededLevels,
            rebuilder.Rows,
            rebuilder.MatchingRows,
            instrumentSymbol,
            instrument.Id,
            dayStart);
    }

    /// <summary>The default configuration plus the LOBSTER venue and instrument, kept in DIR/config (see the type's remarks).</summary>
    private static EngineConfig WriteConfig(string outDirectory, string symbol, string instrumentSymbol)
    {
        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip };
        var write = new JsonSerializerOptions { WriteIndented = true };
        JsonNode instruments = JsonNode.Parse(DefaultConfiguration.Read("instruments.json"), documentOptions: options)!;
        foreach (JsonNode? existing in instruments["instruments"]!.AsArray())
        {
            if ((string?)existing?["symbol"] == instrumentSymbol)
            {
                throw new UsageException($"--symbol {symbol}: the default configuration already has an instrument {instrumentSymbol}; choose another symbol");
            }
        }

        instruments["venues"]!.AsArray().Add(new JsonObject
        {
            ["code"] = VenueCode,
            ["name"] = "NASDAQ (LOBSTER order-book reconstruction)",
            ["symbolFormat"] = "dash",
        });
        instruments["instruments"]!.AsArray().Add(new JsonObject
        {
            ["symbol"] = instrumentSymbol,
            ["base"] = symbol,
            ["quote"] = "USD",
            ["settle"] = "USD",
            ["kind"] = "spot",
        });
        instruments["listings"]!.AsArray().Add(new JsonObject
        {
            ["venue"] = VenueCode,
            ["instrument"] = instrumentSymbol,
            ["symbol"] = symbol,
            ["symbolOverride"] = true,
            ["priceScale"] = LobsterFormat.PriceScale,
            ["quantityScale"] = 0,
            ["tickSize"] = "0.01",
            ["lotSize"] = "1",
            ["minQuantity"] = "1",
            ["minNotional"] = "0",
            ["contractMultiplier"] = "1",
        });
        JsonNode engine = JsonNode.Parse(DefaultConfiguration.Read("engine.json"), documentOptions: options)!;
        engine["strategies"] = new JsonArray();
        engine["deposits"] = new JsonArray();
        engine["journal"]!["directory"] = "..";

        // Written to a staging folder, loaded (validated) from there, then kept in DIR/config exactly as the engine keeps
        // the configuration of a journal it writes.
        Directory.CreateDirectory(outDirectory);
        string staging = Path.Combine(outDirectory, "config-import");
        Directory.CreateDirectory(staging);
        try
        {
            File.WriteAllText(Path.Combine(staging, "instruments.json"), instruments.ToJsonString(write));
            File.WriteAllText(Path.Combine(staging, "risk.json"), DefaultConfiguration.Read("risk.json"));
            File.WriteAllText(Path.Combine(staging, "engine.json"), engine.ToJsonString(write));
            EngineConfig config = EngineConfig.Load(Path.Combine(staging, "engine.json"));
            JournalConfigCopy.SaveOrVerify(config, outDirectory);
            return config;
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException($"the import's configuration for {instrumentSymbol} is invalid: {e.Message}");
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    [GeneratedRegex("^(?<symbol>[A-Z0-9]{1,12})_(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})_")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex("^[A-Z0-9]{1,12}$")]
    private static partial Regex SymbolPattern();
}
