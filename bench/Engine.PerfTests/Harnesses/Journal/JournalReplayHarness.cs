using System.Diagnostics;
using Engine.Core;
using Engine.Host;
using Engine.Journal.Reading;
using Engine.Journal.Writing;
using Engine.PerfTests.Harnesses.Core;
using Engine.PerfTests.Harnesses.Rings;

namespace Engine.PerfTests.Harnesses.Journal;

/// <summary>
/// Replay of a recorded session through the full business-logic processor: read + CRC check + decode + process every
/// record (market data, the market maker's orders acknowledged, cancelled and filled, timer ticks, deposits), as
/// `engine journal replay` and recovery do. The journal is generated first by <see cref="TradingSession"/> (a demo-like
/// input mix, applied to a live BLP as it is written). Baseline in the same run: reading the same journal without the
/// BLP (<see cref="JournalReader"/> with its CRC check, payload touched). Verified: every round replays every record
/// and ends in the live BLP's StateHash.
/// </summary>
public sealed class JournalReplayHarness : IHarness
{
    public string Name => "journal-replay";

    public string Description =>
        "journal replay through the full BLP (read + CRC + decode + market state + strategy + risk + ledger) of a generated demo-like session, records/s, vs JournalReader alone";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int books = context.Quick ? 300_000 : 3_000_000;
        int rounds = 5;
        string root = Path.Combine(Path.GetTempPath(), "engine-journal-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            string journal = Path.Combine(root, "journal");
            var generateClock = Stopwatch.StartNew();
            (ulong liveHash, long records, long fills, long orders) = Generate(journal, books);
            context.Log.WriteLine($"  generated {records:N0} records ({books:N0} books, {orders:N0} orders, {fills:N0} fills) in {generateClock.Elapsed.TotalSeconds:F1} s");

            // Warm-up round of each (tier-1 JIT of the read and process paths), not measured.
            ReadOnly(journal, records);
            Replay(journal, records, liveHash);
            var replayRates = new List<double>();
            var readRates = new List<double>();
            var marketOnlyRates = new List<double>();
            for (int round = 0; round < rounds; round++)
            {
                readRates.Add(RoundStatistics.PerSecond(records, ReadOnly(journal, records)));
                replayRates.Add(RoundStatistics.PerSecond(records, Replay(journal, records, liveHash)));
                marketOnlyRates.Add(RoundStatistics.PerSecond(records, ReplayWithoutStrategy(journal, records)));
                context.Log.WriteLine(
                    $"  round {round}: replay {replayRates[^1] / 1e6:F2}M records/s, read only {readRates[^1] / 1e6:F2}M/s, BLP without strategy {marketOnlyRates[^1] / 1e6:F2}M/s");
            }

            double replay = RoundStatistics.Median(replayRates);
            double read = RoundStatistics.Median(readRates);
            context.Report(new HarnessResult("journal-replay", replay, "records/s", "journal-read", read)
            {
                Extra = new Dictionary<string, double>
                {
                    ["ratio"] = replay / read,

                    // A decomposition, not the baseline: the same records through a BLP without the market maker
                    // (decode + market state; the execution reports find no order), so strategy + risk + ledger cost
                    // is the gap between it and the full replay.
                    ["without_strategy_records_per_s"] = RoundStatistics.Median(marketOnlyRates),
                    ["records"] = records,
                    ["orders"] = orders,
                    ["fills"] = fills,
                    ["rounds"] = rounds,
                    ["ns_per_record"] = 1e9 / replay,
                },
            });
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static (ulong Hash, long Records, long Fills, long Orders) Generate(string journal, int books)
    {
        var options = new JournalOptions
        {
            FsyncPolicy = FsyncPolicy.None,
            SchemaId = Engine.Codecs.EngineSchema.Id,
            SchemaVersion = Engine.Codecs.EngineSchema.Version,
        };
        using JournalWriter writer = JournalWriter.Open(journal, options);
        var session = new TradingSession(withMarketMaker: true, writer, seed: 20261123);
        session.Fund();
        for (int i = 0; i < books; i++)
        {
            session.Step();
            if ((i & 1023) == 0)
            {
                writer.Commit();
            }
        }

        writer.Commit();
        BusinessLogicProcessor live = session.Processor;
        if (!live.Ledger.ComputeTrialBalance().IsBalanced || live.Counters.AccountingBreaks != 0 || session.Fills == 0)
        {
            throw new HarnessVerificationException($"the generated session is not a healthy one: fills {session.Fills}, accounting breaks {live.Counters.AccountingBreaks}");
        }

        return (live.StateHash(), session.Sequence, session.Fills, session.OrdersSeen);
    }

    private static long Replay(string journal, long records, ulong liveHash)
    {
        // The engine's own replay path: the kernel's apply step for every record (checkpoints off: the journal has none).
        var kernel = new EngineKernel(TradingSession.CreateSettings(withMarketMaker: true), new JournalReplayer.CountingOutput(), new KernelOptions { CheckpointInterval = 0 });
        long started = Stopwatch.GetTimestamp();
        long applied = kernel.ReplayDirectory(journal, 1, out _);
        long elapsed = Stopwatch.GetTimestamp() - started;
        ulong hash = kernel.Processor.StateHash();
        if (applied != records || hash != liveHash)
        {
            throw new HarnessVerificationException($"replay applied {applied} of {records} records and ended in StateHash {hash:x16}, the live run in {liveHash:x16}");
        }

        return elapsed;
    }

    private static long ReplayWithoutStrategy(string journal, long records)
    {
        var kernel = new EngineKernel(TradingSession.CreateSettings(withMarketMaker: false), new JournalReplayer.CountingOutput(), new KernelOptions { CheckpointInterval = 0 });
        long started = Stopwatch.GetTimestamp();
        long applied = kernel.ReplayDirectory(journal, 1, out _);
        long elapsed = Stopwatch.GetTimestamp() - started;
        if (applied != records)
        {
            throw new HarnessVerificationException($"the replay without strategy applied {applied} of {records} records");
        }

        return elapsed;
    }

    private static long ReadOnly(string journal, long records)
    {
        long started = Stopwatch.GetTimestamp();
        long count = 0;
        long checksum = 0;
        using (JournalReader reader = JournalReader.Open(journal))
        {
            while (reader.TryRead(out JournalRecord record))
            {
                count++;
                checksum += record.Sequence + record.Payload[^1] + record.TemplateId;
            }
        }

        long elapsed = Stopwatch.GetTimestamp() - started;
        if (count != records || checksum < records * (records + 1) / 2)
        {
            throw new HarnessVerificationException($"read {count} of {records} records (checksum {checksum})");
        }

        return elapsed;
    }
}
