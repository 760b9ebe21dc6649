using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Internal crossing: SOL-USDT is traded on the fixture's internal venue, so its orders match inside the BLP (prices
/// with 2 decimals, quantities with 2: 15000 is 150.00 USDT, 100 is 1.00 SOL).
/// </summary>
[TestFixture]
public sealed class InternalCrossingTests
{
    public static readonly AccountId Seller = new(2);
    public static readonly AccountId Buyer = new(3);
    public static readonly AccountId Third = new(4);
    private const long Usdt = 100_000_000;
    private const long Sol = 100_000_000;

    private CoreFixture _f = null!;

    public static readonly AccountId StrategyAccount = new(5);

    [SetUp]
    public void Fund() => _f = FundedFixture(null);

    private static CoreFixture FundedFixture(Strategy? strategy)
    {
        StrategyDefinition[] strategies = strategy is null ? [] : [new StrategyDefinition(new StrategyId(2), StrategyAccount, "reacting", () => strategy)];
        var fixture = new CoreFixture(withMarketMaker: false, strategies: strategies);
        foreach (AccountId account in new[] { Seller, Buyer, Third, StrategyAccount })
        {
            fixture.Deposit(account, "USDT", 100_000 * Usdt);
            fixture.Deposit(account, "SOL", 1_000 * Sol);
        }

        fixture.Bbo(CoreFixture.InternalSol, 14_990, 10_000, 15_010, 10_000);
        fixture.Output.Clear();
        return fixture;
    }

