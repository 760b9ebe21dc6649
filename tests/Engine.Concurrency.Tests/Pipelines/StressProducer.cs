using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>Publishes one producer's events 0..count-1 into a ring, optionally claiming in batches.</summary>
public static class StressProducer
{
    public static void Publish(RingBuffer<StressEvent> ring, Sequencer sequencer, int producerId, long count, int batch = 1)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(sequencer);
        long value = 0;
        while (value < count)
        {
            int claim = (int)Math.Min(batch, count - value);
            long high = sequencer.Next(claim);
            long low = high - claim + 1;
            for (long sequence = low; sequence <= high; sequence++)
            {
                ref StressEvent slot = ref ring[sequence];
                slot.ProducerId = producerId;
                slot.Value = value;
                slot.Payload = StressEvent.PayloadOf(producerId, value);
                value++;
            }

            sequencer.Publish(low, high);
        }
    }

    /// <summary>Runs one thread per producer and waits for them; rethrows the first producer failure.</summary>
    public static void PublishConcurrently(RingBuffer<StressEvent> ring, Sequencer sequencer, int producers, long perProducer, int batch = 1)
    {
        var threads = new Thread[producers];
        Exception? failure = null;
        for (int p = 0; p < producers; p++)
        {
            int producerId = p;
            threads[p] = new Thread(() =>
            {
                try
                {
                    Publish(ring, sequencer, producerId, perProducer, batch);
                }
                catch (InvalidOperationException e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                }
            })
            { Name = $"producer-{p}" };
            threads[p].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("a producer failed", failure);
        }
    }
}
