namespace Engine.Risk;

/// <summary>
/// The strategy that submits an order, dense from 1 up to the configured maxStrategyId, for the per-strategy order
/// rate. The default value (StrategyId 0) means "no strategy" (a manual or gateway order): no strategy bucket applies.
/// Immutable. Defined here because Primitives has no strategy id yet.
/// </summary>
public readonly record struct StrategyId(int Value) : IComparable<StrategyId>
{
    public static readonly StrategyId None;

    public bool IsNone => Value == 0;

    public int CompareTo(StrategyId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
