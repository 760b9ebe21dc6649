using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Core;
using Engine.Host;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Cli.Backtesting;

/// <summary>
/// The configuration a dataset backtest runs with, written into its data directory's <c>config/</c> (and kept in its
/// journal, so <c>engine journal replay</c> rebuilds the run): the dataset's own configuration, plus the strategy
/// (id 1, account 1, on the traded listing, with the validated parameters), one deposit of the capital in the
/// instrument's settlement asset, the venue's fees, and a risk entry that lets account 1 trade the listing without
/// instrument limits (the account limits stay the dataset configuration's). Stateless.
/// </summary>
public static class BacktestConfiguration
{
    public const int StrategyId = 1;
    public const int Account = 1;

    /// <summary>Fees when neither the options nor the dataset's configuration give the venue's: Binance USD-M's regular tier.</summary>
    public const int DefaultMakerBps = 2;
    public const int DefaultTakerBps = 5;

    public static EngineConfig Write(string folder, string journalDirectory, BacktestDataset dataset, string strategy, IReadOnlyDictionary<string, string> parameters, decimal capital, VenueFees fees, IReadOnlyList<string>? strategyAssemblies = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(parameters);
        var read = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip };
        string source = Path.Combine(dataset.Directory, JournalConfigCopy.FolderName);
        JsonNode engine = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "engine.json")), documentOptions: read)!;
        JsonNode risk = JsonNode.Parse(File.ReadAllText(Path.Combine(source, "risk.json")), documentOptions: read)!;
        Listing listing = dataset.Listing;
        string symbol = listing.Instrument.Symbol;
        string venue = listing.Venue.Code;

        var texts = new JsonObject();
        foreach ((string name, string value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            texts[name] = value;
        }

        engine["instruments"] = "instruments.json";
        engine["risk"] = "risk.json";
        if (strategyAssemblies is { Count: > 0 })
        {
            engine["strategyAssemblies"] = new JsonArray([.. strategyAssemblies.Select(a => (JsonNode?)JsonValue.Create(a))]);
        }

        engine["strategies"] = new JsonArray(new JsonObject
        {
            ["id"] = StrategyId,
            ["kind"] = strategy,
            ["account"] = Account,
            ["instrument"] = symbol,
            ["venue"] = venue,
            ["parameters"] = texts,
        });
        engine["deposits"] = new JsonArray(new JsonObject
        {
            ["account"] = Account,
            ["asset"] = listing.Instrument.SettleAsset,
            ["amount"] = capital.ToString(CultureInfo.InvariantCulture),
        });
        var feeEntries = new JsonArray();
        foreach (JsonNode? entry in engine["fees"]?.AsArray() ?? [])
        {
            if (entry is not null && (string?)entry["venue"] != venue)
            {
                feeEntries.Add(entry.DeepClone());
            }
        }

        feeEntries.Add(new JsonObject { ["venue"] = venue, ["makerBps"] = fees.MakerBps, ["takerBps"] = fees.TakerBps });
        engine["fees"] = feeEntries;
        engine["journal"]!["directory"] = Path.GetRelativePath(folder, journalDirectory);
        engine.AsObject().Remove("replicator");

        // A recorded paper session is a dataset too; the backtest's own venue is simulated whatever mode recorded it.
        engine.AsObject().Remove("mode");
        engine.AsObject().Remove("paper");

        var instruments = new JsonArray();
        foreach (JsonNode? entry in risk["instruments"]!.AsArray())
        {
            if (entry is not null && (string?)entry["instrument"] != symbol)
            {
                instruments.Add(entry.DeepClone());
            }
        }

        var traded = new JsonObject
        {
            ["instrument"] = symbol,
            ["venue"] = venue,
            ["maxOrderSize"] = "unlimited",
            ["maxOrderNotional"] = "unlimited",
            ["maxPositionSize"] = "unlimited",
            ["maxSymbolExposure"] = "unlimited",
            ["priceBandBps"] = "unlimited",
        };
        if (listing.Instrument.Kind != InstrumentKind.Spot)
        {
            traded["initialMarginBps"] = 1000;
        }

        instruments.Add(traded);
        risk["instruments"] = instruments;

        Directory.CreateDirectory(folder);
        var write = new JsonSerializerOptions { WriteIndented = true };
        File.WriteAllText(Path.Combine(folder, "engine.json"), engine.ToJsonString(write));
        File.Copy(Path.Combine(source, "instruments.json"), Path.Combine(folder, "instruments.json"), overwrite: true);
        File.WriteAllText(Path.Combine(folder, "risk.json"), risk.ToJsonString(write));
        try
        {
            return EngineConfig.Load(Path.Combine(folder, "engine.json"));
        }
        catch (EngineConfigException e)
        {
            throw new UsageException($"{symbol} on {venue} cannot be backtested with this dataset's configuration: {e.Message}");
        }
    }

    /// <summary>The venue's fees: the options' when given, else the dataset configuration's, else the documented defaults.</summary>
    public static VenueFees FeesFor(BacktestDataset dataset, int? makerBps, int? takerBps)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        VenueId venue = dataset.Listing.Venue.Id;
        VenueFees configured = dataset.Config.Fees.FirstOrDefault(f => f.Venue == venue, new VenueFees(venue, DefaultMakerBps, DefaultTakerBps));
        return new VenueFees(venue, makerBps ?? configured.MakerBps, takerBps ?? configured.TakerBps);
    }
}
