using Engine.Concurrency.Rings;
using Engine.Journal.Writing;
using Engine.Transport;
using HdrHistogram;

namespace Engine.Host.Tests;

/// <summary>
/// The host's per-stage latencies: recorded on the pipeline's threads without allocating, summarised with only the
/// percentiles their sample count supports.
/// </summary>
[TestFixture]
public sealed class PipelineLatencyTests
{
    [Test]
    public void Recording_a_stage_latency_allocates_nothing()
    {
        var stage = new StageLatency("test", "a test stage");
        for (int i = 0; i < 10_000; i++)
        {
            stage.Record(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            stage.Record(1_000 + (i % 50_000));
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(stage.Summarize().Count, Is.EqualTo(110_000));
    }

    [Test]
    public void The_journaller_stamps_and_measures_its_batches_without_allocating()
    {
        string directory = Path.Combine(Path.GetTempPath(), "engine-latency-tests-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new JournalOptions { FsyncPolicy = FsyncPolicy.None, SegmentSize = 8 * 1024 * 1024, SchemaId = Codecs.EngineSchema.Id, SchemaVersion = Codecs.EngineSchema.Version };
            using JournalWriter writer = JournalWriter.Open(directory, options);
            var ring = new RingBuffer<InputSlot>(1024);
            var latencies = new PipelineLatencies();
            var journaller = new JournalHandler(writer, writer.NextSequence, ring, latencies);
            long sequence = 0;
            void Batch(int size)
            {
                for (int i = 0; i < size; i++, sequence++)
                {
                    ref InputSlot slot = ref ring[sequence];
                    slot.TemplateId = 1;
                    slot.Length = 64;
                    slot.EngineTime = MonotonicClock.WallNanos();
                    journaller.OnEvent(ref slot, sequence, i == size - 1);
                }
            }

            for (int batch = 0; batch < 20; batch++)
            {
                Batch(50);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int batch = 0; batch < 100; batch++)
            {
                Batch(50);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.That(allocated, Is.Zero);
            Assert.That(latencies.ReceiveToJournaled.Summarize().Count, Is.EqualTo(sequence), "every input measured once");
            Assert.That(ring[sequence - 1].JournaledTime, Is.GreaterThanOrEqualTo(ring[sequence - 1].EngineTime), "stamped after its receive time");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [TestCase(19, new double[0])]
    [TestCase(20, new[] { 50.0 })]
    [TestCase(50, new[] { 50.0 })]
    [TestCase(100, new[] { 50.0, 90.0 })]
    [TestCase(999, new[] { 50.0, 90.0 })]
    [TestCase(1_000, new[] { 50.0, 90.0, 99.0 })]
    [TestCase(10_000, new[] { 50.0, 90.0, 99.0, 99.9 })]
    public void A_percentile_is_reported_only_with_ten_samples_beyond_it(int samples, double[] expected)
    {
        var histogram = new LongHistogram(StageLatency.MaxNanos, 3);
        for (int i = 1; i <= samples; i++)
        {
            histogram.RecordValue(i * 1_000L);
        }

        LatencySummary summary = LatencySummary.Of(histogram);

        Assert.That(summary.Percentiles.Select(p => p.Percentile), Is.EqualTo(expected));
        Assert.That(summary.Count, Is.EqualTo(samples));
        Assert.That(summary.MaxNanos, Is.InRange(samples * 999L, samples * 1_001L), "the maximum is always there (3 significant digits)");
    }

    [Test]
    public void A_stall_over_ten_seconds_counts_as_ten_seconds_and_a_negative_as_zero()
    {
        var stage = new StageLatency("test", "a test stage");
        stage.Record(60_000_000_000);
        stage.Record(-5);

        LatencySummary summary = stage.Summarize();

        Assert.That(summary.Count, Is.EqualTo(2));
        Assert.That(summary.MaxNanos, Is.GreaterThanOrEqualTo(StageLatency.MaxNanos / 1000 * 999));
    }
}
