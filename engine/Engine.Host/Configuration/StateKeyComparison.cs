using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Core;

namespace Engine.Host;

/// <summary>
/// Compares two versions of a configuration file key by key, ignoring the keys that change no state: the differences
/// that would make a journal replay into another state than the one it recorded. A key is a JSON path
/// (<c>$.fees[0].takerBps</c>); engine.json's optional keys count with their defaults, so spelling a default out is
/// no difference. Stateless.
/// </summary>
public static class StateKeyComparison
{
    /// <summary>
    /// engine.json keys (and everything under them) that are operational, not state. Each is here for a reason; a key
    /// not listed decides state and is compared, so a new key is safe by default.
    /// </summary>
    private static readonly string[] s_operationalEngineKeys =
    [
        // Where gateways attach (the shared-memory file's folder and name): the journal never sees the transport.
        "$.transport",

        // How the pipeline's threads wait for work and map onto cores: inputs are journaled and applied in the same
        // order whatever the waiting.
        "$.pipeline.waitStrategy",
        "$.pipeline.threading",

        // The inbound ring's capacity: it bounds how many inputs are in flight, not their order or content.
        "$.pipeline.ringSize",

        // When the receiver makes new timer ticks: ticks are journaled inputs, so a replay applies the ticks that were
        // journaled whatever the interval now; only ticks yet to come are spaced differently.
        "$.pipeline.timerIntervalMillis",

        // Where the journal lives, how its new records are made durable, and how large its new segment files are:
        // the records' content is the same (a reader takes each segment's size from its header).
        "$.journal.directory",
        "$.journal.fsync",
        "$.journal.segmentSizeMiB",

        // Transfers the ledger allocates up front: it grows past them, and its StateHash covers only its contents.
        "$.ledgerTransferCapacity",

        // Where the journal is shipped (PostgreSQL): a copy of the journal, not an input to it.
        "$.replicator",

        // The paths of instruments.json and risk.json: their contents are compared, as files of their own.
        "$.instruments",
        "$.risk",
    ];

    /// <summary>engine.json's optional state keys with the value the engine uses when they are absent.</summary>
    private static readonly (string Key, string Default)[] s_engineDefaults =
    [
        ("$.ledgerScale", CoreSettings.DefaultLedgerScale.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("$.mode", "\"live\""),
        ("$.journal.checkpointInterval", KernelOptions.DefaultCheckpointInterval.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    private static readonly JsonDocumentOptions s_jsonOptions = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Whether a key of <paramref name="file"/> changes no state (only engine.json has such keys).</summary>
    public static bool IsOperational(string file, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (file != "engine.json")
        {
            return false;
        }

        foreach (string operational in s_operationalEngineKeys)
        {
            if (key == operational || key.StartsWith(operational + ".", StringComparison.Ordinal) || key.StartsWith(operational + "[", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The state keys whose values differ between the journal's version of <paramref name="file"/> and another, in key order.</summary>
    public static IReadOnlyList<ConfigDifference> Compare(string file, string journalText, string otherText)
    {
        ArgumentNullException.ThrowIfNull(file);
        SortedDictionary<string, string> journal = StateValues(file, journalText);
        SortedDictionary<string, string> other = StateValues(file, otherText);
        var differences = new List<ConfigDifference>();
        foreach (string key in journal.Keys.Union(other.Keys).Order(StringComparer.Ordinal))
        {
            string journalValue = journal.GetValueOrDefault(key, ConfigDifference.Absent);
            string otherValue = other.GetValueOrDefault(key, ConfigDifference.Absent);
            if (journalValue != otherValue)
            {
                differences.Add(new ConfigDifference(file, key, journalValue, otherValue));
            }
        }

        return differences;
    }

    private static SortedDictionary<string, string> StateValues(string file, string text)
    {
        var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
        JsonNode? root = JsonNode.Parse(text, documentOptions: s_jsonOptions);
        Flatten(root, "$", values);
        if (file == "engine.json")
        {
            foreach ((string key, string value) in s_engineDefaults)
            {
                values.TryAdd(key, value);
            }
        }

        foreach (string key in values.Keys.Where(k => IsOperational(file, k)).ToList())
        {
            values.Remove(key);
        }

        return values;
    }

    /// <summary>Every leaf value under its JSON path; an empty object or array is a leaf too, so emptying one is a difference.</summary>
    private static void Flatten(JsonNode? node, string path, SortedDictionary<string, string> values)
    {
        switch (node)
        {
            case JsonObject obj when obj.Count > 0:
                foreach ((string name, JsonNode? child) in obj)
                {
                    Flatten(child, path + "." + name, values);
                }

                break;
            case JsonArray array when array.Count > 0:
                for (int i = 0; i < array.Count; i++)
                {
                    Flatten(array[i], $"{path}[{i}]", values);
                }

                break;
            default:
                values[path] = node?.ToJsonString() ?? "null";
                break;
        }
    }
}
