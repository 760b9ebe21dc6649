namespace Engine.Sbe.Schema;

/// <summary>
/// What messages and repeating groups have in common: a fixed-size root block of fields, then the groups, then the
/// var data, in that order on the wire.
/// </summary>
public abstract class BlockDefinition
{
    protected BlockDefinition(
        string name,
        int id,
        int blockLength,
        int sinceVersion,
        string? description,
        SchemaLocation location,
        IReadOnlyList<FieldDefinition> fields,
        IReadOnlyList<GroupDefinition> groups,
        IReadOnlyList<VarDataDefinition> varData)
    {
        Name = name;
        Id = id;
        BlockLength = blockLength;
        SinceVersion = sinceVersion;
        Description = description;
        Location = location;
        Fields = fields;
        Groups = groups;
        VarData = varData;
    }

    public string Name { get; }

    public int Id { get; }

    /// <summary>Length of the fixed block this schema version writes (at least the end of the last field).</summary>
    public int BlockLength { get; }

    public int SinceVersion { get; }

    public string? Description { get; }

    public SchemaLocation Location { get; }

    public IReadOnlyList<FieldDefinition> Fields { get; }

    public IReadOnlyList<GroupDefinition> Groups { get; }

    public IReadOnlyList<VarDataDefinition> VarData { get; }
}
