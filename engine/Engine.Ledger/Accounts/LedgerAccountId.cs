using System.Globalization;

namespace Engine.Ledger.Accounts;

/// <summary>
/// The ledger's handle of an account, dense from 1 in the order accounts were opened (so replay assigns the same
/// ids). 0 means none; in a post or void it means "the pending transfer's account".
/// </summary>
public readonly record struct LedgerAccountId(int Value)
{
    public static readonly LedgerAccountId None;

    public bool IsNone => Value == 0;

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
