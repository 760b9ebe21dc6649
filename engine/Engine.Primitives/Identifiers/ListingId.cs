namespace Engine.Primitives;

/// <summary>One instrument as traded on one venue (its symbol, tick, lot): the unit that owns an order book. Immutable; the default value (ListingId 0) means "none".</summary>
public readonly record struct ListingId(int Value) : IComparable<ListingId>
{
    public static readonly ListingId None;

    public bool IsNone => Value == 0;

    public int CompareTo(ListingId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
