namespace Engine.Sbe.Schema;

/// <summary>
/// A type declared in a schema's <c>types</c> (or inline in a composite). Built once by <see cref="SchemaLoader"/>
/// and never changed afterwards, so a loaded schema can be shared between threads.
/// </summary>
public abstract class SbeType
{
    protected SbeType(string name, SchemaLocation location, string? description, int sinceVersion)
    {
        Name = name;
        Location = location;
        Description = description;
        SinceVersion = sinceVersion;
    }

    public string Name { get; }

    public SchemaLocation Location { get; }

    public string? Description { get; }

    public int SinceVersion { get; }

    /// <summary>Bytes the type occupies on the wire (0 for a constant).</summary>
    public abstract int EncodedLength { get; }
}
