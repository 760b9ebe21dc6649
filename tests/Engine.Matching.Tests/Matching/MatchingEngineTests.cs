using Engine.Model;
using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>Behaviour of every order type, amend rule, self-trade mode and reject code of the matching engine.</summary>
[TestFixture]
public sealed class MatchingEngineTests
{
    private static readonly AccountId s_alice = new(1);
    private static readonly AccountId s_bob = new(2);

    // Price scale 2, tick 0.05, lot 10, minimum 10, minimum notional 100.00 (amount scale 2).
    private static readonly TradingRules s_rules = new(2, 0, new Price(5), new Quantity(10), new Quantity(10), new Amount(10_000), ContractMultiplier.One);

    private MatchingEngine _engine = null!;
    private RecordingSink _sink;

    [SetUp]
    public void SetUp()
    {
        _engine = new MatchingEngine(s_rules, new FastL3Book());
        _sink = new RecordingSink();
    }

    [Test]
    public void LimitGtc_NotCrossing_RestsInTheBook()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 20));
        Assert.That(_sink.Events, Is.EqualTo(new object[]
        {
            new OrderAccepted(new OrderId(1), s_alice, Side.Buy, new Price(10_000), new Quantity(20)),
            new OrderRested(new OrderId(1), s_alice, Side.Buy, new Price(10_000), new Quantity(20)),
        }));
        _engine.Book.ValidateInternalState();
    }

    [Test]
    public void LimitGtc_Crossing_TradesAtTheRestingPrice_AndRestsTheRemainder()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 20));
        _sink.Events.Clear();
        Submit(Limit(2, s_bob, Side.Buy, 10_100, 50));
        Assert.That(_sink.Events, Is.EqualTo(new object[]
        {
            new OrderAccepted(new OrderId(2), s_bob, Side.Buy, new Price(10_100), new Quantity(50)),
            new TradeExecuted(new TradeId(1), Side.Buy, new Price(10_000), new Quantity(20), new OrderId(2), s_bob, new Quantity(30), new OrderId(1), s_alice, Quantity.Zero),
            new OrderRested(new OrderId(2), s_bob, Side.Buy, new Price(10_100), new Quantity(30)),
        }));
    }

    [Test]
    public void Matching_FollowsPriceThenTimePriority()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_050, 10));
        Submit(Limit(2, s_alice, Side.Sell, 10_000, 10));
        Submit(Limit(3, s_alice, Side.Sell, 10_000, 10));
        _sink.Events.Clear();
        Submit(Limit(4, s_bob, Side.Buy, 10_050, 30));
        Assert.That(_sink.Trades.Select(t => t.MakerOrderId.Value), Is.EqualTo(new long[] { 2, 3, 1 }));
        Assert.That(_sink.Trades.Select(t => t.TradeId.Value), Is.EqualTo(new long[] { 1, 2, 3 }));
    }

    [Test]
    public void Ioc_TradesWhatItCan_AndTheRemainderIsCanceledAsUnfilled()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        _sink.Events.Clear();
        Submit(Limit(2, s_bob, Side.Buy, 10_000, 30, TimeInForce.Ioc));
        Assert.That(_sink.Events[^1], Is.EqualTo(new OrderCanceled(new OrderId(2), s_bob, new Quantity(20), CancelReason.Unfilled)));
        Assert.That(_engine.Book.OrderCount, Is.Zero);
    }

    [Test]
    public void Fok_NotFullyFillable_IsRejectedWithoutAnyTrade()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_alice, Side.Sell, 10_100, 10));
        _sink.Events.Clear();
        Submit(Limit(3, s_bob, Side.Buy, 10_000, 20, TimeInForce.Fok));
        Assert.That(_sink.Events, Is.EqualTo(new object[] { new OrderRejected(new OrderId(3), s_bob, ResultCode.FillOrKillNotFillable) }));
        Assert.That(_engine.Book.OrderCount, Is.EqualTo(2));
    }

    [Test]
    public void Fok_Fillable_FillsCompletely()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_alice, Side.Sell, 10_100, 10));
        _sink.Events.Clear();
        Submit(Limit(3, s_bob, Side.Buy, 10_100, 20, TimeInForce.Fok));
        Assert.That(_sink.Trades.Sum(t => t.Quantity.Units), Is.EqualTo(20));
        Assert.That(_engine.Book.OrderCount, Is.Zero);
    }

    [Test]
    public void Fok_WithSelfTradePrevention_DoesNotCountTheAccountsOwnOrders()
    {
        Submit(Limit(1, s_bob, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_alice, Side.Sell, 10_000, 10));
        _sink.Events.Clear();
        Submit(new NewOrder(new OrderId(3), s_bob, Side.Buy, OrderType.Limit, TimeInForce.Fok, new Price(10_000), new Quantity(20), OrderFlags.None, SelfTradePrevention.CancelResting));
        Assert.That(_sink.Events, Is.EqualTo(new object[] { new OrderRejected(new OrderId(3), s_bob, ResultCode.FillOrKillNotFillable) }));
    }

    [Test]
    public void Market_TradesUpToItsProtectionPrice_AndTheRestIsCanceled()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_alice, Side.Sell, 10_200, 10));
        _sink.Events.Clear();
        Submit(NewOrder.Market(new OrderId(3), s_bob, Side.Buy, new Price(10_100), new Quantity(30)));
        Assert.That(_sink.Trades.Select(t => t.Price.Units), Is.EqualTo(new long[] { 10_000 }));
        Assert.That(_sink.Events[^1], Is.EqualTo(new OrderCanceled(new OrderId(3), s_bob, new Quantity(20), CancelReason.Unfilled)));
        Assert.That(_engine.Book.OrderCount, Is.EqualTo(1));
    }

    [Test]
    public void Market_WithoutAProtectionPrice_IsRejected()
    {
        Submit(NewOrder.Market(new OrderId(1), s_bob, Side.Buy, Price.Zero, new Quantity(10)));
        AssertRejected(1, ResultCode.MarketProtectionPriceRequired);
    }

    [Test]
    public void Market_GoodTillCanceled_IsAnInvalidOrderType()
    {
        Submit(new NewOrder(new OrderId(1), s_bob, Side.Buy, OrderType.Market, TimeInForce.Gtc, new Price(10_000), new Quantity(10)));
        AssertRejected(1, ResultCode.InvalidOrderType);
    }

    [Test]
    public void PostOnly_ThatWouldTake_IsRejected()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        _sink.Events.Clear();
        Submit(Limit(2, s_bob, Side.Buy, 10_000, 10) with { Flags = OrderFlags.PostOnly });
        AssertRejected(2, ResultCode.PostOnlyWouldTake);
        Assert.That(_engine.Book.OrderCount, Is.EqualTo(1));
    }

    [Test]
    public void PostOnly_ThatDoesNotCross_Rests()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_bob, Side.Buy, 9_995, 10) with { Flags = OrderFlags.PostOnly });
        Assert.That(_sink.Events[^1], Is.InstanceOf<OrderRested>());
    }

    [Test]
    public void PostOnly_OnAnIocOrder_IsRejected()
    {
        Submit(Limit(1, s_bob, Side.Buy, 9_995, 10, TimeInForce.Ioc) with { Flags = OrderFlags.PostOnly });
        AssertRejected(1, ResultCode.PostOnlyRequiresLimitGtc);
    }

    [Test]
    public void ReduceOnly_WithoutAPosition_IsRejected()
    {
        Submit(Limit(1, s_bob, Side.Sell, 10_000, 10) with { Flags = OrderFlags.ReduceOnly });
        AssertRejected(1, ResultCode.ReduceOnlyWouldIncrease);
    }

    [Test]
    public void ReduceOnly_InTheDirectionOfThePosition_IsRejected()
    {
        _engine.Submit(Limit(1, s_bob, Side.Buy, 10_000, 10) with { Flags = OrderFlags.ReduceOnly }, new Quantity(50), ref _sink);
        AssertRejected(1, ResultCode.ReduceOnlyWouldIncrease);
    }

    [Test]
    public void ReduceOnly_LargerThanThePosition_IsCappedAtThePosition()
    {
        _engine.Submit(Limit(1, s_bob, Side.Sell, 10_000, 100) with { Flags = OrderFlags.ReduceOnly }, new Quantity(30), ref _sink);
        Assert.That(_sink.Events[^1], Is.EqualTo(new OrderRested(new OrderId(1), s_bob, Side.Sell, new Price(10_000), new Quantity(30))));
    }

    [Test]
    public void Cancel_RestingOrder_RemovesItWithReasonRequested()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 20));
        _engine.Cancel(new CancelOrder(new OrderId(1), s_alice), ref _sink);
        Assert.That(_sink.Events[^1], Is.EqualTo(new OrderCanceled(new OrderId(1), s_alice, new Quantity(20), CancelReason.Requested)));
        Assert.That(_engine.Book.OrderCount, Is.Zero);
    }

    [Test]
    public void Cancel_UnknownOrder_IsRejectedWithUnknownOrderId()
    {
        _engine.Cancel(new CancelOrder(new OrderId(9), s_alice), ref _sink);
        AssertRejected(9, ResultCode.UnknownOrder, s_alice);
    }

    [Test]
    public void Cancel_AnotherAccountsOrder_IsRejectedAsUnknown_AndTheOrderStays()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 20));
        _sink.Events.Clear();
        _engine.Cancel(new CancelOrder(new OrderId(1), s_bob), ref _sink);
        AssertRejected(1, ResultCode.UnknownOrder);
        Assert.That(_engine.Book.OrderCount, Is.EqualTo(1));
    }

    [Test]
    public void CancelAll_CancelsOnlyThatAccount_BidsBestFirstThenAsks()
    {
        Submit(Limit(1, s_alice, Side.Buy, 9_900, 10));
        Submit(Limit(2, s_alice, Side.Buy, 10_000, 10));
        Submit(Limit(3, s_bob, Side.Buy, 10_000, 10));
        Submit(Limit(4, s_alice, Side.Sell, 10_500, 10));
        _sink.Events.Clear();
        int canceled = _engine.CancelAll(s_alice, ref _sink);
        Assert.That(canceled, Is.EqualTo(3));
        Assert.That(_sink.Events.Cast<OrderCanceled>().Select(c => c.OrderId.Value), Is.EqualTo(new long[] { 2, 1, 4 }));
        Assert.That(_sink.Events.Cast<OrderCanceled>().All(c => c.Reason == CancelReason.CancelAll), Is.True);
        Assert.That(_engine.Book.OrderCount, Is.EqualTo(1));
    }

    [Test]
    public void Amend_SizeDown_KeepsQueuePriority()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 30));
        Submit(Limit(2, s_bob, Side.Sell, 10_000, 30));
        _engine.Amend(new AmendOrder(new OrderId(1), s_alice, new Price(10_000), new Quantity(10)), ref _sink);
        Assert.That(_sink.Events[^1], Is.EqualTo(new OrderAmended(new OrderId(1), s_alice, new Price(10_000), new Quantity(10), KeptPriority: true)));
        _engine.Book.TryGetBestOrder(Side.Sell, out BookOrder head);
        Assert.That(head, Is.EqualTo(new BookOrder(new OrderId(1), s_alice, Side.Sell, new Price(10_000), new Quantity(10))));
    }

    [Test]
    public void Amend_SizeUp_LosesQueuePriority()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 30));
        Submit(Limit(2, s_bob, Side.Sell, 10_000, 30));
        _engine.Amend(new AmendOrder(new OrderId(1), s_alice, new Price(10_000), new Quantity(40)), ref _sink);
        _engine.Book.TryGetBestOrder(Side.Sell, out BookOrder head);
        Assert.That(head.OrderId, Is.EqualTo(new OrderId(2)));
        _engine.Book.TryGetLevel(Side.Sell, 0, out BookLevel level);
        Assert.That(level.Quantity, Is.EqualTo(new Quantity(70)));
    }

    [Test]
    public void Amend_PriceChange_LosesQueuePriority()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 10));
        Submit(Limit(2, s_bob, Side.Buy, 10_005, 10));
        _engine.Amend(new AmendOrder(new OrderId(1), s_alice, new Price(10_005), new Quantity(10)), ref _sink);
        Assert.That(_sink.Events[^2], Is.EqualTo(new OrderAmended(new OrderId(1), s_alice, new Price(10_005), new Quantity(10), KeptPriority: false)));
        _engine.Book.TryGetBestOrder(Side.Buy, out BookOrder head);
        Assert.That(head.OrderId, Is.EqualTo(new OrderId(2)));
    }

    [Test]
    public void Amend_ToACrossingPrice_TradesAsTheTaker()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 10));
        Submit(Limit(2, s_bob, Side.Sell, 10_100, 10));
        _sink.Events.Clear();
        _engine.Amend(new AmendOrder(new OrderId(2), s_bob, new Price(9_900), new Quantity(10)), ref _sink);
        TradeExecuted trade = _sink.Trades.Single();
        Assert.Multiple(() =>
        {
            Assert.That(trade.Price, Is.EqualTo(new Price(10_000)));
            Assert.That(trade.TakerOrderId, Is.EqualTo(new OrderId(2)));
            Assert.That(_engine.Book.OrderCount, Is.Zero);
        });
    }

    [Test]
    public void Amend_ThatChangesNothing_IsRejected()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 10));
        _engine.Amend(new AmendOrder(new OrderId(1), s_alice, new Price(10_000), new Quantity(10)), ref _sink);
        AssertRejected(1, ResultCode.AmendNoChange, s_alice);
    }

    [Test]
    public void Amend_PostOnlyToACrossingPrice_IsRejected_AndTheOrderIsUntouched()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 10));
        Submit(Limit(2, s_bob, Side.Sell, 10_100, 10));
        ulong before = _engine.StateHash();
        _engine.Amend(new AmendOrder(new OrderId(2), s_bob, new Price(10_000), new Quantity(10), OrderFlags.PostOnly), ref _sink);
        AssertRejected(2, ResultCode.PostOnlyWouldTake);
        Assert.That(_engine.StateHash(), Is.EqualTo(before));
    }

    [Test]
    public void Amend_UnknownOrder_IsRejected()
    {
        _engine.Amend(new AmendOrder(new OrderId(5), s_alice, new Price(10_000), new Quantity(10)), ref _sink);
        AssertRejected(5, ResultCode.UnknownOrder, s_alice);
    }

    [Test]
    public void SelfTrade_None_TradesWithItself()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_alice, Side.Buy, 10_000, 10));
        Assert.That(_sink.Trades.Single().MakerAccount, Is.EqualTo(s_alice));
    }

    [Test]
    public void SelfTrade_CancelResting_CancelsOwnRestingOrders_AndKeepsMatchingOthers()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_bob, Side.Sell, 10_000, 10));
        _sink.Events.Clear();
        Submit(Limit(3, s_alice, Side.Buy, 10_000, 10) with { SelfTradePrevention = SelfTradePrevention.CancelResting });
        Assert.That(_sink.Events[1], Is.EqualTo(new OrderCanceled(new OrderId(1), s_alice, new Quantity(10), CancelReason.SelfTradePrevention)));
        Assert.That(_sink.Trades.Single().MakerOrderId, Is.EqualTo(new OrderId(2)));
        Assert.That(_engine.Book.OrderCount, Is.Zero);
    }

    [Test]
    public void SelfTrade_CancelIncoming_CancelsTheIncomingRemainder_AndKeepsTheRestingOrder()
    {
        Submit(Limit(1, s_bob, Side.Sell, 10_000, 10));
        Submit(Limit(2, s_alice, Side.Sell, 10_000, 10));
        _sink.Events.Clear();
        Submit(Limit(3, s_alice, Side.Buy, 10_000, 30) with { SelfTradePrevention = SelfTradePrevention.CancelIncoming });
        Assert.That(_sink.Trades.Single().MakerOrderId, Is.EqualTo(new OrderId(1)));
        Assert.That(_sink.Events[^1], Is.EqualTo(new OrderCanceled(new OrderId(3), s_alice, new Quantity(20), CancelReason.SelfTradePrevention)));
        Assert.That(_engine.Book.TryGetOrder(new OrderId(2), out _), Is.True);
        Assert.That(_engine.Book.TryGetOrder(new OrderId(3), out _), Is.False);
    }

    [Test]
    public void SelfTrade_CancelBoth_CancelsTheRestingOrderAndTheIncomingRemainder()
    {
        Submit(Limit(1, s_alice, Side.Sell, 10_000, 10));
        _sink.Events.Clear();
        Submit(Limit(2, s_alice, Side.Buy, 10_000, 30) with { SelfTradePrevention = SelfTradePrevention.CancelBoth });
        Assert.That(_sink.Events.Skip(1), Is.EqualTo(new object[]
        {
            new OrderCanceled(new OrderId(1), s_alice, new Quantity(10), CancelReason.SelfTradePrevention),
            new OrderCanceled(new OrderId(2), s_alice, new Quantity(30), CancelReason.SelfTradePrevention),
        }));
        Assert.That(_engine.Book.OrderCount, Is.Zero);
    }

    [TestCase(10_001, 10, ResultCode.PriceNotOnTick)]
    [TestCase(0, 10, ResultCode.PriceNotPositive)]
    [TestCase(-5, 10, ResultCode.PriceNotPositive)]
    [TestCase(10_000, 15, ResultCode.QuantityNotOnLot)]
    [TestCase(10_000, 0, ResultCode.QuantityNotPositive)]
    [TestCase(5, 10, ResultCode.NotionalBelowMinimum)]
    public void Validation_BadPriceOrQuantity_IsRejectedWithItsCode(long price, long quantity, ResultCode expected)
    {
        Submit(Limit(1, s_alice, Side.Buy, price, quantity));
        AssertRejected(1, expected, s_alice);
        Assert.That(ResultCodes.IsMatching(expected), Is.True);
    }

    [Test]
    public void Validation_QuantityBelowTheMinimum_IsRejected()
    {
        var rules = s_rules with { LotSize = new Quantity(1), MinQuantity = new Quantity(10) };
        var engine = new MatchingEngine(rules, new FastL3Book());
        engine.Submit(Limit(1, s_alice, Side.Buy, 10_000, 5), ref _sink);
        AssertRejected(1, ResultCode.QuantityBelowMinimum, s_alice);
    }

    [Test]
    public void Submit_DuplicateOrderId_IsRejected()
    {
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 10));
        Submit(Limit(1, s_alice, Side.Buy, 10_000, 10));
        AssertRejected(1, ResultCode.DuplicateOrderId, s_alice);
    }

    [Test]
    public void Rejects_AllHaveAMatchingCodeAndAReason()
    {
        foreach (ResultCode code in Enum.GetValues<ResultCode>().Where(c => (int)c >= 3000 && (int)c < 4000))
        {
            Assert.That(ResultCodes.Reason(code), Is.Not.EqualTo("unknown result code"), code.ToString());
        }
    }

    private static NewOrder Limit(long id, AccountId account, Side side, long price, long quantity, TimeInForce timeInForce = TimeInForce.Gtc) =>
        NewOrder.Limit(new OrderId(id), account, side, new Price(price), new Quantity(quantity), timeInForce);

    private void Submit(NewOrder order) => _engine.Submit(order, ref _sink);

    private void AssertRejected(long id, ResultCode code, AccountId? account = null) =>
        Assert.That(_sink.Events[^1], Is.EqualTo(new OrderRejected(new OrderId(id), account ?? s_bob, code)));
}
