namespace Engine.Sbe.Schema;

/// <summary>
/// A <c>type</c> element: one primitive or a fixed-length array of it (<c>length</c>), with its presence and its
/// null, min and max values as raw wire bits (see <see cref="PrimitiveTypes"/>).
/// </summary>
public sealed class EncodedType : SbeType
{
    public EncodedType(
        string name,
        SchemaLocation location,
        string? description,
        int sinceVersion,
        PrimitiveType primitive,
        int length,
        Presence presence,
        ulong nullValue,
        ulong minValue,
        ulong maxValue,
        string? constantValue,
        string? characterEncoding)
        : base(name, location, description, sinceVersion)
    {
        Primitive = primitive;
        Length = length;
        Presence = presence;
        NullValue = nullValue;
        MinValue = minValue;
        MaxValue = maxValue;
        ConstantValue = constantValue;
        CharacterEncoding = characterEncoding;
    }

    public PrimitiveType Primitive { get; }

    /// <summary>Number of elements: 1 for a scalar, more for an array, 0 for the var-data part of a var-data composite.</summary>
    public int Length { get; }

    public Presence Presence { get; }

    public ulong NullValue { get; }

    public ulong MinValue { get; }

    public ulong MaxValue { get; }

    /// <summary>The text of a constant (<c>presence="constant"</c>): a number, a character or a character string.</summary>
    public string? ConstantValue { get; }

    public string? CharacterEncoding { get; }

    public bool IsArray => Length > 1 || (Primitive == PrimitiveType.Char && Length != 1);

    public override int EncodedLength => Presence == Presence.Constant ? 0 : PrimitiveTypes.Size(Primitive) * Length;
}
