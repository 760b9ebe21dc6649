namespace Engine.Primitives;

/// <summary>A venue (Binance, Kraken, the simulated venue, ...), dense from 1. Immutable; the default value (VenueId 0) means "none".</summary>
public readonly record struct VenueId(int Value) : IComparable<VenueId>
{
    public static readonly VenueId None;

    public bool IsNone => Value == 0;

    public int CompareTo(VenueId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
