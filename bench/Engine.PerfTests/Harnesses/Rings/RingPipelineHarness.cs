using System.Diagnostics;
using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// One producer through three chained stages on one ring (the LMAX OneToThreePipeline test): each stage reads what
/// the previous one wrote in the slot, so overtaking breaks the checksum. Four threads on 2 cores, so the stages
/// yield. Baseline in the same run: three chained bounded channels.
/// </summary>
public sealed class RingPipelineHarness : IHarness
{
    private const int RingSize = 1 << 16;

    public string Name => "ring-pipeline";

    public string Description => "1 producer -> stage 0 -> stage 1 -> stage 2 on one 64K ring, yielding vs 3 chained bounded Channel<long>";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long events = context.Quick ? 10_000_000 : 50_000_000;
        int rounds = context.Quick ? 3 : 7;

        var sequencer = new SingleProducerSequencer(RingSize, new YieldingWaitStrategy());
        using var disruptor = new Disruptor<LongEvent>(new RingBuffer<LongEvent>(RingSize), sequencer);
        EventHandlerGroup<LongEvent> last = disruptor
            .HandleEventsWith(new PipelineStageHandler(0))
            .Then(new PipelineStageHandler(1))
            .Then(new PipelineStageHandler(2));
        var sink = (BatchEventProcessor<LongEvent, PipelineStageHandler>)last.Processors[0];
        disruptor.Start();

        Publish(disruptor, sequencer, sink, events / 10);
        ChannelBaseline.Run(1, events / 10, 3, RingSize);
        long expectedCount = events / 10;
        long expectedSum = StageSum(events / 10);

        var ringRates = new List<double>();
        var channelRates = new List<double>();
        for (int round = 0; round < rounds; round++)
        {
            ringRates.Add(RoundStatistics.PerSecond(events, Publish(disruptor, sequencer, sink, events)));
            (long ticks, long sum, long count) = ChannelBaseline.Run(1, events, 3, RingSize);
            Ring1P1CHarness.Verify("channel", count, sum, events, RoundStatistics.SumOfFirst(events));
            channelRates.Add(RoundStatistics.PerSecond(events, ticks));
            expectedCount += events;
            expectedSum += StageSum(events);
            context.Log.WriteLine($"  round {round}: ring {ringRates[^1] / 1e6:F1}M/s, channels {channelRates[^1] / 1e6:F1}M/s");
        }

        disruptor.Halt(TimeSpan.FromSeconds(60));
        Ring1P1CHarness.Verify("ring pipeline", sink.Handler.Count, sink.Handler.Sum, expectedCount, expectedSum);

        double median = RoundStatistics.Median(ringRates);
        double baseline = RoundStatistics.Median(channelRates);
        context.Report(new HarnessResult(Name, median, "events/s", "channel-3-stage-chain", baseline)
        {
            Extra = new Dictionary<string, double>
            {
                ["ratio"] = median / baseline,
                ["min"] = ringRates.Min(),
                ["max"] = ringRates.Max(),
                ["events_per_round"] = events,
                ["rounds"] = rounds,
            },
        });
    }

    // Stage 2 sums 2 * (value + 1) over values 0..events-1.
    private static long StageSum(long events) => 2 * (RoundStatistics.SumOfFirst(events) + events);

    private static long Publish(Disruptor<LongEvent> disruptor, SingleProducerSequencer sequencer, IEventProcessor sink, long events)
    {
        RingBuffer<LongEvent> ring = disruptor.RingBuffer;
        long started = Stopwatch.GetTimestamp();
        for (long value = 0; value < events; value++)
        {
            long sequence = sequencer.Next();
            ring[sequence].Value = value;
            sequencer.Publish(sequence);
        }

        var spinner = default(SpinWait);
        long target = sequencer.Cursor;
        while (sink.Sequence.Value < target)
        {
            if (disruptor.Fault is { } fault)
            {
                throw new HarnessVerificationException(fault.ToString());
            }

            spinner.SpinOnce(sleep1Threshold: -1);
        }

        return Stopwatch.GetTimestamp() - started;
    }
}
