namespace Engine.Sbe.Schema;

/// <summary>An <c>enum</c>: a char or unsigned/signed integer encoding and its named valid values.</summary>
public sealed class EnumType : SbeType
{
    public EnumType(
        string name,
        SchemaLocation location,
        string? description,
        int sinceVersion,
        PrimitiveType encoding,
        Presence presence,
        ulong nullValue,
        IReadOnlyList<EnumValue> values)
        : base(name, location, description, sinceVersion)
    {
        Encoding = encoding;
        Presence = presence;
        NullValue = nullValue;
        Values = values;
    }

    public PrimitiveType Encoding { get; }

    public Presence Presence { get; }

    public ulong NullValue { get; }

    public IReadOnlyList<EnumValue> Values { get; }

    public override int EncodedLength => PrimitiveTypes.Size(Encoding);

    public EnumValue? Find(string name)
    {
        foreach (EnumValue value in Values)
        {
            if (value.Name == name)
            {
                return value;
            }
        }

        return null;
    }
}
