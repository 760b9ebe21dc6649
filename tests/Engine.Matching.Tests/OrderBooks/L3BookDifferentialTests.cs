using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>
/// Seeded random commands through the reference and the fast L3 book: every return value and read must agree, and
/// the state hashes are compared (with both books validated) every 100 commands.
/// </summary>
[TestFixture]
public sealed class L3BookDifferentialTests
{
    // A spread of 200 ticks a side keeps levels shared by many orders; 3,000 makes deep sides of many ladder chunks.
    [TestCase(42, 200)]
    [TestCase(7, 200)]
    [TestCase(11, 3_000)]
    public void RandomCommands_ReferenceAndFastBooks_AgreeEveryHundredCommands(int seed, int spread)
    {
        const int Commands = 150_000;
        var random = new Random(seed);
        var reference = new ReferenceL3Book();
        var fast = new FastL3Book(orderCapacity: 64, levelCapacity: 8);
        var live = new List<long>();
        long nextId = 1;
        for (int i = 1; i <= Commands; i++)
        {
            int dice = random.Next(100);
            if (dice < 45 || live.Count == 0)
            {
                // Prices cluster around 10,000 (within the spread); occasionally reuse an id to test refusal.
                long id = random.Next(50) == 0 && live.Count > 0 ? live[random.Next(live.Count)] : nextId++;
                Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                long price = side == Side.Buy ? 10_000 - random.Next(0, spread) : 10_001 + random.Next(0, spread);
                var order = new BookOrder(new OrderId(id), new AccountId(random.Next(1, 5)), side, new Price(price), new Quantity(random.Next(1, 1000)));
                bool added = reference.Add(order);
                Assert.That(fast.Add(order), Is.EqualTo(added), $"command {i}: add");
                if (added)
                {
                    live.Add(id);
                }
            }
            else if (dice < 75)
            {
                int index = random.Next(live.Count);
                long id = random.Next(20) == 0 ? -5 : live[index];
                bool removed = reference.Remove(new OrderId(id), out BookOrder expected);
                Assert.That(fast.Remove(new OrderId(id), out BookOrder actual), Is.EqualTo(removed), $"command {i}: remove");
                Assert.That(actual, Is.EqualTo(expected), $"command {i}: removed order");
                if (removed)
                {
                    live[index] = live[^1];
                    live.RemoveAt(live.Count - 1);
                }
            }
            else if (dice < 80)
            {
                // A move: to the back of another level (or of its own), as a non-crossing amend does.
                long id = random.Next(20) == 0 ? -5 : live[random.Next(live.Count)];
                reference.TryGetOrder(new OrderId(id), out BookOrder current);
                long price = current.Side == Side.Buy ? 10_000 - random.Next(0, spread) : 10_001 + random.Next(0, spread);
                var quantity = new Quantity(random.Next(1, 1000));
                bool moved = ((IL3Book)reference).Move(new OrderId(id), new Price(price), quantity);
                Assert.That(fast.Move(new OrderId(id), new Price(price), quantity), Is.EqualTo(moved), $"command {i}: move");
            }
            else if (dice < 90)
            {
                long id = live[random.Next(live.Count)];
                reference.TryGetOrder(new OrderId(id), out BookOrder current);
                if (current.Quantity.Units > 1)
                {
                    var smaller = new Quantity(random.NextInt64(1, current.Quantity.Units));
                    Assert.That(fast.Reduce(new OrderId(id), smaller), Is.EqualTo(reference.Reduce(new OrderId(id), smaller)), $"command {i}: reduce");
                }
            }
            else
            {
                Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                int depth = random.Next(5);
                bool has = reference.TryGetLevel(side, depth, out BookLevel expected);
                Assert.That(fast.TryGetLevel(side, depth, out BookLevel actual), Is.EqualTo(has), $"command {i}: level");
                Assert.That(actual, Is.EqualTo(expected), $"command {i}: level {side} {depth}");
                reference.TryGetBestOrder(side, out BookOrder expectedBest);
                fast.TryGetBestOrder(side, out BookOrder actualBest);
                Assert.That(actualBest, Is.EqualTo(expectedBest), $"command {i}: best order");
            }

            if (i % 100 == 0)
            {
                Assert.That(fast.StateHash(), Is.EqualTo(reference.StateHash()), $"state hash after command {i}");
                Assert.That(fast.OrderCount, Is.EqualTo(reference.OrderCount), $"order count after command {i}");
            }

            if (i % 5_000 == 0)
            {
                fast.ValidateInternalState();
                reference.ValidateInternalState();
            }
        }

        fast.ValidateInternalState();
        reference.ValidateInternalState();
    }
}
