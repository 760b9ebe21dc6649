using System.Diagnostics;
using System.Threading.Channels;
using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;
using HdrHistogram;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// Round-trip latency between two threads over two single-producer rings (ping, then an echo on pong), both sides
/// busy-spinning; one message in flight. Baseline in the same run: the same ping-pong over two bounded SPSC
/// channels, both sides spinning on <c>TryRead</c> (the fastest way to use them; awaiting would add a thread-pool
/// wake-up per hop).
/// </summary>
public sealed class RingPingPongHarness : IHarness
{
    private const int RingSize = 1024;
    private const long HighestTrackableNanoseconds = 10_000_000_000;

    public string Name => "ring-pingpong";

    public string Description => "round trip over two SP rings, busy-spin both sides, HdrHistogram percentiles (ns) vs two spinning SPSC Channel<long>";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int iterations = context.Quick ? 300_000 : 3_000_000;
        int warmUp = context.Quick ? 100_000 : 500_000;

        LongHistogram ring = MeasureRing(warmUp, iterations);
        LongHistogram channel = MeasureChannels(warmUp, iterations / 3);
        context.Log.WriteLine($"  ring p50 {ring.GetValueAtPercentile(50)} ns, p99 {ring.GetValueAtPercentile(99)} ns; channel p50 {channel.GetValueAtPercentile(50)} ns");
        context.Report(new HarnessResult(Name, ring.GetValueAtPercentile(50), "ns", "channel-spsc-pingpong", channel.GetValueAtPercentile(50))
        {
            Extra = new Dictionary<string, double>
            {
                ["p50"] = ring.GetValueAtPercentile(50),
                ["p90"] = ring.GetValueAtPercentile(90),
                ["p99"] = ring.GetValueAtPercentile(99),
                ["p99_9"] = ring.GetValueAtPercentile(99.9),
                ["max"] = ring.GetMaxValue(),
                ["mean"] = ring.GetMean(),
                ["round_trips"] = ring.TotalCount,
                ["baseline_p99"] = channel.GetValueAtPercentile(99),
                ["baseline_p99_9"] = channel.GetValueAtPercentile(99.9),
            },
        });
    }

    private static LongHistogram MeasureRing(int warmUp, int iterations)
    {
        var pingSequencer = new SingleProducerSequencer(RingSize, new BusySpinWaitStrategy());
        var pingRing = new RingBuffer<LongEvent>(RingSize);
        var pongSequencer = new SingleProducerSequencer(RingSize, new BusySpinWaitStrategy());
        var pongRing = new RingBuffer<LongEvent>(RingSize);
        var responder = new BatchEventProcessor<LongEvent, EchoHandler>(pingRing, pingSequencer.NewBarrier(), new EchoHandler(pongRing, pongSequencer));
        pingSequencer.AddGatingSequences(responder.Sequence);

        // The pinger is the pong ring's consumer: it reads through a barrier and gates the responder with its sequence.
        var pongConsumed = new Sequence();
        pongSequencer.AddGatingSequences(pongConsumed);
        SequenceBarrier pongBarrier = pongSequencer.NewBarrier();
        var consumer = new ConsumerThread(responder);

        var histogram = new LongHistogram(HighestTrackableNanoseconds, 3);
        long total = (long)warmUp + iterations;
        for (long i = 0; i < total; i++)
        {
            long started = Stopwatch.GetTimestamp();
            long ping = pingSequencer.Next();
            pingRing[ping].Value = i;
            pingSequencer.Publish(ping);
            if (pongBarrier.WaitFor(i) < i)
            {
                throw new HarnessVerificationException($"pong {i} never arrived");
            }

            long echoed = pongRing[i].Value;
            pongConsumed.Value = i;
            long elapsed = Stopwatch.GetTimestamp() - started;
            if (echoed != i)
            {
                throw new HarnessVerificationException($"pong {i} carried {echoed}");
            }

            if (i >= warmUp)
            {
                histogram.RecordValue(ToNanoseconds(elapsed));
            }
        }

        consumer.Stop();
        if (histogram.TotalCount != iterations)
        {
            throw new HarnessVerificationException($"recorded {histogram.TotalCount} round trips, expected {iterations}");
        }

        return histogram;
    }

    private static LongHistogram MeasureChannels(int warmUp, int iterations)
    {
        var options = new BoundedChannelOptions(RingSize) { SingleReader = true, SingleWriter = true };
        Channel<long> ping = Channel.CreateBounded<long>(options);
        Channel<long> pong = Channel.CreateBounded<long>(options);
        long total = (long)warmUp + iterations;
        var responder = new Thread(() =>
        {
            for (long i = 0; i < total; i++)
            {
                long value;
                while (!ping.Reader.TryRead(out value))
                {
                }

                while (!pong.Writer.TryWrite(value))
                {
                }
            }
        })
        { Name = "channel-responder", IsBackground = true };
        responder.Start();

        var histogram = new LongHistogram(HighestTrackableNanoseconds, 3);
        for (long i = 0; i < total; i++)
        {
            long started = Stopwatch.GetTimestamp();
            while (!ping.Writer.TryWrite(i))
            {
            }

            long echoed;
            while (!pong.Reader.TryRead(out echoed))
            {
            }

            long elapsed = Stopwatch.GetTimestamp() - started;
            if (echoed != i)
            {
                throw new HarnessVerificationException($"channel pong {i} carried {echoed}");
            }

            if (i >= warmUp)
            {
                histogram.RecordValue(ToNanoseconds(elapsed));
            }
        }

        responder.Join();
        return histogram;
    }

    private static long ToNanoseconds(long ticks) => (long)(ticks * (1_000_000_000.0 / Stopwatch.Frequency));
}
