using System.Globalization;
using Engine.Core;
using Engine.Host;
using Engine.Model;
using Engine.Primitives;
using LedgerAssetId = Engine.Ledger.Accounts.AssetId;

namespace Engine.Cli.Auditing;

/// <summary>
/// What an auditor can know about a journal's ids and numbers besides its records: the configuration it was written
/// with (the copy the journal keeps in <c>DIR/config</c>, or <c>--config</c>) gives the venues, instruments, listings
/// (price and quantity scales), assets (numbered as the engine numbers them) and the ledger scale, and which
/// strategy trades for which account; <c>DIR/config/origin.json</c> (<see cref="JournalOrigin"/>) says which clock the
/// record times are on. Without a configuration nothing is guessed: every lookup answers with
/// <see cref="Unknown"/>'s reason. Immutable once loaded.
/// </summary>
public sealed class JournalReference
{
    private readonly InstrumentRegistry? _registry;
    private readonly AssetTable? _assets;
    private readonly Dictionary<long, string> _accountNotes = [];

    private JournalReference(string? configFile, EngineConfig? config, string? unknown, JournalOrigin origin)
    {
        ConfigFile = configFile;
        Unknown = unknown;
        Origin = origin;
        if (config is null)
        {
            return;
        }

        _registry = config.Registry;
        _assets = new AssetTable(config.Registry, config.LedgerScale);
        LedgerScale = config.LedgerScale;
        foreach (StrategyDefinition strategy in config.CreateCoreSettings().Strategies)
        {
            string note = string.Create(CultureInfo.InvariantCulture, $"strategy {strategy.Id.Value}, {strategy.Kind}");
            long account = strategy.Account.Value;
            _accountNotes[account] = _accountNotes.TryGetValue(account, out string? earlier) ? earlier + "; " + note : note;
        }
    }

    /// <summary>The engine.json the names and scales come from; null when none could be loaded.</summary>
    public string? ConfigFile { get; }

    /// <summary>Why names and scales are unknown (no configuration, or it does not load); null when they are known.</summary>
    public string? Unknown { get; }

    public JournalOrigin Origin { get; }

    public int LedgerScale { get; }

    /// <summary>
    /// Loads the journal's configuration copy (or <paramref name="configFile"/>). A journal without one (not written by
    /// the engine, or by an older engine) or with one that does not load still gets a reference: one that says so.
    /// </summary>
    public static JournalReference Load(string journalDirectory, string? configFile)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        JournalOrigin origin;
        try
        {
            origin = JournalOrigin.Read(journalDirectory);
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException(e.Message);
        }

        string path = configFile ?? JournalConfigCopy.EngineFile(journalDirectory);
        if (!File.Exists(path))
        {
            if (configFile is not null)
            {
                throw new CommandFailedException($"--config {configFile}: file not found");
            }

            return new JournalReference(null, null, $"the journal keeps no configuration ({path} is missing; give it with --config)", origin);
        }

        try
        {
            return new JournalReference(path, EngineConfig.Load(path), null, origin);
        }
        catch (Exception e) when (e is EngineConfigException or ArgumentException)
        {
            return new JournalReference(null, null, $"the configuration {path} does not load: {e.Message}", origin);
        }
    }

    public bool TryVenue(long id, out string code)
    {
        if (_registry is not null && id >= 1 && id <= _registry.Venues.Count)
        {
            code = _registry.GetVenue(new VenueId((int)id)).Code;
            return true;
        }

        code = Unknown ?? string.Create(CultureInfo.InvariantCulture, $"venue {id} is not in the configuration");
        return false;
    }

    public bool TryInstrument(long id, out string symbol)
    {
        if (_registry is not null && id >= 1 && id <= _registry.Instruments.Count)
        {
            symbol = _registry.GetInstrument(new InstrumentId((int)id)).Symbol;
            return true;
        }

        symbol = Unknown ?? string.Create(CultureInfo.InvariantCulture, $"instrument {id} is not in the configuration");
        return false;
    }

    public bool TryAsset(long id, out string code)
    {
        if (_assets is not null && id >= 1 && id <= _assets.Count)
        {
            code = _assets.CodeOf(new LedgerAssetId((int)id));
            return true;
        }

        code = Unknown ?? string.Create(CultureInfo.InvariantCulture, $"asset {id} is not traded by any configured instrument");
        return false;
    }

    /// <summary>
    /// Accounts have numbers, not names, in the engine's configuration; what it does say about one is which strategies
    /// trade for it.
    /// </summary>
    public string AccountLabel(long id) =>
        _accountNotes.TryGetValue(id, out string? note)
            ? string.Create(CultureInfo.InvariantCulture, $"account {id}: {note}")
            : string.Create(CultureInfo.InvariantCulture, $"account {id}");

    /// <summary>The price and quantity scales of a venue's listing of an instrument; false (and why) when unknown.</summary>
    public bool TryScales(long venue, long instrument, out int priceScale, out int quantityScale, out string why)
    {
        priceScale = 0;
        quantityScale = 0;
        if (_registry is null)
        {
            why = Unknown!;
            return false;
        }

        if (venue < 1 || venue > _registry.Venues.Count || instrument < 1 || instrument > _registry.Instruments.Count ||
            !_registry.TryGetListing(new VenueId((int)venue), new InstrumentId((int)instrument), out Listing? listing))
        {
            why = string.Create(CultureInfo.InvariantCulture, $"venue {venue} lists no instrument {instrument} in the configuration");
            return false;
        }

        priceScale = listing.Rules.PriceScale;
        quantityScale = listing.Rules.QuantityScale;
        why = string.Empty;
        return true;
    }
}
