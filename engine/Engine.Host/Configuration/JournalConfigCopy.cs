using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Host;

/// <summary>
/// Keeps the configuration a journal was written with inside the journal directory (<c>config/</c>: engine.json with
/// the instrument and risk files next to it), because replay must rebuild the BLP exactly as it ran. Starting an
/// engine on an existing journal with a configuration whose state keys differ is refused, naming each differing key
/// with both values: its inputs would replay differently. Keys that change no state (the transport, how the pipeline
/// waits and threads, the fsync policy, ...: see <see cref="StateKeyComparison"/>) may differ; the copy keeps the
/// values of the first start.
/// </summary>
public static class JournalConfigCopy
{
    public const string FolderName = "config";

    private static readonly string[] s_fileNames = ["engine.json", "instruments.json", "risk.json"];

    public static string EngineFile(string journalDirectory) => Path.Combine(journalDirectory, FolderName, "engine.json");

    /// <summary>Whether the journal keeps a copy of the configuration it was written with.</summary>
    public static bool Exists(string journalDirectory) => Directory.Exists(Path.Combine(journalDirectory, FolderName));

    /// <summary>Writes the copy on first start; on later starts checks the config's state keys are the same.</summary>
    public static void SaveOrVerify(EngineConfig config, string? journalDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        journalDirectory ??= config.JournalDirectory;
        string folder = Path.Combine(journalDirectory, FolderName);
        if (Directory.Exists(folder))
        {
            IReadOnlyList<ConfigDifference> differences = StateDifferences(config, journalDirectory);
            if (differences.Count > 0)
            {
                throw new EngineConfigException(
                    $"{config.Path}: the journal in {journalDirectory} was written with another configuration (kept in {folder}); " +
                    $"these keys decide its state and differ: {ConfigDifference.Describe(differences)}; " +
                    "replaying it with this configuration would not reproduce its state: use a new journal directory, or the configuration it was written with");
            }

            return;
        }

        Directory.CreateDirectory(folder);
        foreach ((string name, string text) in Texts(config))
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }
    }

    /// <summary>
    /// The state keys in which <paramref name="config"/> differs from the copy the journal keeps (empty: it replays
    /// the journal as it was written). A file missing from the copy is one difference at its root.
    /// </summary>
    public static IReadOnlyList<ConfigDifference> StateDifferences(EngineConfig config, string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(journalDirectory);
        string folder = Path.Combine(journalDirectory, FolderName);
        var differences = new List<ConfigDifference>();
        foreach ((string name, string text) in Texts(config))
        {
            string path = Path.Combine(folder, name);
            if (!File.Exists(path))
            {
                differences.Add(new ConfigDifference(name, "$", "(missing from the copy)", "present"));
                continue;
            }

            try
            {
                differences.AddRange(StateKeyComparison.Compare(name, File.ReadAllText(path), text));
            }
            catch (JsonException e)
            {
                throw new EngineConfigException($"{path}: the journal's copy of {name} is not valid JSON: {e.Message}", e);
            }
        }

        return differences;
    }

    private static IEnumerable<(string Name, string Text)> Texts(EngineConfig config)
    {
        for (int i = 0; i < s_fileNames.Length; i++)
        {
            string text = File.ReadAllText(config.Files[i]);
            yield return (s_fileNames[i], i == 0 ? Normalize(text, Path.GetDirectoryName(config.Files[0])!) : text);
        }
    }

    /// <summary>
    /// engine.json with the instrument and risk paths pointing at the copies, the journal at its own folder, and no
    /// replicator: where the journal is shipped does not change its state, and its connection string may hold a
    /// password that has no place inside the journal. A user's strategy assemblies are named by their full paths, as
    /// they resolved beside the original engine.json (the copy does not carry the binaries).
    /// </summary>
    private static string Normalize(string engineJson, string configFolder)
    {
        JsonNode root = JsonNode.Parse(engineJson, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        if (root["strategyAssemblies"] is JsonArray assemblies)
        {
            root["strategyAssemblies"] = new JsonArray([.. assemblies.Select(a => (JsonNode?)JsonValue.Create(Path.GetFullPath(Path.Combine(configFolder, a!.GetValue<string>()))))]);
        }

        root["instruments"] = "instruments.json";
        root["risk"] = "risk.json";
        root["journal"]!["directory"] = "..";
        root.AsObject().Remove("replicator");
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
