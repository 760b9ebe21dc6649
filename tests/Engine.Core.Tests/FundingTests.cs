using Engine.Ledger.Accounts;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Funding of perpetuals through the BLP: a FundingRate settlement pays or charges every account holding the
/// perpetual (|position| x mark x rate), in the ledger (client cash against the account's FundingPnL) and in risk's
/// positions and daily P&amp;L, exactly once per funding time; a predicted rate only records the rate; a settlement
/// that is not the engine's to apply changes nothing.
/// BTC-USDT-PERP has price scale 1 and quantity scale 2; ledger amounts have 8 decimals; risk's money scale is 3.
/// </summary>
[TestFixture]
public sealed class FundingTests
{
    private const long OneUsdt = 100_000_000;
    private const long Mark = 500_000;                 // 50,000.0
    private const long OneBtc = 100;                   // 1.00 contract
    private const long FundingTime = 1_700_000_000_000_000_000;
    private static readonly AccountId s_long = CoreFixture.Trader;
    private static readonly AccountId s_short = new(3);

    [Test]
    public void Settlement_ChargesTheLong_AndPaysTheShort_InTheLedgerAndThePositions()
    {
        CoreFixture fixture = LongAndShort();
        long longCash = fixture.Available(s_long, "USDT");
        long shortCash = fixture.Available(s_short, "USDT");
        int outputsBefore = fixture.Output.Messages.Count;

        fixture.Funding(CoreFixture.BtcPerp, Mark, rateMantissa: 1, rateExponent: -4, FundingTime);   // 0.01%

        Assert.That(fixture.Available(s_long, "USDT"), Is.EqualTo(longCash - (5 * OneUsdt)), "1.00 x 50,000.0 x 0.01% = 5 USDT paid");
        Assert.That(fixture.Available(s_short, "USDT"), Is.EqualTo(shortCash + (OneUsdt * 5 / 2)), "0.50 x 50,000.0 x 0.01% = 2.5 USDT received");
        Assert.That(FundingAccountNet(fixture, s_long), Is.EqualTo(5 * OneUsdt), "what the long paid is credited to its FundingPnL account");
        Assert.That(FundingAccountNet(fixture, s_short), Is.EqualTo(-(OneUsdt * 5 / 2)));
        Assert.That(fixture.Processor.Risk.GetPosition(s_long, CoreFixture.BtcPerp).FundingPnl, Is.EqualTo(new Amount(-5_000)), "money scale 3");
        Assert.That(fixture.Processor.Risk.GetPosition(s_short, CoreFixture.BtcPerp).FundingPnl, Is.EqualTo(new Amount(2_500)));
        Assert.That(fixture.Processor.Counters.FundingPayments, Is.EqualTo(2));
        fixture.AssertTrialBalanceIsZero();

        var posted = fixture.Output.Messages.Skip(outputsBefore)
            .Where(m => m.TemplateId == Sbe.TransferPostedDecoder.TemplateId)
            .Select(m =>
            {
                var t = Sbe.TransferPostedDecoder.WrapWithHeader(m.Message, 0);
                return (t.Code, t.CauseSequence, t.Amount.Mantissa);
            })
            .ToList();
        ulong cause = (ulong)fixture.Processor.Sequence;
        Assert.That(posted, Is.EqualTo(new[] { (Sbe.TransferCode.Funding, cause, 5 * OneUsdt), (Sbe.TransferCode.Funding, cause, OneUsdt * 5 / 2) }), "one transfer per holder, in account order, caused by the settlement");

        FundingRateState state = fixture.Processor.Market.Funding(CoreFixture.BtcPerpOnOkx);
        Assert.That(state, Is.EqualTo(new FundingRateState(1, -4, FundingTime, true, new Price(Mark), FundingTime)));
    }

