using Engine.Ledger.Accounts;
using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Ledger.Tests;

[TestFixture]
public sealed class TradingPostingsTests
{
    private static readonly AccountId s_alice = new(1);
    private static readonly VenueId s_venue = new(3);
    private static readonly AssetId s_usdt = new(1);
    private static readonly AssetId s_btc = new(2);
    private static readonly AssetId s_btcPerp = new(10);

    private TradingPostings _postings = null!;

    private Ledger Ledger => _postings.Ledger;

    [SetUp]
    public void CreateLedger() => _postings = new TradingPostings(new Ledger());

    [Test]
    public void Deposit_CreditsClientCash_FromTheWorld()
    {
        Assert.That(_postings.Deposit(s_alice, s_usdt, new Amount(1_000), new TransferId(1), 1), Is.EqualTo(LedgerResult.Ok));
        Assert.That(Cash(s_usdt).NetCredit, Is.EqualTo(1_000));
        AssertBalanced();
    }

    [Test]
    public void WithdrawalBeyondTheBalance_IsRejected()
    {
        _postings.Deposit(s_alice, s_usdt, new Amount(100), new TransferId(1), 1);
        Assert.That(_postings.Withdraw(s_alice, s_usdt, new Amount(101), new TransferId(2), 2), Is.EqualTo(LedgerResult.ExceedsCredits));
        Assert.That(_postings.Withdraw(s_alice, s_usdt, new Amount(100), new TransferId(3), 3), Is.EqualTo(LedgerResult.Ok));
        Assert.That(Cash(s_usdt).NetCredit, Is.Zero);
    }

    [Test]
    public void ReservedBuyOrder_FilledTwiceThenCanceled_PostsTheFillsAndReleasesTheRest()
    {
        _postings.Deposit(s_alice, s_usdt, new Amount(10_000), new TransferId(1), 1);

        // Buy 3 BTC at 1,000: reserve 3,000 plus fee headroom of 30.
        Assert.That(_postings.Reserve(s_alice, s_venue, s_usdt, new Amount(3_030), new TransferId(10), orderId: 77, 2), Is.EqualTo(LedgerResult.Ok));
        Assert.That(Cash(s_usdt).AvailableCredit, Is.EqualTo(6_970));

        var first = new SpotFill(s_alice, s_venue, Side.Buy, s_btc, s_usdt, new Amount(1), new Amount(1_000), s_usdt, new Amount(10), TradeId: 501, new TransferId(10), new Amount(2_020));
        Assert.That(_postings.PostSpotFill(first, new TransferId(20), 3, out _), Is.EqualTo(LedgerResult.Ok));
        var second = first with { TradeId = 502, Reservation = new TransferId(23), ReservationRemainder = new Amount(1_010) };
        Assert.That(_postings.PostSpotFill(second, new TransferId(30), 4, out _), Is.EqualTo(LedgerResult.Ok));
        Assert.That(_postings.ReleaseReservation(new TransferId(33), new TransferId(40), 5), Is.EqualTo(LedgerResult.Ok));

        Assert.That(Cash(s_usdt), Is.EqualTo(new AccountBalance(0, 2_020, 0, 10_000)), "2 x (1,000 + 10 fee) spent, nothing reserved");
        Assert.That(Cash(s_btc).NetCredit, Is.EqualTo(2));
        Assert.That(Ledger.BalanceOf(_postings.Account(LedgerOwner.Client(s_alice), s_usdt, AccountType.Fees)).NetCredit, Is.EqualTo(20));
        AssertBalanced();
    }

