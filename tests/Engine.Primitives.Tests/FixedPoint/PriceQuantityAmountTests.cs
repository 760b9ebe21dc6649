using Engine.Primitives;

namespace Engine.Primitives.Tests;

[TestFixture]
public sealed class PriceQuantityAmountTests
{
    [Test]
    public void Price_ParseAndFormat_UseTheInstrumentScale()
    {
        Price price = Price.Parse("61737.63000000", 2);
        Assert.Multiple(() =>
        {
            Assert.That(price.Units, Is.EqualTo(6_173_763));
            Assert.That(price.ToString(2), Is.EqualTo("61737.63"));
            Assert.That(Price.Parse("61737.63000000", 8).ToString(8), Is.EqualTo("61737.63000000"));
            Assert.That(price.ToString(), Is.EqualTo("6173763"));
        });
    }

    [Test]
    public void Arithmetic_OverflowThrows_InsteadOfWrapping()
    {
        var big = new Quantity(long.MaxValue);
        Assert.Multiple(() =>
        {
            Assert.That(() => big + new Quantity(1), Throws.InstanceOf<OverflowException>());
            Assert.That(() => new Amount(long.MinValue) - new Amount(1), Throws.InstanceOf<OverflowException>());
            Assert.That(() => -new Price(long.MinValue), Throws.InstanceOf<OverflowException>());
        });
    }

    [Test]
    public void Comparisons_FollowTheUnits()
    {
        var low = new Price(100);
        var high = new Price(101);
        Assert.Multiple(() =>
        {
            Assert.That(low < high && high > low && low <= new Price(100) && high >= new Price(101), Is.True);
            Assert.That(low.CompareTo(high), Is.Negative);
            Assert.That(Price.Max(low, high), Is.EqualTo(high));
            Assert.That(Quantity.Min(new Quantity(3), new Quantity(2)), Is.EqualTo(new Quantity(2)));
            Assert.That(new Amount(5) == new Amount(5), Is.True);
        });
    }

    [Test]
    public void Notional_IsExact_InTheSumOfTheScales()
    {
        // 61737.63 (scale 2) × 0.00150 (scale 5) = 92.6064450 (scale 7).
        Amount notional = Notional.Of(new Price(6_173_763), 2, new Quantity(150), 5, 7);
        Assert.That(notional.Units, Is.EqualTo(926_064_450));
        Assert.That(Notional.Of(new Price(6_173_763), 2, new Quantity(150), 5, 2).Units, Is.EqualTo(9_260));
    }

    [Test]
    public void Notional_Overflow_Throws()
    {
        Assert.That(() => Notional.Of(new Price(long.MaxValue / 2), 0, new Quantity(3), 0, 0), Throws.InstanceOf<OverflowException>());
    }
}
