namespace Engine.Sbe.Schema;

/// <summary>One <c>choice</c> of a set: its name and its bit position (0 is the least significant bit).</summary>
public sealed class SetChoice
{
    public SetChoice(string name, int bit, int sinceVersion, string? description)
    {
        Name = name;
        Bit = bit;
        SinceVersion = sinceVersion;
        Description = description;
    }

    public string Name { get; }

    public int Bit { get; }

    public int SinceVersion { get; }

    public string? Description { get; }
}
