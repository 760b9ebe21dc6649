using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// What a venue's gateway says of its feed and its session reaches the BLP as journaled inputs: a stale book (the
/// sample market maker pulls its quotes), a resync, a gateway that died (a venue that keeps its orders leaves them
/// unknown, not canceled).
/// </summary>
public sealed class VenueStateTests
{
    private const long OneBtc = 100_000_000;          // ledger units (8 decimals)
    private const long OneUsdt = 100_000_000;
    private const ushort Sim = 1;
    private const ushort OkxSwap = 2;

    [Test]
    public void AStaleBook_MakesTheMarketMakerPullItsQuotes_AndAResyncLetsItQuoteAgain()
    {
        CoreFixture fixture = FundedMaker();
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        var quotes = fixture.Output.NewOrders();
        Assert.That(quotes, Has.Count.EqualTo(2));
        foreach (var quote in quotes)
        {
            fixture.Report(new OrderId(quote.Id), Sbe.ExecType.New);
        }

        fixture.Output.Clear();
        fixture.SequenceGap(Sim, CoreFixture.Btc);
        Assert.That(fixture.Output.CancelRequests(), Is.EquivalentTo(quotes.Select(q => q.Id)), "no quotes on a book that may be wrong");
        foreach (var quote in quotes)
        {
            fixture.Report(new OrderId(quote.Id), Sbe.ExecType.Canceled);
        }

        fixture.Output.Clear();
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_200, 100_000);
        Assert.That(fixture.Output.NewOrders(), Is.Empty, "still stale: new quotes wait for the resync");

