using Engine.Ledger.Accounts;
using Engine.Primitives;

namespace Engine.Ledger.Transfers;

/// <summary>
/// A request to move <see cref="Amount"/> of one asset from <see cref="DebitAccount"/> to <see cref="CreditAccount"/>.
/// For a post or void, <see cref="PendingId"/> names the pending transfer; the accounts may be left none (they
/// must match when given), and the amount may be zero (post: the full pending amount; void: always the full one).
/// Immutable value.
/// </summary>
public readonly record struct Transfer(
    TransferId Id,
    LedgerAccountId DebitAccount,
    LedgerAccountId CreditAccount,
    Amount Amount,
    ushort Code,
    TransferFlags Flags = TransferFlags.None,
    TransferId PendingId = default,
    long UserData = 0,
    long TimeoutNanos = 0)
{
    public bool IsPostOrVoid => (Flags & (TransferFlags.PostPendingTransfer | TransferFlags.VoidPendingTransfer)) != 0;

    public bool IsLinked => (Flags & TransferFlags.Linked) != 0;
}