    [Test]
    public void SpotFillThatCannotBePaid_IsRejectedWhole()
    {
        _postings.Deposit(s_alice, s_usdt, new Amount(1_005), new TransferId(1), 1);
        var fill = new SpotFill(s_alice, s_venue, Side.Buy, s_btc, s_usdt, new Amount(1), new Amount(1_000), s_usdt, new Amount(10), TradeId: 1);

        Assert.That(_postings.PostSpotFill(fill, new TransferId(10), 2, out _), Is.EqualTo(LedgerResult.ExceedsCredits));

        Assert.That(Cash(s_usdt).NetCredit, Is.EqualTo(1_005));
        Assert.That(Cash(s_btc).NetCredit, Is.Zero, "the base leg was rolled back with the chain");
    }

    [Test]
    public void SpotSell_MovesBaseOutAndQuoteIn()
    {
        _postings.Deposit(s_alice, s_btc, new Amount(5), new TransferId(1), 1);
        var fill = new SpotFill(s_alice, s_venue, Side.Sell, s_btc, s_usdt, new Amount(2), new Amount(2_000), s_usdt, Amount.Zero, TradeId: 1);

        Assert.That(_postings.PostSpotFill(fill, new TransferId(10), 2, out _), Is.EqualTo(LedgerResult.Ok));

        Assert.That(Cash(s_btc).NetCredit, Is.EqualTo(3));
        Assert.That(Cash(s_usdt).NetCredit, Is.EqualTo(2_000));
        AssertBalanced();
    }

    [Test]
    public void PerpetualRoundTrip_MovesPositionMarginAndRealisedPnL()
    {
        _postings.Deposit(s_alice, s_usdt, new Amount(1_000), new TransferId(1), 1);
        var open = new PerpFill(s_alice, s_venue, Side.Buy, s_btcPerp, s_usdt, new Amount(4), new Amount(400), Amount.Zero, new Amount(2), TradeId: 1);
        Assert.That(_postings.PostPerpFill(open, new TransferId(10), 2), Is.EqualTo(LedgerResult.Ok));
        Assert.That(Ledger.BalanceOf(Position()).NetCredit, Is.EqualTo(4), "long 4 contracts");
        Assert.That(Cash(s_usdt).NetCredit, Is.EqualTo(598));

        // Close at a loss of 650: more than the free cash, paid from the margin released by the same fill.
        var close = new PerpFill(s_alice, s_venue, Side.Sell, s_btcPerp, s_usdt, new Amount(4), new Amount(-400), new Amount(-650), new Amount(2), TradeId: 2);
        Assert.That(_postings.PostPerpFill(close, new TransferId(20), 3), Is.EqualTo(LedgerResult.Ok));

        Assert.That(Ledger.BalanceOf(Position()).NetCredit, Is.Zero);
        Assert.That(Cash(s_usdt).NetCredit, Is.EqualTo(1_000 - 2 - 650 - 2));
        Assert.That(Ledger.BalanceOf(_postings.Account(LedgerOwner.Client(s_alice), s_usdt, AccountType.RealisedPnL)).NetCredit, Is.EqualTo(650), "a loss flows into the P&L account");
        AssertBalanced();
    }

    [Test]
    public void Funding_ReceivedAndPaid_MovesCashAgainstTheFundingAccount()
    {
        _postings.Deposit(s_alice, s_usdt, new Amount(100), new TransferId(1), 1);
        Assert.That(_postings.PostFunding(s_alice, s_usdt, new Amount(15), new TransferId(2), 2), Is.EqualTo(LedgerResult.Ok));
        Assert.That(_postings.PostFunding(s_alice, s_usdt, new Amount(-40), new TransferId(3), 3), Is.EqualTo(LedgerResult.Ok));
        Assert.That(Cash(s_usdt).NetCredit, Is.EqualTo(75));
        AssertBalanced();
    }

    private AccountBalance Cash(AssetId asset) => Ledger.BalanceOf(_postings.Account(LedgerOwner.Client(s_alice), asset, AccountType.Cash));

    private LedgerAccountId Position() => _postings.Account(LedgerOwner.Client(s_alice), s_btcPerp, AccountType.Position);

    private void AssertBalanced() => Assert.That(Ledger.ComputeTrialBalance().IsBalanced, Is.True);
}
