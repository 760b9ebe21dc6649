namespace Engine.Host;

/// <summary>
/// One configuration key that decides the engine's state and has another value than in the configuration a journal
/// was written with: the file (engine.json, instruments.json, risk.json), the key as a JSON path, and both values as
/// JSON (<c>(absent)</c> where a side lacks the key). Immutable.
/// </summary>
public readonly record struct ConfigDifference(string File, string Key, string JournalValue, string OtherValue)
{
    public const string Absent = "(absent)";

    public override string ToString() => $"{File} {Key}: {JournalValue} (journal) vs {OtherValue}";

    /// <summary>The first <paramref name="limit"/> differences on one line, and how many more there are.</summary>
    public static string Describe(IReadOnlyList<ConfigDifference> differences, int limit = 10)
    {
        ArgumentNullException.ThrowIfNull(differences);
        var shown = new List<string>();
        for (int i = 0; i < differences.Count && i < limit; i++)
        {
            shown.Add(differences[i].ToString());
        }

        string text = string.Join("; ", shown);
        return differences.Count > limit ? $"{text}; and {differences.Count - limit} more" : text;
    }
}
