namespace Engine.Primitives;

/// <summary>A trade (fill pair) printed by a matching engine, increasing per book. Immutable; the default value (TradeId 0) means "none".</summary>
public readonly record struct TradeId(long Value) : IComparable<TradeId>
{
    public static readonly TradeId None;

    public bool IsNone => Value == 0;

    public int CompareTo(TradeId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
