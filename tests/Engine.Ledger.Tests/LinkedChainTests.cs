using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using static Engine.Ledger.Tests.LedgerFixture;

namespace Engine.Ledger.Tests;

[TestFixture]
public sealed class LinkedChainTests
{
    private LedgerFixture _f = null!;

    [SetUp]
    public void CreateLedger()
    {
        _f = new LedgerFixture();
        _f.Fund(_f.Alice, 100, 1);
    }

    [Test]
    public void ChainThatSucceeds_AppliesEveryMember()
    {
        Transfer[] batch =
        [
            Move(10, _f.Alice, _f.Bob, 10, TransferFlags.Linked),
            Move(11, _f.Bob, _f.World, 5, TransferFlags.Linked),
            Move(12, _f.World, _f.Alice, 1),
        ];
        var results = new LedgerResult[3];

        Assert.That(_f.Ledger.CreateTransfers(batch, results, 1), Is.Zero);

        Assert.That(results, Is.All.EqualTo(LedgerResult.Ok));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob).NetCredit, Is.EqualTo(5));
    }

    [Test]
    public void ChainWithAFailingMember_AppliesNone_AndNamesTheFailure()
    {
        Transfer[] batch =
        [
            Move(10, _f.Alice, _f.Bob, 60, TransferFlags.Linked),
            Move(11, _f.Alice, _f.Bob, 60, TransferFlags.Linked),
            Move(12, _f.World, _f.Alice, 1),
            Move(13, _f.World, _f.Bob, 7),
        ];
        var results = new LedgerResult[4];

        int failed = _f.Ledger.CreateTransfers(batch, results, 1);

        Assert.That(results, Is.EqualTo(new[] { LedgerResult.LinkedEventFailed, LedgerResult.ExceedsCredits, LedgerResult.LinkedEventFailed, LedgerResult.Ok }));
        Assert.That(failed, Is.EqualTo(3));
        Assert.That(_f.Ledger.BalanceOf(_f.Alice), Is.EqualTo(new AccountBalance(0, 0, 0, 100)), "the first member was rolled back");
        Assert.That(_f.Ledger.BalanceOf(_f.Bob).CreditsPosted, Is.EqualTo(7), "the transfer after the chain stands");
        Assert.That(_f.Ledger.TryGetTransfer(new TransferId(10), out _), Is.False, "a rolled-back id is free again");
        _f.AssertBalanced();
    }

    [Test]
    public void ChainLeftOpenAtTheEndOfTheBatch_Fails()
    {
        Transfer[] batch = [Move(10, _f.Alice, _f.Bob, 1, TransferFlags.Linked), Move(11, _f.Alice, _f.Bob, 1, TransferFlags.Linked)];
        var results = new LedgerResult[2];

        _f.Ledger.CreateTransfers(batch, results, 1);

        Assert.That(results, Is.EqualTo(new[] { LedgerResult.LinkedEventFailed, LedgerResult.LinkedEventChainOpen }));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob), Is.EqualTo(default(AccountBalance)));
    }

    [Test]
    public void RolledBackChain_RestoresPendingTransfersItPostedOrCreated()
    {
        Assert.That(_f.Submit(Move(2, _f.Alice, _f.Bob, 50, TransferFlags.Pending)), Is.EqualTo(LedgerResult.Ok));
        Transfer[] batch =
        [
            Post(10, 2, 20) with { Flags = TransferFlags.PostPendingTransfer | TransferFlags.Linked },
            Move(11, _f.Alice, _f.Bob, 30, TransferFlags.Pending | TransferFlags.Linked),
            Move(12, _f.Alice, _f.Bob, 1_000),
        ];
        var results = new LedgerResult[3];

        _f.Ledger.CreateTransfers(batch, results, 1);

        Assert.That(results[2], Is.EqualTo(LedgerResult.ExceedsCredits));
        Assert.That(_f.Ledger.BalanceOf(_f.Alice), Is.EqualTo(new AccountBalance(50, 0, 0, 100)));
        Assert.That(_f.Ledger.TryGetTransfer(new TransferId(2), out StoredTransfer pending) && pending.State == TransferState.Pending, Is.True, "still pending");
        Assert.That(_f.Submit(Post(13, 2, 50)), Is.EqualTo(LedgerResult.Ok), "and still postable");
    }

    [Test]
    public void SingleTransferApi_RefusesALinkedTransfer()
    {
        Assert.That(_f.Submit(Move(10, _f.Alice, _f.Bob, 1, TransferFlags.Linked)), Is.EqualTo(LedgerResult.LinkedEventChainOpen));
    }
}
