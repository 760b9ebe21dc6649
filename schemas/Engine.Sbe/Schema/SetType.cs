namespace Engine.Sbe.Schema;

/// <summary>A <c>set</c>: a bit field of named choices over an unsigned integer (or char) encoding.</summary>
public sealed class SetType : SbeType
{
    public SetType(string name, SchemaLocation location, string? description, int sinceVersion, PrimitiveType encoding, IReadOnlyList<SetChoice> choices)
        : base(name, location, description, sinceVersion)
    {
        Encoding = encoding;
        Choices = choices;
    }

    public PrimitiveType Encoding { get; }

    public IReadOnlyList<SetChoice> Choices { get; }

    public override int EncodedLength => PrimitiveTypes.Size(Encoding);
}
