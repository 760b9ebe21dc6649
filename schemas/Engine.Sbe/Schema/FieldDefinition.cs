namespace Engine.Sbe.Schema;

/// <summary>
/// A fixed-size field of a message or group block, or a member of a composite (then <see cref="Id"/> is 0): its type,
/// its resolved offset within the block, and the presence and version it is used with.
/// </summary>
public sealed class FieldDefinition
{
    public FieldDefinition(
        string name,
        int id,
        SbeType type,
        int offset,
        Presence presence,
        int sinceVersion,
        EnumValue? constantEnumValue,
        string? description,
        SchemaLocation location)
    {
        Name = name;
        Id = id;
        Type = type;
        Offset = offset;
        Presence = presence;
        SinceVersion = sinceVersion;
        ConstantEnumValue = constantEnumValue;
        Description = description;
        Location = location;
    }

    public string Name { get; }

    public int Id { get; }

    public SbeType Type { get; }

    /// <summary>Offset from the start of the block or composite; -1 for a constant (it occupies no bytes).</summary>
    public int Offset { get; }

    public Presence Presence { get; }

    public int SinceVersion { get; }

    /// <summary>The enum value of a constant enum field (<c>valueRef="Model.C"</c>).</summary>
    public EnumValue? ConstantEnumValue { get; }

    public string? Description { get; }

    public SchemaLocation Location { get; }

    public bool IsConstant => Presence == Presence.Constant;

    public int EncodedLength => IsConstant ? 0 : Type.EncodedLength;
}
