using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;
using static Engine.Ledger.Tests.LedgerFixture;

namespace Engine.Ledger.Tests;

[TestFixture]
public sealed class TransferTests
{
    private LedgerFixture _f = null!;

    [SetUp]
    public void CreateLedger() => _f = new LedgerFixture();

    [Test]
    public void SinglePhaseTransfer_DebitsOneAccountAndCreditsTheOther()
    {
        _f.Fund(_f.Alice, 100, 1);

        Assert.That(_f.Submit(Move(2, _f.Alice, _f.Bob, 30)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Ledger.BalanceOf(_f.Alice), Is.EqualTo(new AccountBalance(0, 30, 0, 100)));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob), Is.EqualTo(new AccountBalance(0, 0, 0, 30)));
        _f.AssertBalanced();
    }

    [Test]
    public void Overdraft_IsRejectedWithExceedsCredits_AndChangesNothing()
    {
        _f.Fund(_f.Alice, 100, 1);

        Assert.That(_f.Submit(Move(2, _f.Alice, _f.Bob, 101)), Is.EqualTo(LedgerResult.ExceedsCredits));

        Assert.That(_f.Ledger.BalanceOf(_f.Alice).AvailableCredit, Is.EqualTo(100));
        Assert.That(_f.Ledger.TryGetTransfer(new TransferId(2), out _), Is.False);
    }

    [Test]
    public void CreditBeyondDebits_OnACreditsMustNotExceedDebitsAccount_IsRejectedWithExceedsDebits()
    {
        Assert.That(_f.Submit(Move(1, _f.World, _f.Liability, 5)), Is.EqualTo(LedgerResult.ExceedsDebits));
        Assert.That(_f.Submit(Move(2, _f.Liability, _f.World, 5)), Is.EqualTo(LedgerResult.Ok));
        Assert.That(_f.Submit(Move(3, _f.World, _f.Liability, 5)), Is.EqualTo(LedgerResult.Ok));
    }

    [Test]
    public void IdenticalResubmission_AnswersExists_AndAppliesNothing()
    {
        _f.Fund(_f.Alice, 100, 1);
        Transfer transfer = Move(2, _f.Alice, _f.Bob, 30);
        _f.Submit(transfer);

        Assert.That(_f.Submit(transfer), Is.EqualTo(LedgerResult.Exists));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob).CreditsPosted, Is.EqualTo(30));
    }

    private static IEnumerable<TestCaseData> DifferingResubmissions()
    {
        Transfer original = Move(2, new LedgerAccountId(2), new LedgerAccountId(3), 30);
        yield return new TestCaseData(original with { Flags = TransferFlags.Pending }, LedgerResult.ExistsWithDifferentFlags).SetName("DifferentFlags_AnswersExistsWithDifferentFlags");
        yield return new TestCaseData(original with { DebitAccount = new LedgerAccountId(1) }, LedgerResult.ExistsWithDifferentDebitAccount).SetName("DifferentDebitAccount_AnswersExistsWithDifferentDebitAccount");
        yield return new TestCaseData(original with { CreditAccount = new LedgerAccountId(1) }, LedgerResult.ExistsWithDifferentCreditAccount).SetName("DifferentCreditAccount_AnswersExistsWithDifferentCreditAccount");
        yield return new TestCaseData(original with { Amount = new Amount(31) }, LedgerResult.ExistsWithDifferentAmount).SetName("DifferentAmount_AnswersExistsWithDifferentAmount");
        yield return new TestCaseData(original with { UserData = 9 }, LedgerResult.ExistsWithDifferentUserData).SetName("DifferentUserData_AnswersExistsWithDifferentUserData");
        yield return new TestCaseData(original with { Code = 2 }, LedgerResult.ExistsWithDifferentCode).SetName("DifferentCode_AnswersExistsWithDifferentCode");
        yield return new TestCaseData(original with { Amount = new Amount(31), Code = 2 }, LedgerResult.ExistsWithDifferentAmount).SetName("SeveralDifferences_AnswerTheFirstInTheFixedOrder");
    }

    [TestCaseSource(nameof(DifferingResubmissions))]
    public void Resubmission_WithTheSameId(Transfer resubmitted, LedgerResult expected)
    {
        _f.Fund(_f.Alice, 100, 1);
        Assert.That(_f.Submit(Move(2, _f.Alice, _f.Bob, 30)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Submit(resubmitted), Is.EqualTo(expected));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob).CreditsPosted, Is.EqualTo(30));
    }

    [Test]
    public void IdsArrivingOutOfOrder_AreStillIdempotent()
    {
        _f.Fund(_f.Alice, 100, 50);
        Assert.That(_f.Submit(Move(10, _f.Alice, _f.Bob, 1)), Is.EqualTo(LedgerResult.Ok));
        Assert.That(_f.Submit(Move(7, _f.Alice, _f.Bob, 2)), Is.EqualTo(LedgerResult.Ok));
        Assert.That(_f.Submit(Move(60, _f.Alice, _f.Bob, 3)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Submit(Move(7, _f.Alice, _f.Bob, 2)), Is.EqualTo(LedgerResult.Exists));
        Assert.That(_f.Submit(Move(10, _f.Alice, _f.Bob, 1)), Is.EqualTo(LedgerResult.Exists));
        Assert.That(_f.Submit(Move(50, _f.World, _f.Alice, 100)), Is.EqualTo(LedgerResult.Exists));
        Assert.That(_f.Submit(Move(60, _f.Alice, _f.Bob, 4)), Is.EqualTo(LedgerResult.ExistsWithDifferentAmount));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob).CreditsPosted, Is.EqualTo(6));
    }

    [Test]
    public void TransferWithSeveralProblems_ReportsTheFirstInTheFixedOrder()
    {
        var zeroIdSameAccountsNoCode = new Transfer(TransferId.None, _f.Alice, _f.Alice, Amount.Zero, 0);
        Assert.That(_f.Submit(zeroIdSameAccountsNoCode), Is.EqualTo(LedgerResult.IdMustNotBeZero));
        Assert.That(_f.Submit(zeroIdSameAccountsNoCode with { Id = new TransferId(5) }), Is.EqualTo(LedgerResult.AccountsMustBeDifferent));
        Assert.That(_f.Submit(new Transfer(new TransferId(5), _f.Alice, _f.Bob, Amount.Zero, 0)), Is.EqualTo(LedgerResult.CodeMustNotBeZero));
        Assert.That(_f.Submit(new Transfer(new TransferId(5), _f.Alice, _f.Bob, Amount.Zero, 1)), Is.EqualTo(LedgerResult.AmountMustBePositive));
    }

    [Test]
    public void Validation_RejectsEachMalformedTransferWithItsOwnCode()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_f.Submit(Move(1, LedgerAccountId.None, _f.Bob, 1)), Is.EqualTo(LedgerResult.DebitAccountIdMustNotBeZero));
            Assert.That(_f.Submit(Move(1, _f.Alice, LedgerAccountId.None, 1)), Is.EqualTo(LedgerResult.CreditAccountIdMustNotBeZero));
            Assert.That(_f.Submit(Move(1, new LedgerAccountId(99), _f.Bob, 1)), Is.EqualTo(LedgerResult.DebitAccountNotFound));
            Assert.That(_f.Submit(Move(1, _f.Alice, new LedgerAccountId(99), 1)), Is.EqualTo(LedgerResult.CreditAccountNotFound));
            Assert.That(_f.Submit(Move(1, _f.Alice, _f.AliceBtc, 1)), Is.EqualTo(LedgerResult.AccountsMustHaveTheSameAsset));
            Assert.That(_f.Submit(Move(1, _f.World, _f.Bob, 1, timeout: 5)), Is.EqualTo(LedgerResult.TimeoutReservedForPendingTransfer));
            Assert.That(_f.Submit(Move(1, _f.World, _f.Bob, 1, TransferFlags.Pending | TransferFlags.PostPendingTransfer)), Is.EqualTo(LedgerResult.FlagsAreMutuallyExclusive));
            Assert.That(_f.Submit(Move(1, _f.World, _f.Bob, 1) with { PendingId = new TransferId(7) }), Is.EqualTo(LedgerResult.PendingIdMustBeZero));
            Assert.That(_f.Submit(Move(1, _f.World, _f.Bob, -5)), Is.EqualTo(LedgerResult.AmountMustBePositive));
        });
        Assert.That(_f.Ledger.TransferCount, Is.Zero);
    }

    [Test]
    public void BalanceThatWouldOverflow_IsRejected_NotWrapped()
    {
        Assert.That(_f.Submit(Move(1, _f.World, _f.Bob, long.MaxValue)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Submit(Move(2, _f.World, _f.Bob, 1)), Is.EqualTo(LedgerResult.OverflowsDebitsPosted));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob).CreditsPosted, Is.EqualTo(long.MaxValue));
    }

    [Test]
    public void PendingTransfer_ReservesOnBothSides_AndCountsAgainstTheOverdraftLimit()
    {
        _f.Fund(_f.Alice, 100, 1);

        Assert.That(_f.Submit(Move(2, _f.Alice, _f.Bob, 70, TransferFlags.Pending)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Ledger.BalanceOf(_f.Alice), Is.EqualTo(new AccountBalance(70, 0, 0, 100)));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob), Is.EqualTo(new AccountBalance(0, 0, 70, 0)));
        Assert.That(_f.Submit(Move(3, _f.Alice, _f.Bob, 31)), Is.EqualTo(LedgerResult.ExceedsCredits), "only 30 is free");
        Assert.That(_f.Submit(Move(4, _f.Alice, _f.Bob, 30)), Is.EqualTo(LedgerResult.Ok));
        _f.AssertBalanced();
    }

    [Test]
    public void PostingInPart_PostsThatMuch_AndReleasesTheRest()
    {
        _f.Fund(_f.Alice, 100, 1);
        _f.Submit(Move(2, _f.Alice, _f.Bob, 70, TransferFlags.Pending));

        Assert.That(_f.Submit(Post(3, 2, 40)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Ledger.BalanceOf(_f.Alice), Is.EqualTo(new AccountBalance(0, 40, 0, 100)));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob), Is.EqualTo(new AccountBalance(0, 0, 0, 40)));
        Assert.That(_f.Ledger.TryGetTransfer(new TransferId(2), out StoredTransfer pending) && pending.State == TransferState.PendingPosted, Is.True);
        _f.AssertBalanced();
    }

    [Test]
    public void PostingWithAmountZero_PostsTheFullPendingAmount()
    {
        _f.Fund(_f.Alice, 100, 1);
        _f.Submit(Move(2, _f.Alice, _f.Bob, 70, TransferFlags.Pending));

        Assert.That(_f.Submit(Post(3, 2)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Ledger.BalanceOf(_f.Bob).CreditsPosted, Is.EqualTo(70));
    }

    [Test]
    public void Voiding_ReleasesTheReservation()
    {
        _f.Fund(_f.Alice, 100, 1);
        _f.Submit(Move(2, _f.Alice, _f.Bob, 70, TransferFlags.Pending));

        Assert.That(_f.Submit(Void(3, 2)), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Ledger.BalanceOf(_f.Alice), Is.EqualTo(new AccountBalance(0, 0, 0, 100)));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob), Is.EqualTo(default(AccountBalance)));
    }

    [Test]
    public void PendingTransfer_IsResolvedAtMostOnce()
    {
        _f.Fund(_f.Alice, 100, 1);
        _f.Submit(Move(2, _f.Alice, _f.Bob, 70, TransferFlags.Pending));
        _f.Submit(Post(3, 2, 10));

        Assert.That(_f.Submit(Post(4, 2, 10)), Is.EqualTo(LedgerResult.PendingTransferAlreadyPosted));
        Assert.That(_f.Submit(Void(5, 2)), Is.EqualTo(LedgerResult.PendingTransferAlreadyPosted));
        Assert.That(_f.Submit(Post(3, 2, 10)), Is.EqualTo(LedgerResult.Exists), "the same post again is idempotent");

        _f.Submit(Move(6, _f.Alice, _f.Bob, 5, TransferFlags.Pending));
        _f.Submit(Void(7, 6));
        Assert.That(_f.Submit(Post(8, 6)), Is.EqualTo(LedgerResult.PendingTransferAlreadyVoided));
        Assert.That(_f.Ledger.BalanceOf(_f.Bob).CreditsPosted, Is.EqualTo(10));
    }

    [Test]
    public void PostOrVoid_IsCheckedAgainstThePendingTransfer()
    {
        _f.Fund(_f.Alice, 100, 1);
        _f.Submit(Move(2, _f.Alice, _f.Bob, 70, TransferFlags.Pending));
        _f.Submit(Move(9, _f.World, _f.Bob, 1));

        Assert.Multiple(() =>
        {
            Assert.That(_f.Submit(Post(3, 99)), Is.EqualTo(LedgerResult.PendingTransferNotFound));
            Assert.That(_f.Submit(Post(3, 9)), Is.EqualTo(LedgerResult.PendingTransferNotPending));
            Assert.That(_f.Submit(Post(3, 3)), Is.EqualTo(LedgerResult.PendingIdMustBeDifferent));
            Assert.That(_f.Submit(Post(3, 0)), Is.EqualTo(LedgerResult.PendingIdMustNotBeZero));
            Assert.That(_f.Submit(Post(3, 2, 71)), Is.EqualTo(LedgerResult.ExceedsPendingTransferAmount));
            Assert.That(_f.Submit(Post(3, 2) with { DebitAccount = _f.Bob }), Is.EqualTo(LedgerResult.PendingTransferHasDifferentDebitAccount));
            Assert.That(_f.Submit(Post(3, 2) with { CreditAccount = _f.Alice }), Is.EqualTo(LedgerResult.PendingTransferHasDifferentCreditAccount));
            Assert.That(_f.Submit(Post(3, 2) with { Code = 7 }), Is.EqualTo(LedgerResult.PendingTransferHasDifferentCode));
            Assert.That(_f.Submit(Void(3, 2) with { Amount = new Amount(5) }), Is.EqualTo(LedgerResult.PendingTransferHasDifferentAmount));
        });
        Assert.That(_f.Ledger.BalanceOf(_f.Alice).DebitsPending, Is.EqualTo(70), "nothing was resolved");
    }

    [Test]
    public void PendingTransferPastItsTimeout_CannotBePosted_AndTheSweepReleasesIt()
    {
        _f.Fund(_f.Alice, 100, 1);
        Assert.That(_f.Submit(Move(2, _f.Alice, _f.Bob, 70, TransferFlags.Pending, timeout: 1_000), time: 10_000), Is.EqualTo(LedgerResult.Ok));

        Assert.That(_f.Ledger.ExpirePendingTransfers(10_999), Is.Zero);
        Assert.That(_f.Submit(Post(3, 2), time: 11_000), Is.EqualTo(LedgerResult.PendingTransferExpired));
        Assert.That(_f.Ledger.ExpirePendingTransfers(11_000), Is.EqualTo(1));

        Assert.That(_f.Ledger.BalanceOf(_f.Alice), Is.EqualTo(new AccountBalance(0, 0, 0, 100)));
        Assert.That(_f.Submit(Post(4, 2), time: 11_001), Is.EqualTo(LedgerResult.PendingTransferExpired));
        _f.AssertBalanced();
    }

    [Test]
    public void TimeoutThatWouldOverflowTheClock_IsRejected()
    {
        _f.Fund(_f.Alice, 100, 1);
        Assert.That(_f.Submit(Move(2, _f.Alice, _f.Bob, 1, TransferFlags.Pending, timeout: long.MaxValue), time: 10), Is.EqualTo(LedgerResult.OverflowsTimeout));
    }

    [Test]
    public void OpeningAnAccountTwice_FindsIt_UnlessTheFlagsDiffer()
    {
        var key = new AccountKey(LedgerOwner.Client(new AccountId(1)), Usd, AccountType.Cash);
        Assert.That(_f.Ledger.OpenAccount(key, AccountFlags.DebitsMustNotExceedCredits, out LedgerAccountId again), Is.EqualTo(LedgerResult.Ok));
        Assert.That(again, Is.EqualTo(_f.Alice));
        Assert.That(_f.Ledger.OpenAccount(key, AccountFlags.None, out _), Is.EqualTo(LedgerResult.AccountExistsWithDifferentFlags));
        Assert.That(_f.Ledger.OpenAccount(key with { Asset = default }, AccountFlags.None, out _), Is.EqualTo(LedgerResult.AccountAssetMustNotBeZero));
    }

    [Test]
    public void EveryResult_HasAReason()
    {
        foreach (LedgerResult result in Enum.GetValues<LedgerResult>())
        {
            Assert.That(LedgerResults.Reason(result), Is.Not.EqualTo("unknown ledger result"), result.ToString());
            Assert.That(result == LedgerResult.Ok || ((int)result >= 4000 && (int)result < 5000), Is.True, $"{result} is in the 4xxx range");
        }
    }
}
