using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Host;

/// <summary>
/// Keeps the configuration a journal was written with inside the journal directory (<c>config/</c>: engine.json with
/// the instrument and risk files next to it), because replay must rebuild the BLP exactly as it ran. Starting an
/// engine on an existing journal with a different configuration is refused: its inputs would replay differently.
/// How the pipeline waits and maps onto threads (<c>$.pipeline.waitStrategy</c>, <c>$.pipeline.threading</c>) changes
/// no state, so those may differ.
/// </summary>
public static class JournalConfigCopy
{
    public const string FolderName = "config";

    public static string EngineFile(string journalDirectory) => Path.Combine(journalDirectory, FolderName, "engine.json");

    /// <summary>Writes the copy on first start; on later starts checks the config is the same.</summary>
    public static void SaveOrVerify(EngineConfig config, string? journalDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        journalDirectory ??= config.JournalDirectory;
        string folder = Path.Combine(journalDirectory, FolderName);
        var files = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["engine.json"] = Normalize(File.ReadAllText(config.Files[0])),
            ["instruments.json"] = File.ReadAllText(config.Files[1]),
            ["risk.json"] = File.ReadAllText(config.Files[2]),
        };
        if (Directory.Exists(folder))
        {
            foreach ((string name, string text) in files)
            {
                string path = Path.Combine(folder, name);
                if (!File.Exists(path) || !SameState(name, File.ReadAllText(path), text))
                {
                    throw new EngineConfigException(
                        $"{config.Path}: the journal in {journalDirectory} was written with a different {name} (kept in {folder}); " +
                        "replaying it with this configuration would not reproduce its state: use a new journal directory, or the configuration it was written with");
                }
            }

            return;
        }

        Directory.CreateDirectory(folder);
        foreach ((string name, string text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }

    private static bool SameState(string name, string kept, string current) =>
        name == "engine.json" ? WithoutTuning(kept) == WithoutTuning(current) : kept == current;

    private static string WithoutTuning(string engineJson)
    {
        JsonNode root = JsonNode.Parse(engineJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        if (root["pipeline"] is JsonObject pipeline)
        {
            pipeline.Remove("waitStrategy");
            pipeline.Remove("threading");
        }

        return root.ToJsonString();
    }

    /// <summary>
    /// engine.json with the instrument and risk paths pointing at the copies, the journal at its own folder, and no
    /// replicator: where the journal is shipped does not change its state, and its connection string may hold a
    /// password that has no place inside the journal.
    /// </summary>
    private static string Normalize(string engineJson)
    {
        JsonNode root = JsonNode.Parse(engineJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        root["instruments"] = "instruments.json";
        root["risk"] = "risk.json";
        root["journal"]!["directory"] = "..";
        root.AsObject().Remove("replicator");
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
