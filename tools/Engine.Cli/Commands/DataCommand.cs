using System.CommandLine;
using System.Globalization;
using Engine.Cli.Data;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine data import</c>: outside market data (hftbacktest and cryptofeed recordings, data.binance.vision
/// archives, LOBSTER days) as a dataset in the engine's own journal format (<see cref="DatasetImport"/>), so every
/// backtest reads one format. Prints what it read: records per message, instruments, the time range on each clock and
/// the rejected input. docs/DATA.md describes the formats, the manifest and the clocks.
/// </summary>
public static class DataCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("data", "Datasets for backtests: import outside market data into the engine's journal format.");
        command.Subcommands.Add(CreateImport(output));
        return command;
    }

    private static Command CreateImport(TextWriter output)
    {
        var format = new Option<string>("--format")
        {
            Description = $"The files' format: {string.Join(", ", DatasetFormats.Names)}.",
            Required = true,
        };
        var venue = new Option<string>("--venue")
        {
            Description = "The venue the data is from: a venue code of the instrument config (BINANCE, BINANCE_USDM, OKX, ...; NASDAQ for LOBSTER) or a venue feed name (binance, binance-usdm, ...).",
            Required = true,
        };
        var outDirectory = new Option<DirectoryInfo>("--out")
        {
            Description = "The dataset folder to write (new or empty; importing the same files again into it is a no-op).",
            Required = true,
        };
        var files = new Argument<FileInfo[]>("FILE") { Description = "The input files, in time order.", Arity = ArgumentArity.OneOrMore };
        var instrument = new Option<string?>("--instrument") { Description = "The engine instrument (BTC-USDT-PERP); default: from the data's symbols or the file names." };
        var kind = new Option<string?>("--kind") { Description = $"binance-vision: {string.Join(", ", BinanceVisionKinds.Names)} (default: detected from the header or columns)." };
        var priceScale = new Option<int?>("--price-scale") { Description = "The listing's price scale in the dataset's configuration (history quoted finer than today's listing); the tick becomes one unit." };
        var quantityScale = new Option<int?>("--quantity-scale") { Description = "The same for quantities (lot and minimum quantity become one unit)." };
        var config = new Option<FileInfo?>("--config") { Description = "An engine.json whose instruments and risk the dataset's configuration starts from (default: the shipped ones)." };
        var command = new Command(
            "import",
            "Write market data files as a dataset: SBE market-data records in the engine's journal (the records a live venue gateway would have journaled), " +
            "the configuration to replay them in DIR/config and a manifest, dataset.json. `engine journal verify|replay DIR` and backtests read it.")
        {
            format,
            venue,
            outDirectory,
            files,
            instrument,
            kind,
            priceScale,
            quantityScale,
            config,
        };
        command.SetAction(parsed =>
        {
            string formatName = parsed.GetValue(format)!;
            if (!DatasetFormats.TryParse(formatName, out DatasetFormat parsedFormat))
            {
                throw new UsageException($"--format: unknown format '{formatName}' (known: {string.Join(", ", DatasetFormats.Names)})");
            }

            var request = new ImportRequest(
                parsedFormat,
                parsed.GetValue(venue)!,
                parsed.GetValue(outDirectory)!.FullName,
                parsed.GetValue(files)!.Select(f => f.FullName).ToList(),
                parsed.GetValue(instrument),
                parsed.GetValue(kind),
                parsed.GetValue(priceScale),
                parsed.GetValue(quantityScale),
                parsed.GetValue(config)?.FullName);
            if (request.Kind is not null && parsedFormat != DatasetFormat.BinanceVision)
            {
                throw new UsageException("--kind applies to --format binance-vision only");
            }

            ImportOutcome outcome = DatasetImport.Run(request);
            Write(output, outcome);
            return CommandLineApp.Success;
        });
        return command;
    }

    private static void Write(TextWriter output, ImportOutcome outcome)
    {
        DatasetManifest manifest = outcome.Manifest;
        if (outcome.AlreadyImported)
        {
            output.WriteLine($"data import: {outcome.Directory} already holds this dataset (same format, venue, settings and files by SHA-256); nothing written");
        }

        string kind = manifest.Kind is null ? "" : $" ({manifest.Kind})";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"data import: {manifest.Format}{kind} from {manifest.Venue}: {manifest.Records} records in {outcome.Directory}"));
        foreach ((string name, long count) in manifest.Counts)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: {count}"));
        }

        output.WriteLine($"instruments: {string.Join(", ", manifest.Instruments)}");
        output.WriteLine($"exchange time (the venue's clock): {DatasetManifest.FormatTime(manifest.FirstExchangeTime)} .. {DatasetManifest.FormatTime(manifest.LastExchangeTime)}");
        output.WriteLine($"engine time (the journal's clock: the recorder's receive time where the data has one, else the exchange time): {DatasetManifest.FormatTime(manifest.FirstEngineTime)} .. {DatasetManifest.FormatTime(manifest.LastEngineTime)}");
        foreach (string note in outcome.Notes)
        {
            output.WriteLine(note);
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rejected: {manifest.Rejected}"));
        foreach (RejectedLines.Rejection rejection in outcome.Rejected.First)
        {
            output.WriteLine($"  {rejection}");
        }

        if (outcome.Rejected.Count > outcome.Rejected.Described)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ... and {outcome.Rejected.Count - outcome.Rejected.Described} more"));
        }
    }
}
