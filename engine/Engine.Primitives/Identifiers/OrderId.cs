namespace Engine.Primitives;

/// <summary>An order, unique per book; assigned by whoever submits it (the OMS or a venue). Immutable; the default value (OrderId 0) means "none".</summary>
public readonly record struct OrderId(long Value) : IComparable<OrderId>
{
    public static readonly OrderId None;

    public bool IsNone => Value == 0;

    public int CompareTo(OrderId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
