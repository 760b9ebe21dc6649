using Engine.Host;
using Engine.Model;

namespace Engine.Cli.Data;

/// <summary>
/// <c>engine data import</c> as a library call, for the command and for backtests that import before they run:
/// checks the request, refuses to replace a different dataset, has the format's importer write the dataset into a
/// staging folder beside the target (journal, configuration, then <c>dataset.json</c> last) and renames it into place
/// only when all of it was written, so a failed import leaves nothing behind. Importing the same files with the same
/// settings into a folder that already holds their dataset is a no-op (<see cref="ImportOutcome.AlreadyImported"/>).
/// Single-threaded; one import per call.
/// </summary>
public static class DatasetImport
{
    private const string LobsterJournalImportVenue = Lobster.LobsterJournalImport.VenueCode;

    public static ImportOutcome Run(ImportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Files.Count == 0)
        {
            throw new UsageException("no input FILE given");
        }

        foreach (string file in request.Files)
        {
            if (!File.Exists(file))
            {
                throw new UsageException($"{file}: file not found");
            }
        }

        if (request.PriceScale is < 0 or > 18 || request.QuantityScale is < 0 or > 18)
        {
            throw new UsageException("--price-scale and --quantity-scale must be within 0..18");
        }

        string target = Path.GetFullPath(request.OutDirectory);
        string parent = Path.GetDirectoryName(target) ?? throw new UsageException($"--out {target}: not a folder an import can write");
        if (!Directory.Exists(parent))
        {
            throw new UsageException($"--out {target}: its parent folder does not exist");
        }

        string venueCode = VenueCodeOf(request);
        IReadOnlyList<SourceFile> sources = request.Files.Select(SourceFile.Of).ToList();
        DatasetManifest wanted = Manifest(request, venueCode, sources, data: null, rejected: 0);
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            if (!File.Exists(DatasetManifest.PathIn(target)))
            {
                throw new UsageException($"--out {target}: the folder is not empty and holds no {DatasetManifest.FileName}; an import writes a new dataset folder");
            }

            DatasetManifest existing = DatasetManifest.Read(target);
            if (!existing.SameImport(wanted))
            {
                throw new UsageException(
                    $"--out {target}: holds a different dataset ({existing.Format} from {existing.Venue}, files {string.Join(", ", existing.Files.Select(f => f.Name))}); " +
                    "import into a new folder, or delete that one first");
            }

