namespace Engine.Risk.Tests;

/// <summary>A strategy's order rate: read back, replaced, and only for strategy ids 1..maxStrategyId.</summary>
[TestFixture]
public sealed class StrategyLimitTests
{
    [Test]
    public void GetStrategyLimits_ReturnsTheDefault_ThenWhatSetStrategyLimitsStored()
    {
        RiskEngine engine = RiskFixture.CreateEngine(strategy: new OrderRateLimit(10, 20));

        Assert.That(engine.GetStrategyLimits(RiskFixture.Strategy), Is.EqualTo(new OrderRateLimit(10, 20)));
        engine.SetStrategyLimits(RiskFixture.Strategy, new OrderRateLimit(1, 2));
        Assert.That(engine.GetStrategyLimits(RiskFixture.Strategy), Is.EqualTo(new OrderRateLimit(1, 2)));
    }

    [TestCase(0, false)]
    [TestCase(1, true)]
    [TestCase(4, true)]
    [TestCase(5, false)]
    [TestCase(-1, false)]
    public void IsStrategyKnown_CoversOneToMaxStrategyId(int id, bool known)
    {
        RiskEngine engine = RiskFixture.CreateEngine();

        Assert.That(engine.IsStrategyKnown(new StrategyId(id)), Is.EqualTo(known));
        if (!known)
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => engine.GetStrategyLimits(new StrategyId(id)));
        }
    }
}
