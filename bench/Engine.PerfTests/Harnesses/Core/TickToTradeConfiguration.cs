using Engine.Host;

namespace Engine.PerfTests.Harnesses.Core;

/// <summary>The tick-to-trade harnesses' engine configuration: the default one, fsync none, order-rate limits lifted.</summary>
internal static class TickToTradeConfiguration
{
    /// <summary>Writes the configuration under <paramref name="root"/> (config/, journal/) and loads it.</summary>
    public static EngineConfig Write(string root, string threading, string wait)
    {
        string file = DefaultConfiguration.WriteTo(Path.Combine(root, "config"), Path.Combine(root, "journal"), $"engine-t2t-{Environment.ProcessId}");
        File.WriteAllText(file, File.ReadAllText(file)
            .Replace("\"fsync\": \"batch\"", "\"fsync\": \"none\"", StringComparison.Ordinal)
            .Replace("\"waitStrategy\": \"yielding\"", $"\"waitStrategy\": \"{wait}\", \"threading\": \"{threading}\"", StringComparison.Ordinal));

        // The script sends far more orders than the demo's rate limits allow: lift them (every other check stays on).
        string risk = Path.Combine(root, "config", "risk.json");
        var limits = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(risk), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        foreach (string section in (string[])["accountDefaults", "strategyDefaults"])
        {
            limits[section]!["orderRatePerSecond"] = "unlimited";
            limits[section]!.AsObject().Remove("orderBurst");
        }

        File.WriteAllText(risk, limits.ToJsonString());
        return EngineConfig.Load(file);
    }
}