            return new ImportOutcome(target, existing, new RejectedLines(), [], AlreadyImported: true);
        }

        string staging = Path.Combine(parent, "." + Path.GetFileName(target) + ".importing-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(staging))
        {
            // Left by an import of this process id that died: nothing in it was ever a dataset.
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        try
        {
            (ImportedData data, ImportContext context) = Write(request, staging);
            DatasetManifest manifest = Manifest(request, venueCode, sources, data, context.Rejected.Count);
            manifest.Write(staging);
            if (Directory.Exists(target))
            {
                Directory.Delete(target);     // empty (checked above)
            }

            Directory.Move(staging, target);
            return new ImportOutcome(target, manifest, context.Rejected, context.Notes, AlreadyImported: false);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    private static (ImportedData Data, ImportContext Context) Write(ImportRequest request, string staging)
    {
        if (request.Format == DatasetFormat.Lobster)
        {
            var lobster = new ImportContext(request, staging, config: null, venue: null);
            return (LobsterDatasetImport.Run(lobster), lobster);
        }

        EngineConfig config = DatasetConfig.Write(staging, request.ConfigFile, listing: null);
        DatasetVenue venue = DatasetVenue.Resolve(config.Registry, request.Venue);
        if (request.PriceScale is not null || request.QuantityScale is not null)
        {
            string instrument = request.Instrument ?? ListingFromFileName(request, venue, config.Registry)?.Instrument.Symbol
                ?? throw new UsageException("--price-scale and --quantity-scale change one listing: name it with --instrument");
            Directory.Delete(Path.Combine(staging, JournalConfigCopy.FolderName), recursive: true);
            config = DatasetConfig.Write(staging, request.ConfigFile, new DatasetConfig.ListingOverride(venue.Code, instrument, request.PriceScale, request.QuantityScale));
            venue = DatasetVenue.Resolve(config.Registry, request.Venue);
        }

        var context = new ImportContext(request, staging, config, venue);
        using var journal = new DatasetJournal(staging, config.Journal);
        ImportedData data;
        if (request.Format == DatasetFormat.BinanceVision)
        {
            Listing listing = request.Instrument is { } symbol
                ? venue.ListingOf(config.Registry, symbol)
                : ListingFromFileName(request, venue, config.Registry)
                    ?? throw new UsageException($"--instrument is needed: the file names do not start with a symbol listed on {venue.Code} (SYMBOL-KIND-DATE, e.g. BTCUSDT-aggTrades-2024-01-01.zip)");
            data = BinanceVisionImport.Run(context, listing, journal);
        }
        else
        {
            data = RecordingImport.Run(context, journal);
        }

        journal.Complete();
        if (data.Records == 0)
        {
            throw new UsageException($"nothing to import: no record came out of {string.Join(", ", request.Files.Select(Path.GetFileName))} for venue {venue.Code}" +
                (context.Rejected.First.Count > 0 ? $" ({context.Rejected.First[0]})" : ""));
        }

        return (data, context);
    }

    /// <summary>The one listing the binance-vision file names name on the venue, or null when they name none; different ones are a usage error.</summary>
    private static Listing? ListingFromFileName(ImportRequest request, DatasetVenue venue, InstrumentRegistry registry)
    {
        Listing? found = null;
        foreach (string file in request.Files)
        {
            string? symbol = BinanceVisionImport.SymbolOf(file);
            Listing? listing = symbol is null ? null : venue.ListingByVenueSymbol(registry, symbol);
            if (symbol is not null && listing is null)
            {
                throw new UsageException($"{file}: symbol {symbol} is not listed on venue {venue.Code} in the instrument config; --instrument names the instrument");
            }

            if (listing is not null && found is not null && listing != found)
            {
                throw new UsageException($"{file}: names {symbol}, another file {found.VenueSymbol}: a binance-vision import reads one instrument");
            }

            found ??= listing;
        }

        return found;
    }

    /// <summary>The venue as the manifest names it: LOBSTER's NASDAQ, or the code --venue resolves to.</summary>
    private static string VenueCodeOf(ImportRequest request)
    {
        if (request.Format == DatasetFormat.Lobster)
        {
            return string.Equals(request.Venue, LobsterJournalImportVenue, StringComparison.OrdinalIgnoreCase)
                ? LobsterJournalImportVenue
                : throw new UsageException($"--venue {request.Venue}: a LOBSTER day is NASDAQ's order book (--venue {LobsterJournalImportVenue})");
        }

        // Resolved against the configuration the dataset will keep; the staging write repeats it with that exact copy.
        string scratch = Path.Combine(Path.GetTempPath(), "engine-data-venue-" + Guid.NewGuid().ToString("N"));
        try
        {
            EngineConfig config = DatasetConfig.Write(scratch, request.ConfigFile, listing: null);
            return DatasetVenue.Resolve(config.Registry, request.Venue).Code;
        }
        finally
        {
            if (Directory.Exists(scratch))
            {
                Directory.Delete(scratch, recursive: true);
            }
        }
    }

    private static DatasetManifest Manifest(ImportRequest request, string venueCode, IReadOnlyList<SourceFile> sources, ImportedData? data, long rejected) => new(
        DatasetFormats.NameOf(request.Format),
        venueCode,
        request.Kind ?? data?.Kind,
        request.Instrument,
        request.PriceScale,
        request.QuantityScale,
        request.ConfigFile is null ? null : Path.GetFullPath(request.ConfigFile),
        sources,
        data?.Instruments ?? [],
        data?.Records ?? 0,
        data?.Counts ?? new SortedDictionary<string, long>(StringComparer.Ordinal),
        rejected,
        data?.FirstExchangeTime ?? 0,
        data?.LastExchangeTime ?? 0,
        data?.FirstEngineTime ?? 0,
        data?.LastEngineTime ?? 0);
}

/// <summary>What an import did: the dataset folder and its manifest, what was rejected, notes on what was read.</summary>
public sealed record ImportOutcome(string Directory, DatasetManifest Manifest, RejectedLines Rejected, IReadOnlyList<string> Notes, bool AlreadyImported);
