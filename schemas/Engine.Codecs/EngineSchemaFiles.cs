namespace Engine.Codecs;

/// <summary>
/// The XML of the engine's message schemas (the files the codecs were generated from), embedded in this assembly so
/// that the journal tools and the PostgreSQL replicator decode engine journals with the schema-driven decoder on a
/// machine that has only the binaries. Read-only and thread-safe.
/// </summary>
public static class EngineSchemaFiles
{
    /// <summary>The schema file; it includes the types file.</summary>
    public const string MainFile = "engine-schema.xml";

    /// <summary>The text of one of the schema files by its file name, or null when there is no such file.</summary>
    public static string? ReadText(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        using Stream? stream = typeof(EngineSchemaFiles).Assembly.GetManifestResourceStream("schemas/" + fileName);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The file names embedded.</summary>
    public static IEnumerable<string> FileNames()
    {
        foreach (string name in typeof(EngineSchemaFiles).Assembly.GetManifestResourceNames())
        {
            if (name.StartsWith("schemas/", StringComparison.Ordinal))
            {
                yield return name["schemas/".Length..];
            }
        }
    }
}
