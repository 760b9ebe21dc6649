using Engine.Primitives;

namespace Engine.Primitives.Tests;

[TestFixture]
public sealed class IdentifierTests
{
    [Test]
    public void Ids_CompareByValue_AndDefaultIsNone()
    {
        Assert.Multiple(() =>
        {
            Assert.That(new OrderId(5), Is.EqualTo(new OrderId(2 + 3)));
            Assert.That(new OrderId(5).CompareTo(new OrderId(6)), Is.Negative);
            Assert.That(default(AccountId).IsNone, Is.True);
            Assert.That(InstrumentId.None, Is.EqualTo(default(InstrumentId)));
            Assert.That(new VenueId(3).ToString(), Is.EqualTo("3"));
        });
    }

    [Test]
    public void Side_OppositeAndCrossing()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Side.Buy.Opposite(), Is.EqualTo(Side.Sell));
            Assert.That(Side.Buy.Crosses(new Price(100), new Price(100)), Is.True);
            Assert.That(Side.Buy.Crosses(new Price(99), new Price(100)), Is.False);
            Assert.That(Side.Sell.Crosses(new Price(100), new Price(101)), Is.True);
            Assert.That(Side.Sell.Crosses(new Price(102), new Price(101)), Is.False);
        });
    }
}
