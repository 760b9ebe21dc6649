using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>The behaviour every L3 book has; run against the reference and the fast book.</summary>
public abstract class L3BookContract
{
    private static readonly AccountId s_alice = new(1);

    protected abstract IL3Book CreateBook();

    [Test]
    public void Add_ToEmptyBook_BecomesTheBestOrderOfItsSide()
    {
        IL3Book book = CreateBook();
        Assert.That(book.Add(Order(1, Side.Buy, 100, 5)), Is.True);
        Assert.That(book.TryGetBestOrder(Side.Buy, out BookOrder best), Is.True);
        Assert.That(best, Is.EqualTo(Order(1, Side.Buy, 100, 5)));
        Assert.That(book.TryGetBestOrder(Side.Sell, out _), Is.False);
        book.ValidateInternalState();
    }

    [Test]
    public void Add_TwoOrdersAtOnePrice_KeepsTimePriority()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Sell, 100, 5));
        book.Add(Order(2, Side.Sell, 100, 7));
        book.TryGetBestOrder(Side.Sell, out BookOrder best);
        book.TryGetLevel(Side.Sell, 0, out BookLevel level);
        Assert.Multiple(() =>
        {
            Assert.That(best.OrderId, Is.EqualTo(new OrderId(1)));
            Assert.That(level, Is.EqualTo(new BookLevel(new Price(100), new Quantity(12), 2)));
        });
    }

    [Test]
    public void Add_DuplicateId_IsRefusedAndChangesNothing()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Buy, 100, 5));
        ulong before = book.StateHash();
        Assert.That(book.Add(Order(1, Side.Sell, 200, 9)), Is.False);
        Assert.That(book.StateHash(), Is.EqualTo(before));
        Assert.That(book.OrderCount, Is.EqualTo(1));
        book.ValidateInternalState();
    }

    [Test]
    public void Add_NonPositiveQuantity_Throws()
    {
        IL3Book book = CreateBook();
        Assert.That(() => book.Add(Order(1, Side.Buy, 100, 0)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Levels_AreBestFirst_BidsHighestAndAsksLowest()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Buy, 99, 1));
        book.Add(Order(2, Side.Buy, 101, 1));
        book.Add(Order(3, Side.Buy, 100, 1));
        book.Add(Order(4, Side.Sell, 105, 1));
        book.Add(Order(5, Side.Sell, 103, 1));
        book.Add(Order(6, Side.Sell, 104, 1));
        Assert.That(Prices(book, Side.Buy), Is.EqualTo(new long[] { 101, 100, 99 }));
        Assert.That(Prices(book, Side.Sell), Is.EqualTo(new long[] { 103, 104, 105 }));
        Assert.That(book.TryGetLevel(Side.Buy, 3, out _), Is.False);
        book.ValidateInternalState();
    }

    [Test]
    public void Remove_LastOrderOfALevel_RemovesTheLevel()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Buy, 100, 5));
        book.Add(Order(2, Side.Buy, 99, 5));
        Assert.That(book.Remove(new OrderId(1), out BookOrder removed), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.EqualTo(Order(1, Side.Buy, 100, 5)));
            Assert.That(book.LevelCount(Side.Buy), Is.EqualTo(1));
            Assert.That(book.TryGetLevelAt(Side.Buy, new Price(100), out _), Is.False);
        });
        book.ValidateInternalState();
    }

    [Test]
    public void Remove_MiddleOfAQueue_KeepsTheOthersInOrder()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Sell, 100, 1));
        book.Add(Order(2, Side.Sell, 100, 2));
        book.Add(Order(3, Side.Sell, 100, 3));
        book.Remove(new OrderId(2), out _);
        Assert.That(Ids(book, Side.Sell), Is.EqualTo(new long[] { 1, 3 }));
        book.ValidateInternalState();
    }

    [Test]
    public void Remove_UnknownId_ReturnsFalse()
    {
        IL3Book book = CreateBook();
        Assert.That(book.Remove(new OrderId(42), out _), Is.False);
    }

    [Test]
    public void Move_GoesToTheBackOfTheNewLevel_AndAnEmptiedLevelDisappears()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Sell, 100, 1));
        book.Add(Order(2, Side.Sell, 101, 2));
        book.Add(Order(3, Side.Sell, 101, 3));
        Assert.That(book.Move(new OrderId(1), new Price(101), new Quantity(9)), Is.True);
        Assert.That(Ids(book, Side.Sell), Is.EqualTo(new long[] { 2, 3, 1 }));
        Assert.That(book.LevelCount(Side.Sell), Is.EqualTo(1));
        book.TryGetLevel(Side.Sell, 0, out BookLevel level);
        Assert.That(level, Is.EqualTo(new BookLevel(new Price(101), new Quantity(14), 3)));

        // Within its own level, a move is a trip to the back of the queue.
        Assert.That(book.Move(new OrderId(2), new Price(101), new Quantity(5)), Is.True);
        Assert.That(Ids(book, Side.Sell), Is.EqualTo(new long[] { 3, 1, 2 }));
        Assert.That(book.Move(new OrderId(42), new Price(101), new Quantity(1)), Is.False);
        book.TryGetOrder(new OrderId(2), out BookOrder moved);
        Assert.That(moved, Is.EqualTo(Order(2, Side.Sell, 101, 5)));
        book.ValidateInternalState();
    }

    [Test]
    public void Reduce_KeepsQueuePosition_AndUpdatesTheLevelTotal()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Buy, 100, 10));
        book.Add(Order(2, Side.Buy, 100, 10));
        Assert.That(book.Reduce(new OrderId(1), new Quantity(4)), Is.True);
        book.TryGetBestOrder(Side.Buy, out BookOrder best);
        book.TryGetLevel(Side.Buy, 0, out BookLevel level);
        Assert.Multiple(() =>
        {
            Assert.That(best, Is.EqualTo(Order(1, Side.Buy, 100, 4)));
            Assert.That(level.Quantity, Is.EqualTo(new Quantity(14)));
        });
        book.ValidateInternalState();
    }

    [Test]
    public void Reduce_ToZeroOrUp_Throws()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Buy, 100, 10));
        Assert.Multiple(() =>
        {
            Assert.That(() => book.Reduce(new OrderId(1), new Quantity(0)), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => book.Reduce(new OrderId(1), new Quantity(10)), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
        Assert.That(book.Reduce(new OrderId(9), new Quantity(1)), Is.False);
    }

    [Test]
    public void VisitOrders_GoesBestLevelFirst_EachLevelInTimeOrder()
    {
        IL3Book book = CreateBook();
        book.Add(Order(1, Side.Buy, 100, 1));
        book.Add(Order(2, Side.Buy, 101, 1));
        book.Add(Order(3, Side.Buy, 100, 1));
        book.Add(Order(4, Side.Buy, 101, 1));
        Assert.That(Ids(book, Side.Buy), Is.EqualTo(new long[] { 2, 4, 1, 3 }));
    }

    [Test]
    public void Clear_EmptiesTheBook_WhichStaysUsable()
    {
        IL3Book book = CreateBook();
        ulong empty = book.StateHash();
        book.Add(Order(1, Side.Buy, 100, 1));
        book.Clear();
        Assert.That(book.StateHash(), Is.EqualTo(empty));
        Assert.That(book.Add(Order(1, Side.Buy, 100, 1)), Is.True);
        book.ValidateInternalState();
    }

    [Test]
    public void StateHash_DependsOnTimePriority()
    {
        IL3Book first = CreateBook();
        first.Add(Order(1, Side.Buy, 100, 1));
        first.Add(Order(2, Side.Buy, 100, 1));
        IL3Book second = CreateBook();
        second.Add(Order(2, Side.Buy, 100, 1));
        second.Add(Order(1, Side.Buy, 100, 1));
        IL3Book third = CreateBook();
        third.Add(Order(1, Side.Buy, 100, 1));
        third.Add(Order(2, Side.Buy, 100, 1));
        Assert.That(first.StateHash(), Is.Not.EqualTo(second.StateHash()));
        Assert.That(first.StateHash(), Is.EqualTo(third.StateHash()));
    }

    [Test]
    public void ManyLevels_GrowPastTheInitialCapacity()
    {
        IL3Book book = CreateBook();
        for (int i = 0; i < 10_000; i++)
        {
            book.Add(Order(i + 1, i % 2 == 0 ? Side.Buy : Side.Sell, i % 2 == 0 ? 50_000 - i : 50_001 + i, 1));
        }

        Assert.That(book.OrderCount, Is.EqualTo(10_000));
        Assert.That(book.LevelCount(Side.Buy) + book.LevelCount(Side.Sell), Is.EqualTo(10_000));
        book.ValidateInternalState();
    }

    internal static BookOrder Order(long id, Side side, long price, long quantity) =>
        new(new OrderId(id), s_alice, side, new Price(price), new Quantity(quantity));

    private static long[] Prices(IL3Book book, Side side)
    {
        var prices = new List<long>();
        for (int depth = 0; book.TryGetLevel(side, depth, out BookLevel level); depth++)
        {
            prices.Add(level.Price.Units);
        }

        return [.. prices];
    }

    private static long[] Ids(IL3Book book, Side side)
    {
        var visitor = new CollectingVisitor(new List<BookOrder>());
        book.VisitOrders(side, ref visitor);
        return [.. visitor.Orders.Select(o => o.OrderId.Value)];
    }
}
