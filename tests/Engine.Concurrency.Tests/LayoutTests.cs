using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Tests;

/// <summary>
/// Every padded type keeps its hot fields <see cref="CacheLine.PaddingSize"/> bytes away from anything else, so a
/// refactor cannot silently undo the false-sharing protection.
/// </summary>
public class LayoutTests
{
    [Test]
    public void PaddedLong_HasAFullPaddingBlockOnEachSideOfItsValue()
    {
        Assert.That(Marshal.OffsetOf<PaddedLong>(nameof(PaddedLong.Value)).ToInt32(), Is.EqualTo(CacheLine.PaddingSize));
        var padded = default(PaddedLong);
        Assert.That(Unsafe.ByteOffset(ref Unsafe.As<PaddedLong, byte>(ref padded), ref Unsafe.As<long, byte>(ref padded.Value)).ToInt32(), Is.EqualTo(128));
        Assert.That(Unsafe.SizeOf<PaddedLong>(), Is.EqualTo(CacheLine.PaddingSize + sizeof(long) + CacheLine.PaddingSize));
        Assert.That(CacheLine.PaddingSize, Is.GreaterThanOrEqualTo(2 * CacheLine.Size));
    }

    [Test]
    public void Sequence_ValueSitsOnePaddingBlockIntoTheObject()
    {
        var sequence = new Sequence(42);
        ref byte objectData = ref Unsafe.As<RawObject>(sequence).FirstByte;
        nint offset = Unsafe.ByteOffset(ref objectData, ref Unsafe.As<long, byte>(ref sequence.ValueReference));
        Assert.That(offset.ToInt32(), Is.EqualTo(PaddedLong.ValueOffset));
        Assert.That(sequence.ValueReference, Is.EqualTo(42));
    }

    [Test]
    public void SingleProducerPositions_AreSurroundedByPadding()
    {
        Assert.That(Marshal.OffsetOf<SingleProducerPositions>(nameof(SingleProducerPositions.NextValue)).ToInt32(), Is.EqualTo(CacheLine.PaddingSize));
        Assert.That(Marshal.OffsetOf<SingleProducerPositions>(nameof(SingleProducerPositions.CachedGatingValue)).ToInt32(), Is.EqualTo(CacheLine.PaddingSize + sizeof(long)));
        Assert.That(Unsafe.SizeOf<SingleProducerPositions>(), Is.EqualTo(CacheLine.PaddingSize + (2 * sizeof(long)) + CacheLine.PaddingSize));
    }

    [Test]
    public void RingBuffer_PadsBothEndsWithAtLeastOnePaddingBlock()
    {
        AssertRingPadding<long>(8);
        AssertRingPadding<Large>(256);
        var ring = new RingBuffer<long>(8);
        Assert.That(ring.Slots, Has.Length.EqualTo(8 + (2 * RingBuffer<long>.PaddingSlots)));
        ring[0] = 7;
        Assert.That(ring.Slots[RingBuffer<long>.PaddingSlots], Is.EqualTo(7));
    }

    [Test]
    public void MultiProducerAvailableBuffer_PadsBothEndsWithAPaddingBlock()
    {
        var sequencer = new MultiProducerSequencer(8, new Engine.Concurrency.WaitStrategies.BusySpinWaitStrategy());
        Assert.That(MultiProducerSequencer.AvailableBufferPadding * sizeof(int), Is.EqualTo(CacheLine.PaddingSize));
        Assert.That(sequencer.AvailableBuffer, Has.Length.EqualTo(8 + (2 * MultiProducerSequencer.AvailableBufferPadding)));
        sequencer.Publish(sequencer.Next());
        Assert.That(sequencer.AvailableBuffer[MultiProducerSequencer.AvailableBufferPadding], Is.Zero, "slot 0 holds lap 0");
        Assert.That(sequencer.AvailableBuffer[0], Is.EqualTo(-1), "the padding is never written");
    }

    private static void AssertRingPadding<T>(int expectedSlotSize)
        where T : struct
    {
        Assert.That(Unsafe.SizeOf<T>(), Is.EqualTo(expectedSlotSize));
        Assert.That(RingBuffer<T>.PaddingSlots * Unsafe.SizeOf<T>(), Is.GreaterThanOrEqualTo(CacheLine.PaddingSize));
    }

    /// <summary>Overlays any object so its first field's address can be taken (the runtime's own GetRawData trick).</summary>
    private sealed class RawObject
    {
        public byte FirstByte;
    }

    [StructLayout(LayoutKind.Sequential, Size = 256)]
    private struct Large
    {
        public long Value;
    }
}