    [Test]
    public void CrossingOrder_TradesWithAnotherAccountsRestingOrder_AtItsPrice_InsideTheEngine()
    {
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_000, 200);
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_100, 150);

        Assert.That(_f.Output.OfType(Sbe.NewOrderDecoder.TemplateId), Is.Empty, "an internal order never goes to a venue");
        List<Report> reports = Reports();
        Assert.That(reports.Select(r => (r.Account, r.Type, r.LastPrice, r.LastQuantity, r.Leaves, r.Status)), Is.EqualTo(new[]
        {
            (Seller.Value, Sbe.ExecType.New, (long?)null, 0L, 200L, Sbe.OrderStatus.New),
            (Buyer.Value, Sbe.ExecType.New, null, 0L, 150L, Sbe.OrderStatus.New),
            (Buyer.Value, Sbe.ExecType.Trade, 15_000L, 150L, 0L, Sbe.OrderStatus.Filled),
            (Seller.Value, Sbe.ExecType.Trade, 15_000L, 150L, 50L, Sbe.OrderStatus.PartiallyFilled),
        }));
        Assert.That(reports[2].IsMaker, Is.False);
        Assert.That(reports[3].IsMaker, Is.True);
        Assert.That(reports.Select(r => r.ExecId).Distinct().Count(), Is.EqualTo(reports.Count), "execution ids are unique");

        // 1.50 SOL for 225.00 USDT, no fees on the internal venue; the seller's rest still holds 0.50 SOL.
        Assert.That(_f.Available(Buyer, "SOL"), Is.EqualTo(1_001_50_000_000));
        Assert.That(_f.Available(Buyer, "USDT"), Is.EqualTo((100_000 - 225) * Usdt));
        Assert.That(_f.Available(Seller, "SOL"), Is.EqualTo(998 * Sol));
        Assert.That(_f.Available(Seller, "USDT"), Is.EqualTo((100_000 + 225) * Usdt));
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.EqualTo(1));
        _f.AssertInternalVenueNetsToZero();
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void OrderOfTheSameAccount_NeverTradesWithItsOwnRestingOrder()
    {
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_000, 100);
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Buy, 15_000, 100);

        List<Report> reports = Reports();
        Assert.That(reports.Select(r => (r.Type, r.Side)), Is.EqualTo(new[]
        {
            (Sbe.ExecType.New, Sbe.Side.Sell),
            (Sbe.ExecType.New, Sbe.Side.Buy),
            (Sbe.ExecType.Canceled, Sbe.Side.Buy),
        }));
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.EqualTo(1), "the resting sell stands");
        Assert.That(_f.Available(Seller, "USDT"), Is.EqualTo(100_000 * Usdt), "the canceled buy released its reservation");
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void IocRemainder_IsCanceled_AndAFillOrKillThatCannotFill_IsRejected()
    {
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_000, 100);
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_000, 300, timeInForce: Sbe.TimeInForce.ImmediateOrCancel);
        _f.NewOrder(Third, CoreFixture.InternalSol, Side.Buy, 15_000, 300, timeInForce: Sbe.TimeInForce.FillOrKill);

        List<Report> buyer = Reports().Where(r => r.Account == Buyer.Value).ToList();
        Assert.That(buyer.Select(r => (r.Type, r.LastQuantity, r.Cumulative)), Is.EqualTo(new[]
        {
            (Sbe.ExecType.New, 0L, 0L), (Sbe.ExecType.Trade, 100L, 100L), (Sbe.ExecType.Canceled, 0L, 100L),
        }));
        Report third = Reports().Single(r => r.Account == Third.Value);
        Assert.That((third.Type, third.Status, third.Reason), Is.EqualTo((Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, Sbe.ResultCode.FillOrKillNotFillable)));
        Assert.That(_f.Available(Buyer, "USDT"), Is.EqualTo((100_000 - 150) * Usdt), "the IOC's unfilled part was released");
        Assert.That(_f.Available(Third, "USDT"), Is.EqualTo(100_000 * Usdt));
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.Zero);
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void CancelAndAmend_OfAnInternalOrder_ApplyAtOnce_AndAnAmendThatCrossesTrades()
    {
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_050, 100);
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 14_900, 200);
        OrderId sell = new(Reports()[0].OrderId);
        OrderId buy = new(Reports()[1].OrderId);

        // Smaller at the same price: replaced in place. Then up to the seller's price: it trades 1.00 there.
        _f.Amend(Buyer, buy, 14_900, 150);
        _f.Amend(Buyer, buy, 15_050, 150);
        List<Report> buyer = Reports().Where(r => r.Account == Buyer.Value).ToList();
        Assert.That(buyer.Select(r => (r.Type, r.Price, r.Leaves)), Is.EqualTo(new[]
        {
            (Sbe.ExecType.New, (long?)14_900, 200L),
            (Sbe.ExecType.Replaced, 14_900, 150L),
            (Sbe.ExecType.Replaced, 15_050, 150L),
            (Sbe.ExecType.Trade, 15_050, 50L),
        }));
        Assert.That(_f.Processor.IsOpen(sell), Is.False, "the seller's order filled");

        _f.Cancel(Buyer, buy);
        Assert.That(Reports()[^1].Type, Is.EqualTo(Sbe.ExecType.Canceled));
        Assert.That(_f.Processor.IsOpen(buy), Is.False);
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.Zero);
        Assert.That(_f.Available(Buyer, "USDT"), Is.EqualTo((100_000 * Usdt) - (150_50 * Usdt / 100)), "only the trade's cost left the account");
        _f.AssertInternalVenueNetsToZero();
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void ExecutionReportFromAGateway_NamingAnInternalOrder_ChangesNothing()
    {
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_000, 100);
        var sell = new OrderId(Reports()[0].OrderId);
        ulong before = _f.Processor.StateHash();
        long unknownBefore = _f.Processor.Counters.UnknownExecutionReports;

        _f.Report(sell, Sbe.ExecType.Trade, lastPrice: 15_000, lastQuantity: 100);

        Assert.That(_f.Processor.IsOpen(sell), Is.True);
        Assert.That(_f.Processor.Counters.UnknownExecutionReports, Is.EqualTo(unknownBefore + 1));
        Assert.That(_f.Available(Seller, "USDT"), Is.EqualTo(100_000 * Usdt), "no fill was booked");
        Assert.That(_f.Processor.StateHash(), Is.Not.EqualTo(before), "the input itself is counted");
    }

    [Test]
    public void FillThatTripsTheDailyLossKillSwitch_CancelsTheAccountsOtherInternalOrders_AfterTheTrade()
    {
        // The buyer buys 1.00 SOL at 150.00, then sells it at 148.00 into a bid: a 2 USDT loss, over its 1 USDT daily
        // limit. Its resting ask at 155.00 must be canceled by the kill switch that fill trips, after the trade.
        _f.AccountLimit(Buyer, Sbe.RiskLimitType.MaxDailyLoss, 1 * Usdt);
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_000, 100);
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_000, 100);
        _f.NewOrder(Third, CoreFixture.InternalSol, Side.Buy, 14_800, 100);
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Sell, 15_500, 100);
        var restingAsk = new OrderId(Reports()[^1].OrderId);
        Assert.That(_f.Processor.Risk.IsAccountKillSwitchOn(Buyer), Is.False);
        _f.Output.Clear();

        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Sell, 14_800, 100);

        Assert.That(_f.Processor.Risk.IsAccountKillSwitchOn(Buyer), Is.True);
        Assert.That(_f.Processor.IsOpen(restingAsk), Is.False);
        List<Report> reports = Reports();
        Assert.That(reports.Select(r => (r.Account, r.Type)).ToList(), Is.EqualTo(new[]
        {
            (Buyer.Value, Sbe.ExecType.New),
            (Buyer.Value, Sbe.ExecType.Trade),
            (Third.Value, Sbe.ExecType.Trade),
            (Buyer.Value, Sbe.ExecType.Canceled),
        }));
        Assert.That(reports[^1].OrderId, Is.EqualTo(restingAsk.Value));
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.Zero);
        _f.AssertInternalVenueNetsToZero();
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void StrategyAmendingOnAFill_WhileTheSweepsNextFillIsPending_KeepsBookAndOrderTableInStep()
    {
        // The strategy rests 1.00 at 150.00 (first) and 1.00 at 150.01 (second). A buy of 1.50 takes first and half
        // of second; on first's fill the strategy raises second to 2.00 in all. That amend must run after second's
        // 0.50 fill is applied: 1.50 left, in the book as in the order table.
        OrderId first = default, second = default;
        bool amended = false;
        var strategy = new ReactingStrategy(
            CoreFixture.SolInternal,
            context =>
            {
                first = context.SubmitLimit(CoreFixture.SolInternal, Side.Sell, new Price(15_000), new Quantity(100));
                second = context.SubmitLimit(CoreFixture.SolInternal, Side.Sell, new Price(15_001), new Quantity(100));
            },
            (context, update) =>
            {
                if (update.Order == first && update.LastQuantity.Units > 0 && !amended)
                {
                    amended = true;
                    Assert.That(context.Amend(second, new Price(15_001), new Quantity(200)), Is.True);
                }
            });
        _f = FundedFixture(strategy);
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.EqualTo(2));

        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_001, 150);

        Assert.That(amended, Is.True);
        ref OrderRecord record = ref _f.Processor.Orders.Find(second);
        Assert.That((record.Quantity.Units, record.Filled.Units, record.Leaves.Units), Is.EqualTo((200L, 50L, 150L)));
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).TryGetOrder(second, out Engine.Matching.BookOrder resting), Is.True);
        Assert.That(resting.Quantity.Units, Is.EqualTo(150));

        _f.NewOrder(Third, CoreFixture.InternalSol, Side.Buy, 15_001, 150);
        Assert.That(_f.Processor.IsOpen(second), Is.False);
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.Zero);
        Assert.That(_f.Processor.Counters.UnknownExecutionReports, Is.Zero);
        Assert.That(_f.Processor.Counters.AccountingBreaks, Is.Zero);
        Assert.That(_f.Available(StrategyAccount, "SOL"), Is.EqualTo(997 * Sol), "3.00 sold, nothing held");
        _f.AssertInternalVenueNetsToZero();
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void StrategyCancelingOnAFill_AnOrderThatTheSameSweepFills_IsDroppedQuietly()
    {
        OrderId first = default, second = default;
        var strategy = new ReactingStrategy(
            CoreFixture.SolInternal,
            context =>
            {
                first = context.SubmitLimit(CoreFixture.SolInternal, Side.Sell, new Price(15_000), new Quantity(100));
                second = context.SubmitLimit(CoreFixture.SolInternal, Side.Sell, new Price(15_001), new Quantity(100));
            },
            (context, update) =>
            {
                if (update.Order == first && update.LastQuantity.Units > 0)
                {
                    context.Cancel(second);
                }
            });
        _f = FundedFixture(strategy);

        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_001, 200);

        List<Report> secondReports = Reports().Where(r => r.OrderId == second.Value).ToList();
        Assert.That(secondReports.Select(r => (r.Type, r.Status)), Is.EqualTo(new[] { (Sbe.ExecType.Trade, Sbe.OrderStatus.Filled) }));
        Assert.That(_f.Processor.IsOpen(second), Is.False);
        Assert.That(_f.Processor.Counters.UnknownExecutionReports, Is.Zero);
        Assert.That(_f.Available(Buyer, "SOL"), Is.EqualTo(1_002 * Sol));
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void FullInternalBook_RefusesOrdersThatWouldRest_ButNotOrdersThatTake()
    {
        for (int i = 0; i < InternalCrossing.MaxRestingOrders; i++)
        {
            AccountId account = new(2 + (i % 3));
            _f.NewOrder(account, CoreFixture.InternalSol, Side.Sell, 15_000 + (i % 7), 1);
        }

        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.EqualTo(InternalCrossing.MaxRestingOrders));
        _f.Output.Clear();
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Sell, 15_100, 1);
        Assert.That(Reports(), Is.Empty);
        Assert.That(_f.Processor.Counters.LastRejectCode, Is.EqualTo(ResultCode.InternalBookFull));

        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_000, 1, timeInForce: Sbe.TimeInForce.ImmediateOrCancel);
        Assert.That(Reports().Count(r => r.Type == Sbe.ExecType.Trade), Is.EqualTo(2));
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void OneOrderSweepingHundredsOfRestingOrders_PostsEveryFill_UnderItsOwnInput()
    {
        for (int i = 0; i < 300; i++)
        {
            _f.NewOrder(i % 2 == 0 ? Seller : Third, CoreFixture.InternalSol, Side.Sell, 15_000 + (i % 5), 1);
        }

        int transfersBefore = _f.Processor.Ledger.TransferCount;
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_010, 300);

        Assert.That(Reports().Count(r => r.Type == Sbe.ExecType.Trade), Is.EqualTo(600));
        Assert.That(_f.Processor.InternalBook(CoreFixture.SolInternal).OrderCount, Is.Zero);
        Assert.That(_f.Available(Buyer, "SOL"), Is.EqualTo(1_003 * Sol));
        Engine.Ledger.Ledger ledger = _f.Processor.Ledger;
        Assert.That(ledger.TransferCount - transfersBefore, Is.GreaterThan(900));
        long cause = TransferIds.CauseSequence(ledger.TransferAt(transfersBefore).Transfer.Id);
        for (int i = transfersBefore; i < ledger.TransferCount; i++)
        {
            Assert.That(TransferIds.CauseSequence(ledger.TransferAt(i).Transfer.Id), Is.EqualTo(cause), $"transfer {i}");
        }

        _f.AssertInternalVenueNetsToZero();
        _f.AssertTrialBalanceIsZero();
    }

    [Test]
    public void Snapshot_WithRestingInternalOrders_RestoresTheBooks_AndContinuesAsTheOriginal()
    {
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_000, 100);
        _f.NewOrder(Third, CoreFixture.InternalSol, Side.Sell, 15_000, 100);
        _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_010, 100);
        _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_000, 50);
        var snapshot = new MemoryStream();
        _f.Processor.WriteSnapshot(snapshot);
        var restored = new CoreFixture(withMarketMaker: false, restoreFrom: snapshot.ToArray(), continueFrom: _f);
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(_f.Processor.StateHash()));

        // Priority survived: the next buy takes the rest of the seller's first order, then the third account's.
        foreach (CoreFixture fixture in new[] { _f, restored })
        {
            fixture.Output.Clear();
            fixture.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_010, 200);
        }

        Assert.That(restored.Processor.StateHash(), Is.EqualTo(_f.Processor.StateHash()));
        Assert.That(Reports(restored).Where(r => r.IsMaker).Select(r => (r.Account, r.LastQuantity)), Is.EqualTo(new[]
        {
            (Seller.Value, 50L), (Third.Value, 100L), (Seller.Value, 50L),
        }));
        Assert.That(restored.Output.Messages.Select(m => Convert.ToHexString(m.Message)), Is.EqualTo(_f.Output.Messages.Select(m => Convert.ToHexString(m.Message))));
    }

    [Test]
    public void SteadyState_RestingCrossingAmendingAndCanceling_AllocatesNothing()
    {
        _f.Output.Recording = false;
        for (int i = 0; i < 500; i++)
        {
            Cycle(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 500; i < 1_500; i++)
        {
            Cycle(i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(_f.Processor.Counters.Fills, Is.EqualTo(6_000));
        _f.AssertTrialBalanceIsZero();

        // Two rests, an amend of one, a cross that takes it and part of the other, and a cancel of the rest.
        void Cycle(int i)
        {
            long id = 1 + (3 * i);
            _f.NewOrder(Seller, CoreFixture.InternalSol, Side.Sell, 15_000, 10);
            _f.NewOrder(Third, CoreFixture.InternalSol, Side.Sell, 15_001, 10);
            _f.Amend(Seller, new OrderId(id), 15_000, 5);
            _f.NewOrder(Buyer, CoreFixture.InternalSol, Side.Buy, 15_001, 10);
            _f.Cancel(Third, new OrderId(id + 1));
        }
    }

    private List<Report> Reports() => Reports(_f);

    private static List<Report> Reports(CoreFixture fixture) =>
        [.. fixture.Output.OfType(Sbe.ExecutionReportDecoder.TemplateId).Select(Report.Decode)];

    private readonly record struct Report(
        long OrderId, int Account, Sbe.ExecType Type, Sbe.OrderStatus Status, Sbe.Side Side, long? Price, long Leaves, long Cumulative,
        long? LastPrice, long LastQuantity, bool IsMaker, Sbe.ResultCode Reason, ulong ExecId)
    {
        public static Report Decode(byte[] message)
        {
            var header = new Sbe.MessageHeaderDecoder(message, 0, Sbe.EngineSchema.Version);
            var report = new Sbe.ExecutionReportDecoder(message, Sbe.EngineSchema.HeaderLength, header.BlockLength, header.Version);
            long? price = report.Price.Mantissa == Sbe.PriceOptionalEncoder.MantissaNullValue ? null : report.Price.Mantissa;
            long? last = report.LastPrice.Mantissa == Sbe.PriceOptionalEncoder.MantissaNullValue ? null : report.LastPrice.Mantissa;
            return new Report(
                (long)report.OrderId, (int)report.AccountId, report.ExecType, report.OrderStatus, report.Side, price, report.LeavesQuantity.Mantissa,
                report.CumulativeQuantity.Mantissa, last, report.LastQuantity.Mantissa, report.IsMaker == Sbe.BooleanType.True, report.RejectReason, report.ExecId);
        }
    }
}
