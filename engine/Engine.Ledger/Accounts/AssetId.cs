using System.Globalization;

namespace Engine.Ledger.Accounts;

/// <summary>
/// An asset the ledger keeps balances in: a currency (BTC, USDT) or, for derivatives, an instrument's contracts.
/// Every transfer moves one asset: both its accounts must hold the same one. Dense from 1; 0 means none.
/// </summary>
public readonly record struct AssetId(int Value) : IComparable<AssetId>
{
    public bool IsNone => Value == 0;

    public int CompareTo(AssetId other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
