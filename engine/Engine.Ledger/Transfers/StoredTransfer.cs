namespace Engine.Ledger.Transfers;

/// <summary>A transfer the ledger accepted, with what the ledger knows about it. Owned by <see cref="Ledger"/>.</summary>
public struct StoredTransfer
{
    /// <summary>As submitted (idempotency compares against this).</summary>
    public Transfer Transfer;

    /// <summary>The accounts actually debited and credited (for a post or void: the pending transfer's).</summary>
    public Accounts.LedgerAccountId DebitAccount;

    public Accounts.LedgerAccountId CreditAccount;

    /// <summary>The effective amount: for a post, what was posted; for a void, what was released.</summary>
    public long Amount;

    public long TimestampNanos;

    /// <summary>For a pending transfer with a timeout: the input time at which it expires; else 0.</summary>
    public long ExpiresAtNanos;

    public TransferState State;
}