    [Test]
    public void NegativeRate_PaysTheLong_AndChargesTheShort()
    {
        CoreFixture fixture = LongAndShort();
        long longCash = fixture.Available(s_long, "USDT");
        long shortCash = fixture.Available(s_short, "USDT");

        fixture.Funding(CoreFixture.BtcPerp, Mark, rateMantissa: -375, rateExponent: -7, FundingTime);  // -0.00375%

        Assert.That(fixture.Available(s_long, "USDT"), Is.EqualTo(longCash + 187_500_000), "1.00 x 50,000.0 x 0.00375% = 1.875 USDT received");
        Assert.That(fixture.Available(s_short, "USDT"), Is.EqualTo(shortCash - 93_750_000), "0.50 x 50,000.0 x 0.00375% = 0.9375 USDT paid");
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void ASettlementResent_OrOlder_IsAppliedOnce_AlsoAfterASnapshotRestore()
    {
        CoreFixture fixture = LongAndShort();
        fixture.Funding(CoreFixture.BtcPerp, Mark, 1, -4, FundingTime);
        long longCash = fixture.Available(s_long, "USDT");
        long ignored = fixture.Processor.Counters.IgnoredInputs;

        fixture.Funding(CoreFixture.BtcPerp, Mark, 1, -4, FundingTime);
        fixture.Funding(CoreFixture.BtcPerp, Mark, 3, -4, FundingTime - 1);

        Assert.That(fixture.Available(s_long, "USDT"), Is.EqualTo(longCash));
        Assert.That(fixture.Processor.Counters.IgnoredInputs, Is.EqualTo(ignored + 2));
        Assert.That(fixture.Processor.Counters.FundingPayments, Is.EqualTo(2));

        var snapshot = new MemoryStream();
        fixture.Processor.WriteSnapshot(snapshot);
        var restored = new CoreFixture(withMarketMaker: false, restoreFrom: snapshot.ToArray(), continueFrom: fixture);
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(fixture.Processor.StateHash()));
        restored.Funding(CoreFixture.BtcPerp, Mark, 1, -4, FundingTime);
        Assert.That(restored.Available(s_long, "USDT"), Is.EqualTo(longCash), "the restored engine knows the settlement was applied");

        restored.Funding(CoreFixture.BtcPerp, Mark, 1, -4, FundingTime + 1);
        Assert.That(restored.Available(s_long, "USDT"), Is.EqualTo(longCash - (5 * OneUsdt)), "the next funding time settles");
    }

    [Test]
    public void PredictedRate_IsRecorded_AndMovesNoMoney()
    {
        CoreFixture fixture = LongAndShort();
        long longCash = fixture.Available(s_long, "USDT");

        fixture.Funding(CoreFixture.BtcPerp, Mark, 12, -6, FundingTime, settled: false);

        Assert.That(fixture.Available(s_long, "USDT"), Is.EqualTo(longCash));
        Assert.That(fixture.Processor.Counters.FundingPayments, Is.Zero);
        Assert.That(fixture.Processor.Market.Funding(CoreFixture.BtcPerpOnOkx), Is.EqualTo(new FundingRateState(12, -6, FundingTime, false, new Price(Mark), 0)));

        fixture.Funding(CoreFixture.BtcPerp, Mark, 12, -6, FundingTime);
        Assert.That(fixture.Processor.Counters.FundingPayments, Is.EqualTo(2), "a prediction does not count as the settlement");
    }

    [TestCase(1, 500_000L, 1L, -4, "another venue's settlement")]
    [TestCase(2, 0L, 1L, -4, "no mark price")]
    [TestCase(2, 500_000L, 10_000L, -4, "a rate of 100%")]
    [TestCase(2, 500_000L, -10_000L, -4, "a rate of -100%")]
    [TestCase(2, 500_000L, 1L, -19, "an exponent finer than 10^-18")]
    [TestCase(2, 500_000L, 1L, 1, "a positive exponent")]
    public void ASettlementTheEngineMustNotApply_ChangesNothing(int venue, long mark, long rateMantissa, int rateExponent, string what)
    {
        CoreFixture fixture = LongAndShort();
        long longCash = fixture.Available(s_long, "USDT");
        long ignored = fixture.Processor.Counters.IgnoredInputs;

        fixture.Funding(CoreFixture.BtcPerp, mark, rateMantissa, (sbyte)rateExponent, FundingTime, venueId: (ushort)venue);

        Assert.That(fixture.Available(s_long, "USDT"), Is.EqualTo(longCash), what);
        Assert.That(fixture.Processor.Counters.IgnoredInputs, Is.EqualTo(ignored + 1), what);
        Assert.That(fixture.Processor.Market.Funding(CoreFixture.BtcPerpOnOkx), Is.EqualTo(default(FundingRateState)), what);
        Assert.That(fixture.Processor.Counters.FundingPayments, Is.Zero, what);
    }

    [Test]
    public void ASettlementOfASpotInstrument_IsIgnored()
    {
        CoreFixture fixture = LongAndShort();
        long ignored = fixture.Processor.Counters.IgnoredInputs;

        fixture.Funding(CoreFixture.Btc, 5_000_000, 1, -4, FundingTime, venueId: 1);

        Assert.That(fixture.Processor.Counters.IgnoredInputs, Is.EqualTo(ignored + 1));
        Assert.That(fixture.Processor.Counters.FundingPayments, Is.Zero);
    }

