using Engine.Sbe.Schema;

namespace Engine.Sbe.Generator;

/// <summary>
/// Serves schema files from the compilation's additional files (a generator must not read the disk), so an
/// <c>xi:include</c> resolves only to another file the project lists. Built per generator run; read-only after.
/// </summary>
internal sealed class AdditionalFileSchemaSource : SchemaSource
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);

    public AdditionalFileSchemaSource(IEnumerable<(string Path, string Text)> files)
    {
        foreach ((string path, string text) in files)
        {
            _files[Normalize(path)] = text;
        }
    }

    public override string? ReadText(string path) => _files.TryGetValue(Normalize(path), out string? text) ? text : null;

    /// <summary>Forward slashes, with "." and ".." segments folded, so every spelling of a path finds the same file.</summary>
    private static string Normalize(string path)
    {
        string[] parts = path.Replace('\\', '/').Split('/');
        var kept = new List<string>(parts.Length);
        for (int i = 0; i < parts.Length; i++)
        {
            string part = parts[i];
            if (part == "." || (part.Length == 0 && i > 0))
            {
                continue;
            }

            if (part == ".." && kept.Count > 0 && kept[kept.Count - 1] != "..")
            {
                kept.RemoveAt(kept.Count - 1);
                continue;
            }

            kept.Add(part);
        }

        return string.Join("/", kept);
    }
}
