namespace Engine.Primitives;

/// <summary>A canonical instrument (BTC-USDT spot, BTC-USDT perpetual, ...), dense from 1 in config order. Immutable; the default value (InstrumentId 0) means "none".</summary>
public readonly record struct InstrumentId(int Value) : IComparable<InstrumentId>
{
    public static readonly InstrumentId None;

    public bool IsNone => Value == 0;

    public int CompareTo(InstrumentId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
