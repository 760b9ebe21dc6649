namespace Engine.Model;

/// <summary>What an instrument is; the numeric values are part of the config and wire formats.</summary>
public enum InstrumentKind : byte
{
    Spot = 0,
    Perpetual = 1,
    Future = 2,
    Option = 3,
}
