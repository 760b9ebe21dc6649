using Engine.Gateways.Venues.Gateway.Live;

namespace Engine.Gateways.Venues.Tests;

/// <summary>The delays a live source waits between reconnects (computed, not measured).</summary>
[TestFixture]
public sealed class ReconnectBackoffTests
{
    [Test]
    public void Delays_DoubleFromTheInitialToTheMaximum_EachWithinTwentyPercent()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), new Random(7));
        double[] nominal = [100, 200, 400, 800, 1_600, 3_200, 6_400, 10_000, 10_000, 10_000];
        foreach (double expected in nominal)
        {
            Assert.That(backoff.NextBase.TotalMilliseconds, Is.EqualTo(expected));
            Assert.That(backoff.Next().TotalMilliseconds, Is.InRange(expected * 0.8, expected * 1.2));
        }

        Assert.That(backoff.Attempts, Is.EqualTo(nominal.Length));
    }

    [Test]
    public void Jitter_SpreadsTheDelays()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), new Random(11));
        double[] delays = [.. Enumerable.Range(0, 200).Select(_ => backoff.Next().TotalMilliseconds)];

        Assert.That(delays, Is.All.InRange(800, 1_200));
        Assert.That(delays.Max() - delays.Min(), Is.GreaterThan(200), "two hundred gateways cut off together do not come back together");
    }

    [Test]
    public void Reset_StartsAgainFromTheInitialDelay()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        for (int i = 0; i < 40; i++)
        {
            backoff.Next();
        }

        Assert.That(backoff.NextBase, Is.EqualTo(TimeSpan.FromSeconds(10)), "long after the cap, still the cap (no overflow)");
        backoff.Reset();
        Assert.That(backoff.NextBase, Is.EqualTo(TimeSpan.FromMilliseconds(100)));
    }
}
