using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>After warm-up, publishing and consuming allocate nothing, on the producer's thread nor on the stage's.</summary>
public class AllocationTests
{
    private const long WarmUp = 200_000;
    private const long Measured = 1_000_000;

    [TestCase(ProducerType.Single)]
    [TestCase(ProducerType.Multi)]
    public void PublishAndConsume_AfterWarmUp_AllocateZeroBytesPerEvent(ProducerType producerType)
    {
        using var disruptor = new Disruptor<StressEvent>(1024, producerType, new YieldingWaitStrategy());
        var consumer = new CountingHandler("consumer", measureFrom: WarmUp, measureTo: WarmUp + Measured - 1);
        disruptor.HandleEventsWith(consumer);
        disruptor.Start();
        RingBuffer<StressEvent> ring = disruptor.RingBuffer;
        Sequencer sequencer = disruptor.Sequencer;

        PublishRange(ring, sequencer, 0, WarmUp);
        long before = GC.GetAllocatedBytesForCurrentThread();
        PublishRange(ring, sequencer, WarmUp, WarmUp + Measured);
        long producerBytes = GC.GetAllocatedBytesForCurrentThread() - before;
        disruptor.Halt(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(producerBytes, Is.Zero, "bytes allocated by the producer thread");
            Assert.That(consumer.AllocatedBytes, Is.Zero, "bytes allocated by the consumer thread");
            Assert.That(consumer.Count, Is.EqualTo(WarmUp + Measured));
        });
    }

    private static void PublishRange(RingBuffer<StressEvent> ring, Sequencer sequencer, long from, long to)
    {
        for (long value = from; value < to; value++)
        {
            long sequence = sequencer.Next();
            ref StressEvent slot = ref ring[sequence];
            slot.Value = value;
            sequencer.Publish(sequence);
        }
    }
}
