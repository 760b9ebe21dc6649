using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>The behaviour every L2 book has; run against the reference and the fast book.</summary>
public abstract class L2BookContract
{
    protected abstract IL2Book CreateBook();

    [Test]
    public void Set_NewLevels_AreOrderedBestFirst()
    {
        IL2Book book = CreateBook();
        book.Set(Side.Buy, new Price(99), new Quantity(1));
        book.Set(Side.Buy, new Price(101), new Quantity(2));
        book.Set(Side.Sell, new Price(105), new Quantity(3));
        book.Set(Side.Sell, new Price(103), new Quantity(4));
        book.TryGetLevel(Side.Buy, 0, out BookLevel bestBid);
        book.TryGetLevel(Side.Sell, 0, out BookLevel bestAsk);
        book.TryGetLevel(Side.Sell, 1, out BookLevel secondAsk);
        Assert.Multiple(() =>
        {
            Assert.That(bestBid, Is.EqualTo(new BookLevel(new Price(101), new Quantity(2), 0)));
            Assert.That(bestAsk, Is.EqualTo(new BookLevel(new Price(103), new Quantity(4), 0)));
            Assert.That(secondAsk.Price, Is.EqualTo(new Price(105)));
            Assert.That(book.TryGetLevel(Side.Sell, 2, out _), Is.False);
        });
        book.ValidateInternalState();
    }

    [Test]
    public void Set_ExistingLevel_ReplacesItsQuantity()
    {
        IL2Book book = CreateBook();
        book.Set(Side.Buy, new Price(100), new Quantity(5));
        book.Set(Side.Buy, new Price(100), new Quantity(8));
        Assert.That(book.QuantityAt(Side.Buy, new Price(100)), Is.EqualTo(new Quantity(8)));
        Assert.That(book.LevelCount(Side.Buy), Is.EqualTo(1));
    }

    [Test]
    public void Set_ZeroQuantity_RemovesTheLevel_AndAbsentIsANoOp()
    {
        IL2Book book = CreateBook();
        book.Set(Side.Sell, new Price(100), new Quantity(5));
        book.Set(Side.Sell, new Price(100), Quantity.Zero);
        book.Set(Side.Sell, new Price(101), Quantity.Zero);
        Assert.That(book.LevelCount(Side.Sell), Is.Zero);
        Assert.That(book.QuantityAt(Side.Sell, new Price(100)), Is.EqualTo(Quantity.Zero));
        book.ValidateInternalState();
    }

    [Test]
    public void Set_NegativeQuantity_Throws()
    {
        IL2Book book = CreateBook();
        Assert.That(() => book.Set(Side.Buy, new Price(1), new Quantity(-1)), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void StateHash_IsTheSameForTheSameLevels_WhateverTheUpdateOrder()
    {
        IL2Book first = CreateBook();
        first.Set(Side.Buy, new Price(100), new Quantity(1));
        first.Set(Side.Buy, new Price(99), new Quantity(2));
        IL2Book second = CreateBook();
        second.Set(Side.Buy, new Price(99), new Quantity(7));
        second.Set(Side.Buy, new Price(100), new Quantity(1));
        second.Set(Side.Buy, new Price(99), new Quantity(2));
        Assert.That(first.StateHash(), Is.EqualTo(second.StateHash()));
        second.Set(Side.Sell, new Price(99), new Quantity(2));
        Assert.That(first.StateHash(), Is.Not.EqualTo(second.StateHash()));
    }

    [Test]
    public void Clear_EmptiesBothSides()
    {
        IL2Book book = CreateBook();
        book.Set(Side.Buy, new Price(100), new Quantity(1));
        book.Set(Side.Sell, new Price(101), new Quantity(1));
        book.Clear();
        Assert.That(book.LevelCount(Side.Buy) + book.LevelCount(Side.Sell), Is.Zero);
    }
}