        fixture.Resync(Sim, CoreFixture.Btc);
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(2), "fresh again: it quotes");
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void AFeedMessage_NamingNothingTheEngineKnows_IsIgnored()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.SequenceGap(99, CoreFixture.Btc);
        fixture.SequenceGap(OkxSwap, CoreFixture.Btc);
        Assert.That(fixture.Processor.Counters.IgnoredInputs, Is.EqualTo(2), "an unknown venue; a venue that does not list the instrument");
        Assert.That(fixture.Processor.Counters.FeedGaps, Is.Zero);
    }

    [Test]
    public void AGatewayOfAVenueThatKeepsOrders_Dying_LeavesTheirFateUnknown_UntilTheVenueReportsIt()
    {
        // OKX swaps are not configured to cancel a dropped session's orders (a REST venue keeps them working).
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.BtcPerp, 500_000, 1_000, 500_010, 1_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Buy, 499_000, 100, clientOrderId: 1);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Buy, 498_000, 100, clientOrderId: 2);
        var orders = fixture.Output.NewOrders().Select(o => new OrderId(o.Id)).ToArray();
        long held = fixture.Available(CoreFixture.Trader, "USDT");

        fixture.Disconnected("venue:OKX_SWAP");

        Assert.That(fixture.Processor.Orders.Count, Is.EqualTo(2), "not canceled: the venue may still fill them");
        Assert.That(orders.Select(o => StateOf(fixture, o)), Is.All.EqualTo(OrderState.Unknown));
        Assert.That(fixture.Processor.Counters.UnknownOnDisconnect, Is.EqualTo(2));
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo(held), "their margin stays reserved");

        fixture.Report(orders[0], Sbe.ExecType.Trade, lastPrice: 499_000, lastQuantity: 100, venue: OkxSwap);
        fixture.Report(orders[1], Sbe.ExecType.Canceled, venue: OkxSwap);
        Assert.That(fixture.Processor.Orders.Count, Is.Zero, "the reconnected gateway's reports said what became of them");
        Assert.That(fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.BtcPerp).Quantity.Units, Is.EqualTo(100));
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void AnOrder_TheLedgerCannotReserve_IsRefusedByTheReservation_FeeIncluded_AndTakesNoOrderToken()
    {
        // 0.1 BTC at 50,000 costs 5,000 USDT plus a 5 USDT taker fee: 5,000 USDT covers the notional, not the fee.
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 5_000 * OneUsdt);
        fixture.AccountLimit(CoreFixture.Trader, Sbe.RiskLimitType.MaxOrdersPerSecond, 1);
        fixture.AccountLimit(CoreFixture.Trader, Sbe.RiskLimitType.OrderBurst, 1);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);

        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 5_000_000, 10_000), Is.EqualTo(ResultCode.ExceedsCredits));
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 4_990_000, 10_000), Is.EqualTo(ResultCode.Ok), "the refused order took no token of the burst of one");
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 4_980_000, 100), Is.EqualTo(ResultCode.AccountOrderRate));
    }

    [Test]
    public void APerpetualOrder_ReservesTheMarginOfWhatItOpens_AndAClosingOrderNone()
    {
        // The fixture's BTC-USDT-PERP: multiplier 1, quantity scale 2, 10 % initial margin: 1.00 at 50,000.0 is a
        // notional of 50,000 USDT and holds 5,000.
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.BtcPerp, 500_000, 1_000, 500_010, 1_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Buy, 500_000, 100);
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo((100_000 - 5_000) * OneUsdt), "10 % of 50,000 held");
        var buy = new OrderId(fixture.Output.NewOrders().Single().Id);
        fixture.Report(buy, Sbe.ExecType.New, venue: OkxSwap);
        fixture.Report(buy, Sbe.ExecType.Trade, lastPrice: 500_000, lastQuantity: 40, maker: false, venue: OkxSwap);
        long fee = 40 * OneUsdt / 2;   // 20,000 x 10 bps
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo(((100_000 - 3_000) * OneUsdt) - fee), "the rest of the order holds the margin of its 0.60");

        fixture.Output.Clear();
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Sell, 500_010, 40, clientOrderId: 2);
        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(1));
        Assert.That(fixture.Available(CoreFixture.Trader, "USDT"), Is.EqualTo(((100_000 - 3_000) * OneUsdt) - fee), "closing the 0.40 held needs no margin");
        fixture.AssertTrialBalanceIsZero();
    }

    [Test]
    public void AVersionOneOrder_NamingNoVenue_GoesToTheInstrumentsTradedVenue()
    {
        // A client order as a version 1 gateway (or journal) wrote it: 68-byte block, no venueId.
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        byte[] message = new byte[Sbe.EngineSchema.HeaderLength + Sbe.NewOrderEncoder.BlockLength];
        var order = Sbe.NewOrderEncoder.WrapAndApplyHeader(message, 0);
        order.ClientOrderId = 5;
        order.AccountId = (ulong)CoreFixture.Trader.Value;
        order.Price.SetMantissa(5_000_000);
        order.StopPrice.SetMantissa(Sbe.PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(1_000);
        order.ExpireTime = Sbe.NewOrderEncoder.ExpireTimeNullValue;
        order.InstrumentId = (uint)CoreFixture.Btc.Value;
        order.Side = Sbe.Side.Buy;
        order.OrderType = Sbe.OrderType.Limit;
        order.TimeInForce = Sbe.TimeInForce.GoodTillCancel;
        var header = new Sbe.MessageHeaderEncoder(message, 0);
        header.Version = 1;
        header.BlockLength = 68;

        fixture.Raw(message.AsSpan(0, Sbe.EngineSchema.HeaderLength + 68));

        Assert.That(fixture.Output.NewOrders(), Has.Count.EqualTo(1));
        Assert.That(Sbe.NewOrderDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.NewOrderDecoder.TemplateId).Single(), 0).VenueId, Is.EqualTo(Sim));
    }

    [Test]
    public void AVersionOneReport_RejectReason_IsReadAsTheCodeItMeant()
    {
        // Version 1's RejectReason 3001 was UnknownOrderId; in the registry 3001 is PriceNotOnTick.
        var updates = new List<OrderUpdate>();
        var strategy = new StrategyDefinition(new Engine.Risk.StrategyId(2), CoreFixture.Trader, "recorder", () => new ReactingStrategy(CoreFixture.BtcOnSim, context => context.SubmitLimit(CoreFixture.BtcOnSim, Side.Buy, new Price(4_990_000), new Quantity(1_000)), (_, update) => updates.Add(update)));
        var fixture = new CoreFixture(withMarketMaker: false, strategies: [strategy]);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        var id = new OrderId(fixture.Output.NewOrders().Single().Id);
        byte[] message = new byte[Sbe.EngineSchema.HeaderLength + Sbe.ExecutionReportEncoder.BlockLength];
        var report = Sbe.ExecutionReportEncoder.WrapAndApplyHeader(message, 0);
        report.ClientOrderId = (ulong)id.Value;
        report.OrigClientOrderId = (ulong)id.Value;
        report.Price.SetMantissa(Sbe.PriceOptionalEncoder.MantissaNullValue);
        report.LastPrice.SetMantissa(Sbe.PriceOptionalEncoder.MantissaNullValue);
        report.ExecType = Sbe.ExecType.Rejected;
        report.OrderStatus = Sbe.OrderStatus.Rejected;
        report.RejectReason = (Sbe.ResultCode)3001;
        report.IsMaker = Sbe.BooleanType.False;
        var header = new Sbe.MessageHeaderEncoder(message, 0);
        header.Version = 1;
        header.BlockLength = 113;

        fixture.Raw(message.AsSpan(0, Sbe.EngineSchema.HeaderLength + 113));

        Assert.That(updates.Last(), Is.EqualTo(updates.Last() with { State = OrderState.Rejected, RejectCode = ResultCode.UnknownOrder }));
    }

    [Test]
    public void AVenuesRefusal_ShowsTheStrategyTheVenuesOwnWords_OnlyDuringThatUpdate()
    {
        var texts = new List<string>();
        var strategy = new StrategyDefinition(new Engine.Risk.StrategyId(2), CoreFixture.Trader, "recorder", () => new ReactingStrategy(CoreFixture.BtcOnSim, context => context.SubmitLimit(CoreFixture.BtcOnSim, Side.Buy, new Price(4_990_000), new Quantity(1_000)), (context, update) => texts.Add(update.State + ": " + System.Text.Encoding.UTF8.GetString(context.VenueText))));
        var fixture = new CoreFixture(withMarketMaker: false, strategies: [strategy]);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        var id = new OrderId(fixture.Output.NewOrders().Single().Id);
        string longText = "-2010 " + new string('\u00e9', 150); // 2 bytes a character: cut at 256 bytes, on a character boundary

        fixture.Report(id, Sbe.ExecType.New);
        fixture.Report(id, Sbe.ExecType.Rejected, reason: Sbe.ResultCode.VenueInsufficientBalance, text: longText);

        Assert.That(texts, Has.Count.EqualTo(2));
        Assert.That(texts[0], Is.EqualTo("Working: "));
        Assert.That(texts[1], Is.EqualTo("Rejected: " + longText[..131]), "6 ASCII bytes + 125 two-byte characters = 256 bytes");
    }

    [Test]
    public void AFillReportedAgain_WithTheCumulativeQuantityAlreadyCounted_IsNotAppliedTwice()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 4_990_000, 1_000);
        var id = new OrderId(fixture.Output.NewOrders().Single().Id);
        fixture.Report(id, Sbe.ExecType.New);

        fixture.Report(id, Sbe.ExecType.Trade, lastPrice: 4_990_000, lastQuantity: 400, cumulative: 400);
        fixture.Report(id, Sbe.ExecType.Trade, lastPrice: 4_990_000, lastQuantity: 400, cumulative: 400); // a restarted gateway re-reads its trades
        fixture.Report(id, Sbe.ExecType.Trade, lastPrice: 4_990_000, lastQuantity: 600, cumulative: 1_000);
        fixture.Report(id, Sbe.ExecType.Trade, lastPrice: 4_990_000, lastQuantity: 600, cumulative: 1_000);

        Assert.That(fixture.Processor.Counters.Fills, Is.EqualTo(2));
        Assert.That(fixture.Processor.Counters.DuplicateFills, Is.EqualTo(1), "the last repeat names an order already closed: an unknown report");
        Assert.That(fixture.Processor.Counters.OrdersFilled, Is.EqualTo(1));
        Assert.That(fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.Btc).Quantity.Units, Is.EqualTo(1_000));
    }

    private static CoreFixture FundedMaker()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * OneUsdt);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", OneBtc);
        return fixture;
    }

    private static OrderState StateOf(CoreFixture fixture, OrderId id)
    {
        for (int i = 0; i < fixture.Processor.Orders.SlotCount; i++)
        {
            if (fixture.Processor.Orders.SlotAt(i).Id == id)
            {
                return fixture.Processor.Orders.SlotAt(i).State;
            }
        }

        throw new AssertionException($"order {id} is not open");
    }
}