    [Test]
    public void AFundingLossBeyondTheDailyLimit_TripsTheKillSwitch_AndCancelsTheAccountsOrders()
    {
        CoreFixture fixture = LongAndShort();
        Assert.That(fixture.Submit(s_long, CoreFixture.BtcPerp, Side.Buy, 490_000, OneBtc), Is.EqualTo(ResultCode.Ok));
        fixture.Report(new OrderId(fixture.Output.NewOrders()[^1].Id), Sbe.ExecType.New);
        long cancels = fixture.Output.CancelRequests().Count;

        // 1.00 long x 50,000.0 x 10% = 5,000 USDT paid; the fixture's maxDailyLoss is 50,000: raise the position first.
        fixture.BuyOrSellFilled(s_long, CoreFixture.BtcPerp, Side.Buy, Mark, 9 * OneBtc);
        fixture.Funding(CoreFixture.BtcPerp, Mark, 1, -1, FundingTime);

        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(s_long), Is.True, "10.00 x 50,000.0 x 10% = 50,000 USDT paid, plus fees");
        Assert.That(fixture.Output.CancelRequests(), Has.Count.EqualTo(cancels + 1), "the resting order is canceled");
        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(s_short), Is.False, "the short received funding");
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void AFundingLossThatTripsTheKillSwitch_CancelsTheAccountsInternalOrders_ReleasingTheirReservations()
    {
        CoreFixture fixture = LongAndShort();
        fixture.Bbo(CoreFixture.InternalSol, 14_990, 10_000, 15_010, 10_000);
        fixture.NewOrder(s_long, CoreFixture.InternalSol, Side.Buy, 15_000, 100);
        fixture.NewOrder(s_short, CoreFixture.InternalSol, Side.Buy, 14_900, 100);
        Assert.That(fixture.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.EqualTo(2));
        fixture.BuyOrSellFilled(s_long, CoreFixture.BtcPerp, Side.Buy, Mark, 9 * OneBtc);
        long breaks = fixture.Processor.Counters.AccountingBreaks;

        // The settlement posts one transfer per holder; the kill switch it trips cancels the long's internal bid in
        // the same input, which posts the release of its reservation: the ids must not meet.
        fixture.Funding(CoreFixture.BtcPerp, Mark, 1, -1, FundingTime);

        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(s_long), Is.True);
        Assert.That(fixture.Processor.Counters.AccountingBreaks, Is.EqualTo(breaks));
        Assert.That(fixture.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.EqualTo(1), "the short's bid stands");
        Assert.That(fixture.Processor.Ledger.BalanceOf(fixture.Processor.Ledger.FindAccount(
            new AccountKey(LedgerOwner.Client(s_long), fixture.Processor.Assets["USDT"], AccountType.Cash))).DebitsPending, Is.Zero, "nothing is held for the canceled bid");
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void APaymentTheAccountsCashCannotCover_IsAnAccountingBreak_AndMovesNothing()
    {
        CoreFixture fixture = LongAndShort();
        long longCash = fixture.Available(s_long, "USDT");

        long shortCash = fixture.Available(s_short, "USDT");

        // 1.00 x 50,000.0 x 99% = 49,500 USDT a settlement, from a long holding 99,950 after its fee: two are covered.
        fixture.Funding(CoreFixture.BtcPerp, Mark, 99, -2, FundingTime);
        fixture.Funding(CoreFixture.BtcPerp, Mark, 99, -2, FundingTime + 1);
        Assert.That(fixture.Processor.Counters.AccountingBreaks, Is.Zero);
        fixture.Funding(CoreFixture.BtcPerp, Mark, 99, -2, FundingTime + 2);

        Assert.That(fixture.Processor.Counters.AccountingBreaks, Is.EqualTo(1), "the third payment overdraws the long's cash");
        Assert.That(fixture.Available(s_long, "USDT"), Is.EqualTo(longCash - (2 * 49_500 * OneUsdt)));
        Assert.That(fixture.Available(s_short, "USDT"), Is.EqualTo(shortCash + (3 * 24_750 * OneUsdt)), "the short is paid all three times regardless");
        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(s_long), Is.True);
        fixture.AssertTrialBalanceIsZero();
    }

    /// <summary>Two traders with 100,000 USDT each: s_long long 1.00 BTC-USDT-PERP, s_short short 0.50, both at 50,000.0.</summary>
    private static CoreFixture LongAndShort()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(s_long, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(s_short, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.BtcPerp, Mark, 1_000, Mark + 10, 1_000);
        fixture.BuyOrSellFilled(s_long, CoreFixture.BtcPerp, Side.Buy, Mark, OneBtc);
        fixture.BuyOrSellFilled(s_short, CoreFixture.BtcPerp, Side.Sell, Mark, OneBtc / 2);
        return fixture;
    }

    /// <summary>Credits minus debits of the account's FundingPnL ledger account: what it paid net of what it received.</summary>
    private static long FundingAccountNet(CoreFixture fixture, AccountId account)
    {
        LedgerAccountId id = fixture.Processor.Ledger.FindAccount(new AccountKey(LedgerOwner.Client(account), fixture.Processor.Assets["USDT"], AccountType.FundingPnL));
        return id.IsNone ? 0 : fixture.Processor.Ledger.BalanceOf(id).NetCredit;
    }
}
