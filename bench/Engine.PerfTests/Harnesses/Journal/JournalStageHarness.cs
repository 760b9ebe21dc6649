using System.Diagnostics;
using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;
using Engine.Host;
using Engine.Journal.Verification;
using Engine.Journal.Writing;
using Engine.PerfTests.Harnesses.Rings;

namespace Engine.PerfTests.Harnesses.Journal;

/// <summary>
/// journal-stage: the engine's journaller as it runs. A producer thread publishes 64-256 byte inputs into the
/// engine's inbound ring (<see cref="InputSlot"/>, 8,192 slots, yielding waits, as the default configuration), and
/// the engine's <see cref="JournalHandler"/> appends each ring batch and commits at its end, with a sync per batch.
/// Batches are as large as what arrived while the previous commit was syncing (group commit), not a fixed size.
/// Figures: records/s made durable, and the mean batch (records per commit). Baseline, same run: the same pipeline
/// with fsync none. Verified: the journal holds every record, each with a valid CRC.
/// </summary>
public sealed class JournalStageHarness : IHarness
{
    private const int RingSize = 8192;

    public string Name => "journal-stage";

    public string Description => "producer -> engine inbound ring (8,192) -> JournalHandler, fsync per (natural) batch; records/s durable and mean batch; baseline: fsync none";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        long records = context.Quick ? 500_000 : 2_000_000;
        int rounds = context.Quick ? 2 : 5;
        int[] sizes = JournalAppendHarness.Sizes();
        string root = Path.Combine(Path.GetTempPath(), "engine-journal-stage-" + Guid.NewGuid().ToString("N"));
        try
        {
            Round(Path.Combine(root, "warmup"), FsyncPolicy.PerBatch, Math.Min(records, 200_000), sizes);
            var durableRates = new List<double>();
            var unsyncedRates = new List<double>();
            var batches = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                (double rate, double meanBatch) = Round(Path.Combine(root, "batch" + round), FsyncPolicy.PerBatch, records, sizes);
                durableRates.Add(rate);
                batches.Add(meanBatch);
                (double unsynced, _) = Round(Path.Combine(root, "none" + round), FsyncPolicy.None, records, sizes);
                unsyncedRates.Add(unsynced);
                context.Log.WriteLine($"  round {round}: fsync per batch {rate / 1e6:F2}M records/s (mean batch {meanBatch:F0}), fsync none {unsynced / 1e6:F2}M/s");
            }

            double median = RoundStatistics.Median(durableRates);
            context.Report(new HarnessResult(Name, median, "records/s", "journal-stage-fsync-none", RoundStatistics.Median(unsyncedRates))
            {
                Extra = new Dictionary<string, double>
                {
                    ["mean_batch"] = RoundStatistics.Median(batches),
                    ["min"] = durableRates.Min(),
                    ["max"] = durableRates.Max(),
                    ["records_per_round"] = records,
                    ["rounds"] = rounds,
                },
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Publishes <paramref name="records"/> inputs and waits until the journaller has committed the last; returns records/s and the mean batch.</summary>
    private static (double Rate, double MeanBatch) Round(string directory, FsyncPolicy policy, long records, int[] sizes)
    {
        var options = new JournalOptions { FsyncPolicy = policy, SchemaId = Engine.Codecs.EngineSchema.Id, SchemaVersion = Engine.Codecs.EngineSchema.Version };
        long ticks;
        BatchCountingHandler handler;
        using (JournalWriter writer = JournalWriter.Open(directory, options))
        {
            var sequencer = new SingleProducerSequencer(RingSize, new YieldingWaitStrategy());
            using var disruptor = new Disruptor<InputSlot>(new RingBuffer<InputSlot>(RingSize), sequencer);
            handler = new BatchCountingHandler(new JournalHandler(writer, sequenceOffset: 1, disruptor.RingBuffer, new PipelineLatencies()));
            disruptor.HandleEventsWith(handler);
            disruptor.Start();
            RingBuffer<InputSlot> ring = disruptor.RingBuffer;
            long started = Stopwatch.GetTimestamp();
            for (long i = 0; i < records; i++)
            {
                long sequence = sequencer.Next();
                ref InputSlot slot = ref ring[sequence];
                int length = sizes[i & (JournalAppendHarness.SizeCount - 1)];
                slot.TemplateId = 108;
                slot.Length = length;
                slot.ExchangeTime = i;
                slot.EngineTime = i;
                slot.Writable[length - 1] = (byte)i;
                sequencer.Publish(sequence);
            }

            // Durable: the writer has committed (and, per batch, synced) the last record.
            var spinner = default(SpinWait);
            while (writer.DurableSequence < records)
            {
                if (disruptor.Fault is { } fault)
                {
                    throw new HarnessVerificationException(fault.ToString());
                }

                spinner.SpinOnce(sleep1Threshold: -1);
            }

            ticks = Stopwatch.GetTimestamp() - started;
            disruptor.Halt(TimeSpan.FromSeconds(60));
        }

        VerificationReport report = JournalVerifier.Verify(directory);
        if (report.Records != records || report.LastSequence != records || report.TornTail is not null)
        {
            throw new HarnessVerificationException($"{policy}: the journal holds {report.Records} records up to {report.LastSequence}; {records} were published");
        }

        Directory.Delete(directory, recursive: true);
        return (RoundStatistics.PerSecond(records, ticks), (double)records / Math.Max(1, handler.Batches));
    }

    /// <summary>The engine's journaller, counting the batches it commits.</summary>
    private sealed class BatchCountingHandler(JournalHandler inner) : IEventHandler<InputSlot>
    {
        public long Batches { get; private set; }

        public string Name => "journaller";

        public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch)
        {
            inner.OnEvent(ref slot, sequence, endOfBatch);
            if (endOfBatch)
            {
                Batches++;
            }
        }

        public void OnBatchPublished() => inner.OnBatchPublished();
    }
}
