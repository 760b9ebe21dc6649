namespace Engine.Primitives;

/// <summary>A trading account; self-trade prevention compares these. Immutable; the default value (AccountId 0) means "none".</summary>
public readonly record struct AccountId(int Value) : IComparable<AccountId>
{
    public static readonly AccountId None;

    public bool IsNone => Value == 0;

    public int CompareTo(AccountId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
