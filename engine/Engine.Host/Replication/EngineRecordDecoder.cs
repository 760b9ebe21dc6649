using Engine.Codecs;
using Engine.Journal.Postgres;
using Engine.Sbe.Schema;

namespace Engine.Host;

/// <summary>
/// Names and decodes engine journal records with the engine's own schema (embedded in Engine.Codecs), for the
/// replicator's <c>decoded</c> column and the journal tools' default decoder. Loaded once; thread-safe.
/// </summary>
public static class EngineRecordDecoder
{
    private static readonly Lazy<SbeRecordDecoder> s_instance = new(
        () => new SbeRecordDecoder(SchemaLoader.Load(EngineSchemaFiles.MainFile, EmbeddedSchemaSource.Instance)));

    public static SbeRecordDecoder Instance => s_instance.Value;

    /// <summary>Whether a journal written with schema <paramref name="schemaId"/> is an engine journal this decoder reads.</summary>
    public static bool Decodes(int schemaId, int schemaVersion) => schemaId == EngineSchema.Id && schemaVersion <= EngineSchema.Version;

    private sealed class EmbeddedSchemaSource : SchemaSource
    {
        public static readonly EmbeddedSchemaSource Instance = new();

        public override string? ReadText(string path) => EngineSchemaFiles.ReadText(Path.GetFileName(path));
    }
}
