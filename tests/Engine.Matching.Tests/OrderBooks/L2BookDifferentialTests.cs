using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>Seeded random level updates through the reference and the fast L2 book, hashes compared every 100.</summary>
[TestFixture]
public sealed class L2BookDifferentialTests
{
    // 300 ticks a side is a few ladder chunks; 5,000 is a Binance-like deep book of many chunks, split and merged.
    [TestCase(42, 300)]
    [TestCase(1234, 300)]
    [TestCase(99, 5_000)]
    public void RandomUpdates_ReferenceAndFastBooks_AgreeEveryHundredCommands(int seed, int spread)
    {
        const int Commands = 150_000;
        var random = new Random(seed);
        var reference = new ReferenceL2Book();
        var fast = new FastL2Book(levelCapacity: 4);
        for (int i = 1; i <= Commands; i++)
        {
            Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            long price = side == Side.Buy ? 50_000 - random.Next(0, spread) : 50_001 + random.Next(0, spread);
            long quantity = random.Next(3) == 0 ? 0 : random.Next(1, 10_000);
            reference.Set(side, new Price(price), new Quantity(quantity));
            fast.Set(side, new Price(price), new Quantity(quantity));
            int depth = random.Next(10) == 0 ? random.Next(spread) : random.Next(10);
            bool has = reference.TryGetLevel(side, depth, out BookLevel expected);
            Assert.That(fast.TryGetLevel(side, depth, out BookLevel actual), Is.EqualTo(has), $"update {i}: level");
            Assert.That(actual, Is.EqualTo(expected), $"update {i}: level {side} {depth}");
            if (i % 100 == 0)
            {
                Assert.That(fast.StateHash(), Is.EqualTo(reference.StateHash()), $"state hash after update {i}");
                Assert.That(fast.LevelCount(side), Is.EqualTo(reference.LevelCount(side)));
            }

            if (i % 5_000 == 0)
            {
                fast.ValidateInternalState();
                reference.ValidateInternalState();
            }
        }
    }
}
