using Engine.Concurrency.Agents;

namespace Engine.Concurrency.Tests.Agents;

public class BackoffIdleStrategyTests
{
    [Test]
    public void Idle_WithoutWork_SpinsThenYieldsThenParksWithDoublingSleeps()
    {
        var strategy = new BackoffIdleStrategy(maxSpins: 2, maxYields: 2, minParkMilliseconds: 1, maxParkMilliseconds: 4);
        var phases = new List<BackoffPhase>();
        var parks = new List<int>();
        for (int i = 0; i < 8; i++)
        {
            strategy.Idle(0);
            phases.Add(strategy.Phase);
            parks.Add(strategy.ParkMilliseconds);
        }

        Assert.Multiple(() =>
        {
            Assert.That(phases, Is.EqualTo(new[]
            {
                BackoffPhase.Spinning, BackoffPhase.Spinning, BackoffPhase.Yielding, BackoffPhase.Yielding,
                BackoffPhase.Parking, BackoffPhase.Parking, BackoffPhase.Parking, BackoffPhase.Parking,
            }));
            Assert.That(parks.Skip(4), Is.EqualTo(new[] { 2, 4, 4, 4 }));
        });
    }

    [Test]
    public void Idle_WithWork_ResetsToTheCheapestStep()
    {
        var strategy = new BackoffIdleStrategy(maxSpins: 1, maxYields: 1, minParkMilliseconds: 1, maxParkMilliseconds: 4);
        for (int i = 0; i < 5; i++)
        {
            strategy.Idle(0);
        }

        strategy.Idle(3);
        Assert.Multiple(() =>
        {
            Assert.That(strategy.Phase, Is.EqualTo(BackoffPhase.NotIdle));
            Assert.That(strategy.ParkMilliseconds, Is.EqualTo(1));
        });
    }

    [Test]
    public void Constructor_WithAMaximumParkBelowTheMinimum_IsRejected()
    {
        Assert.That(() => new BackoffIdleStrategy(maxParkMilliseconds: 1, minParkMilliseconds: 2), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
