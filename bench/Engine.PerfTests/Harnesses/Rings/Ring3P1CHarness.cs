using System.Diagnostics;
using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// Three producers into one multi-producer ring, one consumer checking every producer's order, count and sum (the
/// LMAX ThreeToOne test). Four threads on a 2-core machine, so the consumer yields. Baseline in the same run: a
/// bounded multi-writer, single-reader channel.
/// </summary>
public sealed class Ring3P1CHarness : IHarness
{
    private const int RingSize = 1 << 16;
    private const int Producers = 3;
    private const int ProducerBatch = 16;

    public string Name => "ring-3p1c";

    public string Description =>
        "3 producers -> 1 yielding consumer, MP 64K ring, per-event and batch-16 claims, per-producer order checked vs bounded MPSC Channel<long>";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long perProducer = context.Quick ? 3_000_000 : 20_000_000;
        int rounds = context.Quick ? 3 : 7;
        long events = Producers * perProducer;

        var sequencer = new MultiProducerSequencer(RingSize, new YieldingWaitStrategy());
        var ring = new RingBuffer<LongEvent>(RingSize);
        var processor = new BatchEventProcessor<LongEvent, OrderCheckingHandler>(ring, sequencer.NewBarrier(), new OrderCheckingHandler(Producers));
        sequencer.AddGatingSequences(processor.Sequence);
        var consumer = new ConsumerThread(processor);

        PublishRound(sequencer, ring, consumer, processor, perProducer / 10, 1);
        PublishRound(sequencer, ring, consumer, processor, perProducer / 10, ProducerBatch);
        ChannelBaseline.Run(Producers, perProducer / 10, 1, RingSize);
        long expectedCount = 2 * Producers * (perProducer / 10);
        long expectedSum = 2 * RoundStatistics.SumOfFirst(Producers * (perProducer / 10));

        var ringRates = new List<double>();
        var batchRates = new List<double>();
        var channelRates = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            ringRates.Add(RoundStatistics.PerSecond(events, PublishRound(sequencer, ring, consumer, processor, perProducer, 1)));
            batchRates.Add(RoundStatistics.PerSecond(events, PublishRound(sequencer, ring, consumer, processor, perProducer, ProducerBatch)));
            (long ticks, long sum, long count) = ChannelBaseline.Run(Producers, perProducer, 1, RingSize);
            Ring1P1CHarness.Verify("channel", count, sum, events, Producers * RoundStatistics.SumOfFirst(perProducer));
            channelRates.Add(RoundStatistics.PerSecond(events, ticks));
            expectedCount += 2 * events;
            expectedSum += 2 * RoundStatistics.SumOfFirst(events);
            context.Log.WriteLine(
                $"  round {round}: ring {ringRates[^1] / 1e6:F1}M/s, ring batch-{ProducerBatch} {batchRates[^1] / 1e6:F1}M/s, channel {channelRates[^1] / 1e6:F1}M/s");
        }

        consumer.Stop();
        Ring1P1CHarness.Verify("ring", processor.Handler.Count, processor.Handler.Sum, expectedCount, expectedSum);
        if (processor.Handler.OrderViolations != 0)
        {
            throw new HarnessVerificationException($"{processor.Handler.OrderViolations} events arrived out of their producer's order");
        }

        double baseline = RoundStatistics.Median(channelRates);
        Report(context, Name, ringRates, baseline, events, rounds);
        Report(context, $"{Name}-batch{ProducerBatch}", batchRates, baseline, events, rounds);
    }

    private static void Report(HarnessContext context, string name, List<double> rates, double baseline, long events, int rounds)
    {
        double median = RoundStatistics.Median(rates);
        context.Report(new HarnessResult(name, median, "events/s", "channel-mpsc-bounded", baseline)
        {
            Extra = new Dictionary<string, double>
            {
                ["ratio"] = median / baseline,
                ["min"] = rates.Min(),
                ["max"] = rates.Max(),
                ["events_per_round"] = events,
                ["rounds"] = rounds,
            },
        });
    }

    // Values of producer p are i * Producers + p, i = 0..perProducer-1: together, 0..Producers*perProducer-1.
    private static long PublishRound(
        MultiProducerSequencer sequencer,
        RingBuffer<LongEvent> ring,
        ConsumerThread consumer,
        BatchEventProcessor<LongEvent, OrderCheckingHandler> processor,
        long perProducer,
        int batch)
    {
        processor.Handler.ResetOrder();
        long target = sequencer.Cursor + (Producers * perProducer);
        using var go = new ManualResetEventSlim(false);
        var threads = new Thread[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() =>
            {
                go.Wait();
                long i = 0;
                while (i < perProducer)
                {
                    int claim = (int)Math.Min(batch, perProducer - i);
                    long high = sequencer.Next(claim);
                    long low = high - claim + 1;
                    for (long sequence = low; sequence <= high; sequence++)
                    {
                        ring[sequence].Value = (i++ * Producers) + producer;
                    }

                    sequencer.Publish(low, high);
                }
            })
            { Name = $"producer-{p}", IsBackground = true };
            threads[p].Start();
        }

        long started = Stopwatch.GetTimestamp();
        go.Set();
        consumer.WaitUntilProcessed(target);
        long elapsed = Stopwatch.GetTimestamp() - started;
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        return elapsed;
    }
}
