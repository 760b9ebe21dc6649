using Engine.Sbe.Schema;

namespace Engine.Sbe.Files;

/// <summary>Reads schema files and their includes from the file system. Stateless, so one instance serves everyone.</summary>
public sealed class FileSchemaSource : SchemaSource
{
    public static readonly FileSchemaSource Instance = new();

    public override string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    /// <summary>Loads the schema file at <paramref name="path"/> with its includes.</summary>
    public static MessageSchema Load(string path, SchemaLoadOptions? options = null) => SchemaLoader.Load(path, Instance, options);
}
