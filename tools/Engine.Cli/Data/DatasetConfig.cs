using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Host;
using Engine.Primitives;

namespace Engine.Cli.Data;

/// <summary>
/// The configuration a dataset keeps in <c>DIR/config</c>, as the engine keeps the one a journal was written with, so
/// that <c>engine journal verify|replay DIR</c> and a backtest rebuild the BLP the data was written for: the shipped
/// defaults (or <c>--config</c>'s instruments and risk) with no strategies and no deposits (a dataset is market data
/// only), and, when asked, one listing's scales widened for history quoted finer than today's listing.
/// </summary>
internal static class DatasetConfig
{
    /// <summary>Writes the configuration into <paramref name="datasetDirectory"/>/config and returns it loaded (validated).</summary>
    public static EngineConfig Write(string datasetDirectory, string? configFile, ListingOverride? listing)
    {
        var read = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip };
        (string engineText, string instrumentsText, string riskText) = Sources(configFile);
        JsonNode engine = JsonNode.Parse(engineText, documentOptions: read)!;
        JsonNode instruments = JsonNode.Parse(instrumentsText, documentOptions: read)!;
        engine["strategies"] = new JsonArray();
        engine["deposits"] = new JsonArray();
        engine["instruments"] = "instruments.json";
        engine["risk"] = "risk.json";
        engine["journal"]!["directory"] = "..";
        engine.AsObject().Remove("replicator");
        if (listing is { } change)
        {
            Apply(instruments, change);
        }

        string staging = Path.Combine(datasetDirectory, "config-import");
        Directory.CreateDirectory(staging);
        try
        {
            var write = new JsonSerializerOptions { WriteIndented = true };
            File.WriteAllText(Path.Combine(staging, "engine.json"), engine.ToJsonString(write));
            File.WriteAllText(Path.Combine(staging, "instruments.json"), instruments.ToJsonString(write));
            File.WriteAllText(Path.Combine(staging, "risk.json"), riskText);
            EngineConfig config = EngineConfig.Load(Path.Combine(staging, "engine.json"));
            JournalConfigCopy.SaveOrVerify(config, datasetDirectory);
            return config;
        }
        catch (EngineConfigException e)
        {
            throw new UsageException($"the dataset's configuration is invalid: {e.Message}");
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static (string Engine, string Instruments, string Risk) Sources(string? configFile)
    {
        if (configFile is null)
        {
            return (DefaultConfiguration.Read("engine.json"), DefaultConfiguration.Read("instruments.json"), DefaultConfiguration.Read("risk.json"));
        }

        if (!File.Exists(configFile))
        {
            throw new UsageException($"--config {configFile}: file not found");
        }

        try
        {
            EngineConfig given = EngineConfig.Load(configFile);
            return (File.ReadAllText(given.Files[0]), File.ReadAllText(given.Files[1]), File.ReadAllText(given.Files[2]));
        }
        catch (EngineConfigException e)
        {
            throw new UsageException($"--config {configFile}: {e.Message}");
        }
    }

    private static void Apply(JsonNode instruments, ListingOverride change)
    {
        foreach (JsonNode? node in instruments["listings"]!.AsArray())
        {
            if (node is null || (string?)node["venue"] != change.VenueCode || (string?)node["instrument"] != change.Instrument)
            {
                continue;
            }

            if (change.PriceScale is int priceScale)
            {
                node["priceScale"] = priceScale;
                node["tickSize"] = Step(priceScale);
            }

            if (change.QuantityScale is int quantityScale)
            {
                node["quantityScale"] = quantityScale;
                node["lotSize"] = Step(quantityScale);
                node["minQuantity"] = Step(quantityScale);
            }

            return;
        }

        throw new UsageException($"--instrument {change.Instrument} is not listed on venue {change.VenueCode} in the instrument config");
    }

    /// <summary>One unit at <paramref name="scale"/> as a decimal string (2: "0.01").</summary>
    private static string Step(int scale) => FixedPointMath.Format(1, scale).ToString(CultureInfo.InvariantCulture);

    /// <summary>Scales of one listing to replace in the dataset's configuration.</summary>
    public readonly record struct ListingOverride(string VenueCode, string Instrument, int? PriceScale, int? QuantityScale);
}
