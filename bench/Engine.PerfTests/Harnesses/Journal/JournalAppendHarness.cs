using System.Diagnostics;
using Engine.Journal.Verification;
using Engine.Journal.Writing;
using Engine.PerfTests.Harnesses.Rings;
using HdrHistogram;
using Microsoft.Win32.SafeHandles;

namespace Engine.PerfTests.Harnesses.Journal;

/// <summary>
/// Appends 64-256 byte records (seeded sizes) to a journal in 64 MiB segments, committing every
/// <see cref="BatchSize"/> records, once per fsync policy. Baseline in the same run: a buffered <see cref="FileStream"/>
/// writing the same bytes (header and payload, no CRC) with the same flush-to-disk points. With fsync per batch each
/// round also measures the disk alone (4 KiB overwritten in place and synced, in a loop): that rate times the batch
/// size bounds what any writer can reach with a sync per batch on this machine. The journal is read back and
/// verified (count, payload bytes, every CRC) after the measured rounds. Group commit makes batches grow while a
/// sync is in flight, so fsync per batch is also measured with <see cref="LargeBatchSize"/> records per commit.
/// </summary>
public sealed class JournalAppendHarness : IHarness
{
    /// <summary>Records per commit: a ring batch under load.</summary>
    public const int BatchSize = 256;

    /// <summary>Records per commit when inputs arrive faster than the disk syncs (~1 ms of input at 4 M/s).</summary>
    public const int LargeBatchSize = 4096;

    /// <summary>How many seeded record sizes <see cref="Sizes"/> makes (a power of two: callers index with a mask).</summary>
    internal const int SizeCount = 4096;
    private const int HeaderBytes = 40;

    public string Name => "journal-append";

