using Engine.Cli.Data;
using Engine.Host;
using Engine.Journal.Segments;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Cli.Backtesting;

/// <summary>
/// The dataset a backtest reads (<c>--data DIR</c>): an imported one (<c>dataset.json</c>, docs/DATA.md) or a journal
/// the engine recorded (live, paper, demo: its kept <c>config/</c>), with the configuration it replays with, what its
/// market data spans, and the listing the backtest trades (<c>--instrument</c>, or the data's only one). Anything
/// else is a usage error naming the folder and what is missing. Immutable.
/// </summary>
public sealed record BacktestDataset(string Directory, DatasetManifest? Manifest, EngineConfig Config, DatasetRange Range, Listing Listing)
{
    public static BacktestDataset Open(string directory, string? instrument)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new UsageException($"--data {full}: no such folder");
        }

        bool hasManifest = File.Exists(DatasetManifest.PathIn(full));
        if (!JournalConfigCopy.Exists(full) || !HasSegments(full))
        {
            throw new UsageException(hasManifest
                ? $"--data {full}: its dataset.json names no journal (no journal segments or no config/ beside it): re-import it"
                : $"--data {full}: not a dataset: neither an import (dataset.json, see `engine data import`) nor a journal the engine recorded (journal segments and their config/)");
        }

        DatasetManifest? manifest = hasManifest ? DatasetManifest.Read(full) : null;
        EngineConfig config;
        try
        {
            config = EngineConfig.Load(JournalConfigCopy.EngineFile(full));
        }
        catch (EngineConfigException e)
        {
            throw new UsageException($"--data {full}: its kept configuration is not valid: {e.Message}");
        }

        DatasetRange range;
        try
        {
            range = DatasetRange.Scan(full);
        }
        catch (Exception e) when (e is IOException or Journal.Format.JournalFormatException or Journal.Format.JournalCorruptionException)
        {
            throw new UsageException($"--data {full}: its journal cannot be read: {e.Message}");
        }

        if (range.Records == 0)
        {
            throw new UsageException($"--data {full}: its journal holds no market data");
        }

        return new BacktestDataset(full, manifest, config, range, ResolveListing(full, config.Registry, range, instrument));
    }

    private static bool HasSegments(string directory)
    {
        try
        {
            return JournalDirectory.List(directory).Count > 0;
        }
        catch (Journal.Format.JournalFormatException)
        {
            return false;
        }
    }

    private static Listing ResolveListing(string directory, InstrumentRegistry registry, DatasetRange range, string? instrument)
    {
        var listings = new List<Listing>();
        foreach ((ushort venue, uint id) in range.Listings)
        {
            ListingId listingId = registry.ListingOf(new VenueId(venue), new InstrumentId(checked((int)id)));
            if (!listingId.IsNone)
            {
                listings.Add(registry.GetListing(listingId));
            }
        }

        string names = string.Join(", ", listings.Select(l => $"{l.Instrument.Symbol} on {l.Venue.Code}"));
        if (instrument is null)
        {
            return listings.Count == 1
                ? listings[0]
                : throw new UsageException($"--data {directory}: its market data has {listings.Count} listings ({names}): name one with --instrument");
        }

        List<Listing> named = listings.FindAll(l => l.Instrument.Symbol == instrument);
        return named.Count switch
        {
            1 => named[0],
            0 => throw new UsageException($"--instrument {instrument}: the dataset has no market data of it (it has: {names})"),
            _ => throw new UsageException($"--instrument {instrument}: the dataset has it on several venues ({names}); a backtest trades one"),
        };
    }
}
