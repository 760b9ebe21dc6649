using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests;

/// <summary>The full pre-trade check, every check switched on and passing, allocates nothing.</summary>
public sealed class AllocationTests
{
    [Test]
    public void FullCheck_WithEveryCheckOn_AllocatesNothing()
    {
        RiskEngine engine = CreateEverythingOnEngine();
        long time = 1_000_000;
        RiskOrder order = SpotBuy("60000", "0.01", time: time, strategy: Strategy);
        for (int i = 0; i < 1_000; i++)
        {
            order = order with { InputTimeNanos = time + i };
            Assert.That(engine.Check(in order), Is.EqualTo(ResultCode.Ok));
        }

        const int Checks = 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        int passed = 0;
        for (int i = 0; i < Checks; i++)
        {
            order = order with { InputTimeNanos = time + 1_000 + i };
            passed += engine.Check(in order) == ResultCode.Ok ? 1 : 0;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(passed, Is.EqualTo(Checks));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void RejectingCheck_AllocatesNothing()
    {
        // Refused by the last check (the strategy's order rate), so every check before it runs too.
        RiskEngine engine = CreateEverythingOnEngine();
        engine.SetStrategyLimits(Strategy, new OrderRateLimit(1, 1));
        RiskOrder order = SpotBuy("60000", "0.01", time: 2_000_000, strategy: Strategy);
        engine.TakeOrderTokens(Alice, Strategy, 2_000_000);
        engine.Check(in order);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            if (engine.Check(in order) != ResultCode.StrategyOrderRate)
            {
                Assert.Fail("expected StrategyOrderRate");
            }
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    /// <summary>Every limit set (generously), positions in all instruments, dead-man armed, rates high.</summary>
    internal static RiskEngine CreateEverythingOnEngine()
    {
        RiskEngine engine = CreateEngine(
            spot: new InstrumentRiskLimits(SpotQuantity("10"), Usdt("1000000"), SpotQuantity("100"), Usdt("10000000"), 500, 10_000),
            account: new AccountRiskLimits(Usdt("100000000"), Usdt("1000000"), new OrderRateLimit(1_000_000_000, 1_000_000_000)),
            strategy: new OrderRateLimit(1_000_000_000, 1_000_000_000),
            deadManNanos: long.MaxValue / 2);
        engine.OnAdminHeartbeat(0);
        engine.OnFill(Alice, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("1"), Amount.Zero);
        engine.OnFill(Alice, Perp, Side.Sell, PerpPrice("60000"), Contracts("10"), Amount.Zero);
        engine.OnFill(Alice, Eth, Side.Buy, EthPrice("3000"), EthQuantity("2"), Amount.Zero);
        engine.OnOrderAccepted(Alice, Spot, Side.Sell, SpotQuantity("0.5"));
        return engine;
    }
}
