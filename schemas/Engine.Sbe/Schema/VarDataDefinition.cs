namespace Engine.Sbe.Schema;

/// <summary>A <c>data</c> element: a length prefix followed by that many bytes, after every group of its block.</summary>
public sealed class VarDataDefinition
{
    public VarDataDefinition(string name, int id, CompositeType type, int sinceVersion, string? description, SchemaLocation location)
    {
        Name = name;
        Id = id;
        Type = type;
        SinceVersion = sinceVersion;
        Description = description;
        Location = location;
        LengthMember = type.Find("length")!;
        DataMember = type.Find("varData")!;
    }

    public string Name { get; }

    public int Id { get; }

    public CompositeType Type { get; }

    public int SinceVersion { get; }

    public string? Description { get; }

    public SchemaLocation Location { get; }

    public FieldDefinition LengthMember { get; }

    public FieldDefinition DataMember { get; }

    public PrimitiveType LengthPrimitive => ((EncodedType)LengthMember.Type).Primitive;

    /// <summary>Bytes before the data: the offset of <c>varData</c> in the composite.</summary>
    public int HeaderLength => DataMember.Offset;

    /// <summary>The largest length the encoding allows (its <c>maxValue</c>), so a decoder can reject a corrupt length.</summary>
    public ulong MaxLength => ((EncodedType)LengthMember.Type).MaxValue;

    /// <summary>The character encoding (UTF-8, ASCII, ...), or null for binary data.</summary>
    public string? CharacterEncoding => ((EncodedType)DataMember.Type).CharacterEncoding;
}
