using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>The BLP from inputs to outputs: strategy quoting, pre-trade risk, ledger reservations and fills, admin inputs.</summary>
[TestFixture]
public sealed class BusinessLogicProcessorTests
{
    private const long OneBtc = 100_000_000;          // ledger units (8 decimals)
    private const long OneUsdt = 100_000_000;

    [Test]
    public void MarketMaker_QuotesBothSides_AroundTheMid_PostOnly_WhenFunded()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", 1 * OneBtc);

        fixture.Bbo(CoreFixture.Btc, bid: 5_000_000, bidQuantity: 100_000, ask: 5_000_100, askQuantity: 100_000);

        var orders = fixture.Output.NewOrders();
        Assert.That(orders, Has.Count.EqualTo(2));
        Assert.That(orders[0], Is.EqualTo((1L, Sbe.Side.Buy, 5_000_050L - 50, 10_000L, Sbe.OrderFlags.PostOnly)));
        Assert.That(orders[1], Is.EqualTo((2L, Sbe.Side.Sell, 5_000_050L + 50, 10_000L, Sbe.OrderFlags.PostOnly)));
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void AcceptedBuy_ReservesNotionalPlusTakerFee_AndCancelReleasesIt()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);

        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, price: 5_000_000, quantity: 10_000);   // 0.1 BTC at 50,000.00

        // 5,000 USDT reserved plus the 10 bps taker fee on it (5 USDT).
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo((10_000 - 5_005) * OneUsdt));
        long id = fixture.Output.NewOrders().Single().Id;
        fixture.Report(new OrderId(id), Sbe.ExecType.New);
        fixture.Report(new OrderId(id), Sbe.ExecType.Canceled);

        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo(10_000 * OneUsdt));
        Assert.That(fixture.Processor.Orders.Count, Is.Zero);
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void PartialThenFullFill_MovesBaseAndQuote_ChargesTheFee_AndUpdatesThePosition()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, price: 5_000_000, quantity: 10_000);
        var id = new OrderId(fixture.Output.NewOrders().Single().Id);
        fixture.Report(id, Sbe.ExecType.New);

        fixture.Report(id, Sbe.ExecType.Trade, lastPrice: 4_999_000, lastQuantity: 4_000, maker: true);   // 0.04 at 49,990
        fixture.AssertTrialBalanceIsZero();
        fixture.Report(id, Sbe.ExecType.Trade, lastPrice: 5_000_000, lastQuantity: 6_000, maker: false);  // 0.06 at 50,000

        // Spent 1,999.60 + 3,000.00; maker fee 2 bps of 1,999.60 = 0.39992; taker fee 10 bps of 3,000 = 3.
        long spent = (199_960_000_000L + 300_000_000_000L) + 39_992_000L + 300_000_000L;
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo((10_000 * OneUsdt) - spent));
        Assert.That(fixture.Available(CoreFixture.Trader, "BTC"), Is.EqualTo(OneBtc / 10));
        Assert.That(fixture.Processor.Risk.Report(CoreFixture.Trader, CoreFixture.Btc).Quantity, Is.EqualTo(new Quantity(10_000)));
        Assert.That(fixture.Processor.Orders.Count, Is.Zero, "a filled order is closed");
        Assert.That(fixture.Processor.Counters.AccountingBreaks, Is.Zero);
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void SellWithoutTheBase_IsRejectedByPreTradeRisk_AndNothingIsSent()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);

        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Sell, price: 5_000_100, quantity: 10_000);

        Assert.That(fixture.Output.NewOrders(), Is.Empty);
        var reject = Sbe.RejectDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Single(), 0);
        Assert.That(reject.Reason, Is.EqualTo(Sbe.ResultCode.ExceedsCredits));
        Assert.That(reject.ClientOrderId, Is.EqualTo(77UL));
        Assert.That(fixture.Processor.Counters.OrdersRejected, Is.EqualTo(1));
    }

    [Test]
    public void OrderOutsideThePriceBand_IsRejected()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);

        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, price: 5_400_000, quantity: 10_000);   // 8% above the mid

        var reject = Sbe.RejectDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Single(), 0);
        Assert.That(reject.Reason, Is.EqualTo(Sbe.ResultCode.PriceOutsideBand));
    }

    [Test]
    public void GlobalKillSwitch_CancelsEveryOpenOrder_AndRefusesNewOnes()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneBtc);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        var quotes = fixture.Output.NewOrders();
        foreach (var quote in quotes)
        {
            fixture.Report(new OrderId(quote.Id), Sbe.ExecType.New);
        }

        fixture.Kill(Sbe.KillScope.All, 0);

        Assert.That(fixture.Output.CancelRequests(), Is.EquivalentTo(quotes.Select(q => q.Id)));
        fixture.Output.Clear();
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000);
        Assert.That(fixture.Output.NewOrders(), Is.Empty);
        Assert.That(Sbe.RejectDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Single(), 0).Reason, Is.EqualTo(Sbe.ResultCode.GlobalKillSwitch));
    }

    [Test]
    public void DeadManSwitch_WithoutAHeartbeat_CancelsOpenOrdersAtTheNextTimer()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneBtc);
        fixture.Heartbeat(timeoutNanos: 5_000_000_000);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(2));

        fixture.Timer(advanceNanos: 1_000_000_000);
        Assert.That(fixture.Output.CancelRequests(), Is.Empty, "within the interval nothing happens");
        fixture.Timer(advanceNanos: 10_000_000_000);

        Assert.That(fixture.Output.CancelRequests(), Has.Count.EqualTo(2));
        Assert.That(fixture.Processor.Risk.DeadManSwitchFired, Is.True);
    }

    [Test]
    public void VenueReject_ReleasesTheReservation()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000);

        fixture.Report(new OrderId(fixture.Output.NewOrders().Single().Id), Sbe.ExecType.Rejected, reason: Sbe.ResultCode.PostOnlyWouldTake);

        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo(10_000 * OneUsdt));
        Assert.That(fixture.Processor.Orders.Count, Is.Zero);
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void FillLargerThanTheOrder_IsAnAccountingBreak_ThatStopsTheAccount()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000);
        var id = new OrderId(fixture.Output.NewOrders().Single().Id);

        fixture.Report(id, Sbe.ExecType.Trade, lastPrice: 5_000_000, lastQuantity: 20_000);

        Assert.That(fixture.Processor.Counters.AccountingBreaks, Is.EqualTo(1));
        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(CoreFixture.Trader), Is.True);
        Assert.That(fixture.Output.CancelRequests(), Is.EqualTo(new[] { id.Value }));
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void MalformedInputs_AreCountedAndChangeNothingElse()
    {
        var fixture = new CoreFixture();
        fixture.Raw([1, 2, 3]);
        fixture.Raw([8, 0, 200, 0, 99, 0, 0, 0]);          // schema id 99
        byte[] truncated = new byte[12];
        var header = new Sbe.MessageHeaderEncoder(truncated, 0);
        header.BlockLength = Sbe.BestBidOfferEncoder.BlockLength;
        header.TemplateId = Sbe.BestBidOfferEncoder.TemplateId;
        header.SchemaId = Sbe.EngineSchema.Id;
        header.Version = 0;
        fixture.Raw(truncated);

        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.EqualTo(3));
        Assert.That(fixture.Output.Count, Is.Zero);
    }

    [Test]
    public void StrategyParameterChange_IsApplied_AndAnInvalidOneIsCountedAsRefused()
    {
        var fixture = new CoreFixture();
        fixture.Parameter(CoreFixture.MakerStrategy, "halfSpreadTicks", "80");
        fixture.Parameter(CoreFixture.MakerStrategy, "halfSpreadTicks", "-3");
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneBtc);

        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);

        Assert.That(fixture.Output.NewOrders()[0].Price, Is.EqualTo(5_000_050 - 80));
        Assert.That(fixture.Processor.Counters.AdminRefused, Is.EqualTo(1));
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
    }

    [Test]
    public void EveryLedgerTransfer_IsPublishedAsTransferPosted_WithItsCause()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000);
        fixture.Report(new OrderId(fixture.Output.NewOrders().Single().Id), Sbe.ExecType.Canceled);

        var posted = fixture.Output.OfType(Sbe.TransferPostedDecoder.TemplateId)
            .Select(bytes =>
            {
                var t = Sbe.TransferPostedDecoder.WrapWithHeader(bytes, 0);
                return (t.Code, t.CauseSequence, t.Amount.Mantissa, t.Flags, t.PostingCode);
            })
            .ToList();

        Assert.That(posted.Count, Is.EqualTo(fixture.Processor.Ledger.TransferCount), string.Join("; ", posted));
        Assert.That(posted[0], Is.EqualTo((Sbe.TransferCode.Deposit, 1UL, 10_000 * OneUsdt, (ushort)0, (ushort)1)));
        Assert.That(posted[1].Code, Is.EqualTo(Sbe.TransferCode.Reservation));
        Assert.That(posted[1].CauseSequence, Is.EqualTo(3UL), "the reservation is caused by the order input");
        Assert.That(posted[2].Code, Is.EqualTo(Sbe.TransferCode.Reservation), string.Join("; ", posted));
        Assert.That(posted[2].Flags & 8, Is.EqualTo(8), "the cancel voids the reservation");
    }

    [Test]
    public void RiskLimitChange_AppliesToTheNextOrder()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);

        fixture.LimitChange(CoreFixture.Btc, Sbe.RiskLimitType.MaxOrderQuantity, 5_000);   // 0.05 BTC
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000);

        Assert.That(fixture.Output.NewOrders(), Is.Empty);
        Assert.That(Sbe.RejectDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Single(), 0).Reason, Is.EqualTo(Sbe.ResultCode.MaxOrderSize));
        Assert.That(fixture.Processor.Risk.GetInstrumentLimits(CoreFixture.Btc).MaxOrderSize, Is.EqualTo(new Quantity(5_000)));
    }

    [Test]
    public void ClientAmend_HoldsTheNewNeedsUntilTheVenueConfirms_ThenReleasesTheOldReservation()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 10_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000);
        var id = new OrderId(fixture.Output.NewOrders().Single().Id);
        fixture.Report(id, Sbe.ExecType.New);

        fixture.Amend(CoreFixture.Trader, id, price: 4_990_000, quantity: 5_000);    // 0.05 at 49,900

        Assert.That(fixture.Output.OfType(Sbe.AmendOrderDecoder.TemplateId).Count(), Is.EqualTo(1));
        long both = 5_005 * OneUsdt + (2_495 * OneUsdt) + 249_500_000;      // old hold + new hold (2,495 + 10 bps)
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo((10_000 * OneUsdt) - both));
        fixture.Report(id, Sbe.ExecType.Replaced);

        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo((10_000 * OneUsdt) - (2_495 * OneUsdt) - 249_500_000));
        Assert.That(fixture.Processor.OrderPrice(id), Is.EqualTo(new Price(4_990_000)));
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void VenueGatewayDisconnected_ClosesThatVenuesOpenOrders_AndReleasesTheirReservations()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneBtc);
        long usdt = fixture.Available(CoreFixture.MakerAccount, "USDT");
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        Assert.That(fixture.Processor.Orders.Count, Is.EqualTo(2));

        fixture.Disconnected("venue:OKX_SWAP");
        Assert.That(fixture.Processor.Orders.Count, Is.EqualTo(2), "another venue's disconnect leaves SIM's orders alone");
        fixture.Disconnected("venue:SIM");

        Assert.That(fixture.Processor.Orders.Count, Is.Zero);
        Assert.That(fixture.Processor.Counters.CanceledOnDisconnect, Is.EqualTo(2));
        Assert.That(fixture.Available(CoreFixture.MakerAccount, "USDT"), Is.EqualTo(usdt));
        Assert.That(fixture.Output.CancelRequests(), Is.Empty, "the venue is gone: nothing to send it");
        fixture.AssertTrialBalanceIsZero();
    }
}