    public string Description =>
        $"journal append of 64-256 B records, commit per {BatchSize}, fsync none / per batch (also per {LargeBatchSize}) / every record, vs buffered FileStream with the same flushes";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int[] sizes = Sizes();
        int rounds = context.Quick ? 3 : 5;
        RunPolicy(context, FsyncPolicy.None, context.Quick ? 2_000_000 : 10_000_000, rounds, sizes, BatchSize);
        RunPolicy(context, FsyncPolicy.PerBatch, context.Quick ? 100_000 : 1_000_000, rounds, sizes, BatchSize);
        RunPolicy(context, FsyncPolicy.PerBatch, context.Quick ? 400_000 : 4_000_000, rounds, sizes, LargeBatchSize);
        RunPolicy(context, FsyncPolicy.EveryRecord, context.Quick ? 500 : 5_000, rounds, sizes, 1);
    }

    private static void RunPolicy(HarnessContext context, FsyncPolicy policy, long records, int rounds, int[] sizes, int batch)
    {
        string root = Path.Combine(Path.GetTempPath(), "engine-journal-append-" + Guid.NewGuid().ToString("N"));
        var histogram = new LongHistogram(3_600_000_000_000L, 3);
        var journalRates = new List<double>();
        var baselineRates = new List<double>();
        var syncRates = new List<double>();
        long payloadBytes = 0;
        try
        {
            // Warm-up round (tier-1 JIT of the append path), not measured.
            Append(Path.Combine(root, "warmup"), policy, batch, Math.Min(records, 200_000), sizes, null, out _);
            for (int round = 0; round < rounds; round++)
            {
                string directory = Path.Combine(root, "round" + round);
                long ticks = Append(directory, policy, batch, records, sizes, histogram, out payloadBytes);
                journalRates.Add(RoundStatistics.PerSecond(records, ticks));
                long baselineTicks = BaselineAppend(Path.Combine(root, "baseline" + round), policy, batch, records, sizes);
                baselineRates.Add(RoundStatistics.PerSecond(records, baselineTicks));
                string syncs = string.Empty;
                if (policy == FsyncPolicy.PerBatch && batch == BatchSize)
                {
                    syncRates.Add(RawSyncRate(Path.Combine(root, "sync" + round), context.Quick ? 200 : 1_000));
                    syncs = $", disk alone {syncRates[^1]:F0} syncs/s";
                }

                context.Log.WriteLine($"  {policy} round {round}: journal {journalRates[^1] / 1e6:F2}M records/s, filestream {baselineRates[^1] / 1e6:F2}M/s{syncs}");
                if (round < rounds - 1)
                {
                    Directory.Delete(directory, recursive: true);
                }
                else
                {
                    VerificationReport report = JournalVerifier.Verify(directory);
                    if (report.Records != records || report.PayloadBytes != payloadBytes || report.LastSequence != records || report.TornTail is not null)
                    {
                        throw new HarnessVerificationException(
                            $"{policy}: read back {report.Records} records / {report.PayloadBytes} bytes, wrote {records} / {payloadBytes}");
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }

        double median = RoundStatistics.Median(journalRates);
        double baseline = RoundStatistics.Median(baselineRates);
        double bytesPerRecord = (double)payloadBytes / records;
        string suffix = policy switch
        {
            FsyncPolicy.None => "none",
            FsyncPolicy.PerBatch when batch == BatchSize => "per-batch",
            FsyncPolicy.PerBatch => "per-batch-" + batch,
            _ => "every-record",
        };
        var extra = new Dictionary<string, double>
        {
            ["mb_per_s"] = median * (bytesPerRecord + HeaderBytes) / 1e6,
            ["payload_mb_per_s"] = median * bytesPerRecord / 1e6,
            ["ratio"] = median / baseline,
            ["batch"] = batch,
            ["records_per_round"] = records,
            ["rounds"] = rounds,
            ["batch_p50_us"] = histogram.GetValueAtPercentile(50) / 1000.0,
            ["batch_p99_us"] = histogram.GetValueAtPercentile(99) / 1000.0,
            ["batch_p99_9_us"] = histogram.GetValueAtPercentile(99.9) / 1000.0,
            ["batch_max_us"] = histogram.GetMaxValue() / 1000.0,
        };
        if (syncRates.Count > 0)
        {
            double syncRate = RoundStatistics.Median(syncRates);
            extra["disk_syncs_per_s"] = syncRate;
            extra["disk_ceiling_records_per_s"] = syncRate * batch;
        }

        context.Report(new HarnessResult($"journal-append-{suffix}", median, "records/s", $"filestream-append-{suffix}", baseline) { Extra = extra });
    }

    /// <summary>Appends <paramref name="records"/> records; returns the Stopwatch ticks of the append-and-commit loop.</summary>
    private static long Append(string directory, FsyncPolicy policy, int batch, long records, int[] sizes, LongHistogram? histogram, out long payloadBytes)
    {
        var options = new JournalOptions { FsyncPolicy = policy, SchemaId = 1, SchemaVersion = 1 };
        byte[] payload = new byte[256];
        new Random(7).NextBytes(payload);
        payloadBytes = 0;
        double nanosPerTick = 1e9 / Stopwatch.Frequency;
        using JournalWriter writer = JournalWriter.Open(directory, options);
        long started = Stopwatch.GetTimestamp();
        long batchStart = started;
        for (long sequence = 1; sequence <= records; sequence++)
        {
            int size = sizes[sequence & (SizeCount - 1)];
            payloadBytes += size;
            writer.Append(sequence, 1, sequence, sequence, payload.AsSpan(0, size));
            if (sequence % batch == 0 || sequence == records)
            {
                writer.Commit();
                long now = Stopwatch.GetTimestamp();
                histogram?.RecordValue((long)((now - batchStart) * nanosPerTick));
                batchStart = now;
            }
        }

        long elapsed = Stopwatch.GetTimestamp() - started;
        if (writer.DurableSequence != records)
        {
            throw new HarnessVerificationException($"{policy}: durable sequence {writer.DurableSequence} after {records} records");
        }

        return elapsed;
    }

    private static long BaselineAppend(string directory, FsyncPolicy policy, int batch, long records, int[] sizes)
    {
        Directory.CreateDirectory(directory);
        byte[] record = new byte[HeaderBytes + 256];
        string path = Path.Combine(directory, "baseline.bin");
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
            long started = Stopwatch.GetTimestamp();
            for (long sequence = 1; sequence <= records; sequence++)
            {
                int size = sizes[sequence & (SizeCount - 1)];
                BitConverter.TryWriteBytes(record.AsSpan(8), sequence);
                stream.Write(record, 0, HeaderBytes + ((size + 7) & ~7));
                if (policy != FsyncPolicy.None && (sequence % batch == 0 || sequence == records))
                {
                    stream.Flush(flushToDisk: true);
                }
            }

            stream.Flush(flushToDisk: policy != FsyncPolicy.None);
            return Stopwatch.GetTimestamp() - started;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// Syncs per second of the smallest durable write: 4 KiB overwritten in place (no allocation, no size change),
    /// then a flush to disk. What the disk costs a commit, with no journal code involved.
    /// </summary>
    private static double RawSyncRate(string directory, int syncs)
    {
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, "sync.bin");
        byte[] block = new byte[4096];
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite);
            RandomAccess.Write(handle, block, 0);
            RandomAccess.FlushToDisk(handle);
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < syncs; i++)
            {
                block[0] = (byte)i;
                RandomAccess.Write(handle, block, 0);
                RandomAccess.FlushToDisk(handle);
            }

            return RoundStatistics.PerSecond(syncs, Stopwatch.GetTimestamp() - started);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Seeded record payload sizes of 64-256 bytes.</summary>
    internal static int[] Sizes()
    {
        var random = new Random(20261123);
        int[] sizes = new int[SizeCount];
        for (int i = 0; i < sizes.Length; i++)
        {
            sizes[i] = random.Next(64, 257);
        }

        return sizes;
    }
}
