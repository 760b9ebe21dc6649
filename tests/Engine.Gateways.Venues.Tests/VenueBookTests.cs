using Engine.Gateways.Venues.Books;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>The venue book (levels in chunks of 64) against a sorted dictionary, through random sets, deletes, depth cuts and clears.</summary>
[TestFixture]
public sealed class VenueBookTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void RandomChanges_LeaveTheSameLevelsAsASortedDictionary(int seed)
    {
        var random = new Random(seed);
        var book = new VenueBook(levelCapacity: 16);
        var bids = new SortedDictionary<long, long>();
        var asks = new SortedDictionary<long, long>();
        for (int step = 0; step < 60_000; step++)
        {
            bool bid = random.Next(2) == 0;
            SortedDictionary<long, long> reference = bid ? bids : asks;
            Side side = bid ? Side.Buy : Side.Sell;
            int roll = random.Next(1_000);
            if (roll == 0)
            {
                int depth = random.Next(0, 300);
                book.TruncateTo(side, depth);
                foreach (long price in Best(reference, bid).Skip(depth).ToArray())
                {
                    reference.Remove(price);
                }
            }
            else if (roll == 1 && step % 7 == 0)
            {
                book.Clear();
                bids.Clear();
                asks.Clear();
            }
            else
            {
                // Prices cluster near a moving middle, as a real book's changes do, with some far away.
                long price = bid ? 10_000 - random.Next(random.Next(10) == 0 ? 5_000 : 200) : 10_001 + random.Next(random.Next(10) == 0 ? 5_000 : 200);
                long quantity = random.Next(3) == 0 ? 0 : random.Next(1, 1_000);
                bool existed = book.Set(side, price, quantity, 2, 3);
                Assert.That(existed, Is.EqualTo(reference.ContainsKey(price)));
                if (quantity == 0)
                {
                    reference.Remove(price);
                }
                else
                {
                    reference[price] = quantity;
                }
            }

            if (step % 997 == 0)
            {
                AssertSame(book, Side.Buy, bids, bid: true);
                AssertSame(book, Side.Sell, asks, bid: false);
            }
        }

        AssertSame(book, Side.Buy, bids, bid: true);
        AssertSame(book, Side.Sell, asks, bid: false);
    }

    private static IEnumerable<long> Best(SortedDictionary<long, long> side, bool bid) => bid ? side.Keys.Reverse() : side.Keys;

    private static void AssertSame(VenueBook book, Side side, SortedDictionary<long, long> reference, bool bid)
    {
        Assert.That(book.LevelCount(side), Is.EqualTo(reference.Count));
        int depth = 0;
        foreach (long price in Best(reference, bid))
        {
            Assert.That(book.TryGetLevel(side, depth, out long bookPrice, out long quantity, out int priceDecimals, out int quantityDecimals), Is.True);
            Assert.That((bookPrice, quantity, priceDecimals, quantityDecimals), Is.EqualTo((price, reference[price], 2, 3)), $"depth {depth}");
            depth++;
        }

        Assert.That(book.TryGetLevel(side, depth, out _, out _), Is.False);
    }
}
