using Engine.Model;
using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests;

/// <summary>Amends go through the same checks as new orders, with the order's own open quantity replaced.</summary>
public sealed class AmendCheckTests
{
    [Test]
    public void Amend_BuyWithinItsHoldPrice_Passes()
    {
        RiskEngine engine = CreateEngine();
        engine.OnOrderAccepted(Alice, Spot, Side.Buy, SpotQuantity("1"));
        RiskAmend amend = BuyAmend("60100", "1", hold: "60100");
        Assert.That(engine.CheckAmend(in amend), Is.EqualTo(ResultCode.Ok));
    }

    [Test]
    public void Amend_BuyAboveItsHoldPrice_IsRejectedWithAmendAboveHoldPrice()
    {
        RiskEngine engine = CreateEngine();
        engine.OnOrderAccepted(Alice, Spot, Side.Buy, SpotQuantity("1"));
        RiskAmend amend = BuyAmend("60100.01", "1", hold: "60100");
        ResultCode code = engine.CheckAmend(in amend);
        Assert.That(code, Is.EqualTo(ResultCode.AmendAboveHoldPrice));
        Assert.That(ResultCodes.Reason(code), Does.Contain("held at"));
    }

    [Test]
    public void Amend_ReplacesTheOrdersOwnOpenQuantityInThePositionCheck()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxPositionSize = SpotQuantity("2") });
        engine.OnOrderAccepted(Alice, Spot, Side.Buy, SpotQuantity("1.5"));
        RiskAmend amend = BuyAmend("60000", "2", hold: "60000");
        Assert.That(engine.CheckAmend(in amend), Is.EqualTo(ResultCode.Ok), "2 replaces 1.5, not 3.5");
        amend = BuyAmend("60000", "2.00001", hold: "60000");
        Assert.That(engine.CheckAmend(in amend), Is.EqualTo(ResultCode.MaxPositionSize));
        Assert.That(engine.GetPosition(Alice, Spot).OpenBuy, Is.EqualTo(SpotQuantity("1.5")), "the check leaves the open quantity as it was");
    }

    [Test]
    public void Amend_BeyondMaxOrderSize_IsRejectedWithMaxOrderSize()
    {
        RiskEngine engine = CreateEngine(spot: InstrumentRiskLimits.Unlimited with { MaxOrderSize = SpotQuantity("1") });
        engine.OnOrderAccepted(Alice, Spot, Side.Sell, SpotQuantity("1"));
        var amend = new RiskAmend(new AmendOrder(new OrderId(1), Alice, SpotPrice("60000"), SpotQuantity("1.5")), Spot, StrategyId.None, Side.Sell, SpotQuantity("1"), default, 1_000);
        Assert.That(engine.CheckAmend(in amend), Is.EqualTo(ResultCode.MaxOrderSize));
    }

    private static RiskAmend BuyAmend(string price, string quantity, string hold) =>
        new(new AmendOrder(new OrderId(1), Alice, SpotPrice(price), SpotQuantity(quantity)), Spot, StrategyId.None, Side.Buy, SpotQuantity(quantity == "1" ? "1" : "1.5"), SpotPrice(hold), 1_000);
}
