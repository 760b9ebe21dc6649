using System.Globalization;
using System.IO.Compression;
using System.Text.RegularExpressions;
using Engine.Cli.Lobster;
using Engine.Journal.Reading;

namespace Engine.Cli.Data;

/// <summary>
/// A LOBSTER day as a dataset, through <c>engine lobster import</c>'s own code (<see cref="LobsterJournalImport"/>):
/// L3 records (orders added, modified, deleted, executed; hidden executions and crosses as trades) on venue NASDAQ,
/// with the configuration that import writes. The files are the day's message and orderbook CSVs, or the LOBSTER
/// zip that holds them (extracted next to the staging folder and removed after); the level count comes from their
/// names (..._message_N.csv). The figures are read back from the journal written. Single-threaded.
/// </summary>
internal static partial class LobsterDatasetImport
{
    public static ImportedData Run(ImportContext context)
    {
        string extracted = context.Staging + ".source";
        try
        {
            (string messages, string orderbook, int levels) = DayFiles(context.Request.Files, extracted);
            LobsterJournalImport.Result result;
            try
            {
                result = LobsterJournalImport.Run(messages, orderbook, levels, context.Staging, symbol: null);
            }
            catch (CommandFailedException e)
            {
                // Every failure of the LOBSTER import is about its input files: for a dataset import, bad input.
                throw new UsageException(e.Message);
            }

            context.Notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"read {result.Messages} LOBSTER messages ({levels} levels): {result.Halts} halts not journaled, {result.SeededLevels} levels seeded from the orderbook file as anonymous orders; " +
                $"rebuilt book matches {result.MatchingRows}/{result.Rows} orderbook rows"));
            if (result.MatchingRows != result.Rows)
            {
                throw new CommandFailedException($"{orderbook}: the rebuilt book matches only {result.MatchingRows} of {result.Rows} orderbook rows; `engine lobster verify` shows the first mismatch");
            }

            return ReadBack(context.Staging, result.Instrument);
        }
        finally
        {
            if (Directory.Exists(extracted))
            {
                Directory.Delete(extracted, recursive: true);
            }
        }
    }

    private static (string Messages, string Orderbook, int Levels) DayFiles(IReadOnlyList<string> files, string extracted)
    {
        var paths = new List<string>();
        foreach (string file in files)
        {
            if (file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                Directory.CreateDirectory(extracted);
                using ZipArchive zip = ZipFile.OpenRead(file);
                foreach (ZipArchiveEntry entry in zip.Entries.Where(e => DayFilePattern().IsMatch(e.Name)))
                {
                    string target = Path.Combine(extracted, entry.Name);
                    entry.ExtractToFile(target);
                    paths.Add(target);
                }
            }
            else
            {
                paths.Add(file);
            }
        }

        string? messages = paths.FirstOrDefault(p => DayFilePattern().Match(Path.GetFileName(p)) is { Success: true } m && m.Groups["file"].Value == "message");
        string? orderbook = paths.FirstOrDefault(p => DayFilePattern().Match(Path.GetFileName(p)) is { Success: true } m && m.Groups["file"].Value == "orderbook");
        if (messages is null || orderbook is null || paths.Count != 2)
        {
            throw new UsageException(
                $"a LOBSTER import reads one day: its SYMBOL_DATE_..._message_N.csv and ..._orderbook_N.csv, or the zip holding them (got: {string.Join(", ", files.Select(Path.GetFileName))})");
        }

        int levels = int.Parse(DayFilePattern().Match(Path.GetFileName(messages)).Groups["levels"].Value, CultureInfo.InvariantCulture);
        int bookLevels = int.Parse(DayFilePattern().Match(Path.GetFileName(orderbook)).Groups["levels"].Value, CultureInfo.InvariantCulture);
        if (levels != bookLevels || levels is < 1 or > 1000)
        {
            throw new UsageException($"{Path.GetFileName(messages)} and {Path.GetFileName(orderbook)}: the level counts in the names differ or are outside 1..1000");
        }

        return (messages, orderbook, levels);
    }

    private static ImportedData ReadBack(string directory, string instrument)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long records = 0;
        long firstExchange = 0;
        long lastExchange = 0;
        long firstEngine = 0;
        long lastEngine = 0;
        using (JournalReader reader = JournalReader.Open(directory))
        {
            while (reader.TryRead(out JournalRecord record))
            {
                records++;
                string name = MarketDataNames.Of(record.TemplateId);
                counts[name] = counts.GetValueOrDefault(name) + 1;
                firstEngine = records == 1 ? record.EngineTime : firstEngine;
                lastEngine = record.EngineTime;
                if (record.ExchangeTime > 0)
                {
                    firstExchange = firstExchange == 0 ? record.ExchangeTime : Math.Min(firstExchange, record.ExchangeTime);
                    lastExchange = Math.Max(lastExchange, record.ExchangeTime);
                }
            }
        }

        return new ImportedData(records, counts, [instrument], firstExchange, lastExchange, firstEngine, lastEngine, Kind: null);
    }

    [GeneratedRegex("_(?<file>message|orderbook)_(?<levels>[0-9]+)(?:_[A-Za-z0-9]+)?\\.csv$")]
    private static partial Regex DayFilePattern();
}
