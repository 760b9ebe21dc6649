namespace Engine.Sbe.Schema;

/// <summary>
/// A <c>composite</c>: members laid out at fixed offsets (sequential unless given explicitly). Message headers, group
/// dimensions and var-data encodings are composites too.
/// </summary>
public sealed class CompositeType : SbeType
{
    private readonly int _encodedLength;

    public CompositeType(string name, SchemaLocation location, string? description, int sinceVersion, IReadOnlyList<FieldDefinition> members, int encodedLength)
        : base(name, location, description, sinceVersion)
    {
        Members = members;
        _encodedLength = encodedLength;
    }

    /// <summary>The members with their resolved offsets; constants have offset -1 and no bytes.</summary>
    public IReadOnlyList<FieldDefinition> Members { get; }

    public override int EncodedLength => _encodedLength;

    public FieldDefinition? Find(string name)
    {
        foreach (FieldDefinition member in Members)
        {
            if (member.Name == name)
            {
                return member;
            }
        }

        return null;
    }
}
