using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The central promise: the same inputs give the same state. A seeded stream (a random-walk market, a venue that
/// acknowledges, fills and cancels the market maker's orders) runs through two fresh processors, and the state hashes
/// agree after every 100 inputs; changing one input changes the hash. Also: steady state allocates nothing.
/// </summary>
[TestFixture]
public sealed class ReplayDeterminismTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void SameSeededStream_TwoProcessors_SameStateHashEvery100Inputs(int seed)
    {
        var first = new CoreFixture();
        var second = new CoreFixture();
        var firstVenue = new ScriptedVenue(first, seed);
        var secondVenue = new ScriptedVenue(second, seed);

        for (int step = 0; step < 3_000; step++)
        {
            firstVenue.Step();
            secondVenue.Step();
            if (step % 100 == 99)
            {
                Assert.That(second.Processor.StateHash(), Is.EqualTo(first.Processor.StateHash()), $"state diverged by input {first.Processor.Sequence}");
            }
        }

        Assert.That(first.Processor.Counters.Fills, Is.GreaterThan(50), "the stream must exercise fills");
        Assert.That(first.Processor.Counters.AccountingBreaks, Is.Zero);
        first.AssertTrialBalanceIsZero();
    }

    [Test]
    public void OneDifferentInput_GivesADifferentStateHash()
    {
        var first = new CoreFixture();
        var second = new CoreFixture();
        var firstVenue = new ScriptedVenue(first, 7);
        var secondVenue = new ScriptedVenue(second, 7);
        for (int step = 0; step < 500; step++)
        {
            firstVenue.Step();
            secondVenue.Step();
        }

        first.Timer();
        second.Timer(advanceNanos: 1);

        Assert.That(second.Processor.StateHash(), Is.Not.EqualTo(first.Processor.StateHash()));
    }

    [Test]
    public void SteadyState_MarketDataFillsAndCancels_AllocateNothing()
    {
        var fixture = new CoreFixture();
        fixture.Output.Recording = false;
        var venue = new ScriptedVenue(fixture, 11, recordOutputs: false);
        for (int step = 0; step < 2_000; step++)
        {
            venue.Step();
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 0; step < 2_000; step++)
        {
            venue.Step();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(fixture.Processor.Counters.Fills, Is.GreaterThan(50));
    }
}
