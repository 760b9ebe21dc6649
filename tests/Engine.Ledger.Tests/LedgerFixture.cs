using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Ledger.Tests;

/// <summary>A ledger with a few accounts in one asset, and shorthand for the transfers the tests submit.</summary>
public sealed class LedgerFixture
{
    public static readonly AssetId Usd = new(1);
    public static readonly AssetId Btc = new(2);

    public LedgerFixture(LedgerOptions? options = null)
    {
        Ledger = new Ledger(options);
        World = Open(LedgerOwner.World, Usd, AccountType.Cash, AccountFlags.None);
        Alice = Open(LedgerOwner.Client(new AccountId(1)), Usd, AccountType.Cash, AccountFlags.DebitsMustNotExceedCredits);
        Bob = Open(LedgerOwner.Client(new AccountId(2)), Usd, AccountType.Cash, AccountFlags.DebitsMustNotExceedCredits);
        Liability = Open(LedgerOwner.Venue(new VenueId(1)), Usd, AccountType.Cash, AccountFlags.CreditsMustNotExceedDebits);
        AliceBtc = Open(LedgerOwner.Client(new AccountId(1)), Btc, AccountType.Cash, AccountFlags.None);
    }

    public Ledger Ledger { get; }

    public LedgerAccountId World { get; }

    public LedgerAccountId Alice { get; }

    public LedgerAccountId Bob { get; }

    /// <summary>An account that may not be credited beyond its debits.</summary>
    public LedgerAccountId Liability { get; }

    public LedgerAccountId AliceBtc { get; }

    public LedgerAccountId Open(LedgerOwner owner, AssetId asset, AccountType type, AccountFlags flags)
    {
        Assert.That(Ledger.OpenAccount(new AccountKey(owner, asset, type), flags, out LedgerAccountId id), Is.EqualTo(LedgerResult.Ok));
        return id;
    }

    public LedgerResult Submit(Transfer transfer, long time = 1) => Ledger.CreateTransfer(transfer, time);

    public static Transfer Move(long id, LedgerAccountId debit, LedgerAccountId credit, long amount, TransferFlags flags = TransferFlags.None, long timeout = 0) =>
        new(new TransferId(id), debit, credit, new Amount(amount), 1, flags, TimeoutNanos: timeout);

    public static Transfer Post(long id, long pendingId, long amount = 0) =>
        new(new TransferId(id), LedgerAccountId.None, LedgerAccountId.None, new Amount(amount), 0, TransferFlags.PostPendingTransfer, new TransferId(pendingId));

    public static Transfer Void(long id, long pendingId) =>
        new(new TransferId(id), LedgerAccountId.None, LedgerAccountId.None, Amount.Zero, 0, TransferFlags.VoidPendingTransfer, new TransferId(pendingId));

    /// <summary>Funds an account from the world.</summary>
    public void Fund(LedgerAccountId account, long amount, long id) =>
        Assert.That(Submit(Move(id, World, account, amount)), Is.EqualTo(LedgerResult.Ok));

    public void AssertBalanced() => Assert.That(Ledger.ComputeTrialBalance().IsBalanced, Is.True, "trial balance");
}
