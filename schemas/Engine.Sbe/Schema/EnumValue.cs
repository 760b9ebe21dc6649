namespace Engine.Sbe.Schema;

/// <summary>One <c>validValue</c> of an enum: its name and its raw wire value.</summary>
public sealed class EnumValue
{
    public EnumValue(string name, ulong value, int sinceVersion, string? description)
    {
        Name = name;
        Value = value;
        SinceVersion = sinceVersion;
        Description = description;
    }

    public string Name { get; }

    public ulong Value { get; }

    public int SinceVersion { get; }

    public string? Description { get; }
}
