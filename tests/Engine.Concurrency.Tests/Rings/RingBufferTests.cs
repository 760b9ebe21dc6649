using System.Runtime.CompilerServices;
using Engine.Concurrency.Rings;

namespace Engine.Concurrency.Tests.Rings;

public class RingBufferTests
{
    [Test]
    public void Indexer_MapsSequencesOneLapApartToTheSameSlot()
    {
        var ring = new RingBuffer<long>(16);
        ring[3] = 99;
        Assert.Multiple(() =>
        {
            Assert.That(ring[3 + 16], Is.EqualTo(99));
            Assert.That(ring[3 + (16L * 1_000_000_000)], Is.EqualTo(99));
            Assert.That(Unsafe.AreSame(ref ring[3], ref ring[19]), Is.True);
            Assert.That(Unsafe.AreSame(ref ring[3], ref ring[4]), Is.False);
        });
    }

    [Test]
    public void Indexer_ReturnsTheSlotByReference_SoWritesLandInPlace()
    {
        var ring = new RingBuffer<TestSlot>(4);
        ref TestSlot slot = ref ring[2];
        slot.Value = 5;
        slot.Owner = 7;
        Assert.That(ring[6].Value + ring[6].Owner, Is.EqualTo(12));
    }

    [Test]
    public void Constructor_RunsTheInitializerOncePerSlot()
    {
        var ring = new RingBuffer<TestSlot>(8, (ref TestSlot slot, int index) => slot.Value = index * 10);
        for (int i = 0; i < 8; i++)
        {
            Assert.That(ring[i].Value, Is.EqualTo(i * 10));
        }
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(1000)]
    public void Constructor_WithASizeThatIsNotAPowerOfTwo_IsRejected(int size)
    {
        Assert.That(() => new RingBuffer<long>(size), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("power of two"));
    }
}
