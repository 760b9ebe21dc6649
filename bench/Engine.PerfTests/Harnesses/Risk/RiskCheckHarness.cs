using System.Diagnostics;
using Engine.PerfTests.Harnesses.Platform;
using Engine.Risk;

namespace Engine.PerfTests.Harnesses.Risk;

/// <summary>
/// risk-check: the full pre-trade check of one order with every check on (ids, kill switches, dead-man, trading
/// states, tick/lot/min-notional, size, notional, price band, reduce-only, daily loss, position, symbol and gross
/// exposure over three instruments, balance, account and strategy token buckets). A clock read (~25 ns) costs about
/// half a check, so latency is timed three ways, all reported, as in the ledger-transfer harness: blocks of 8 checks,
/// divided (the headline: ~3 ns of clock per check, and a block is short enough that the machine's own stalls touch
/// well under 1% of the blocks), each check alone (includes the whole clock read: an upper bound), and blocks of 64
/// (the throughput; a stall is charged to all 64 checks, so its tail is the machine's). Each engine is warmed for at
/// least a second first (tiered JIT). Baseline, same run: the same check with every limit off, in blocks of 8.
/// Verified: every check passes, the balance was queried once per check, and the measured loop allocated 0 bytes.
/// </summary>
public sealed class RiskCheckHarness : IHarness
{
    private const int Block = 64;
    private const int ShortBlock = 8;
    private const int Warmup = 2_000;
    private const int WarmUpMillis = 1_000;

    public string Name => "risk-check";

    public string Description => "full pre-trade risk check of one order, every check on; baseline: every limit off";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int blocks = context.Quick ? 30_000 : 300_000;
        int singles = context.Quick ? 500_000 : 5_000_000;

        HostStalls stalls = HostStalls.Measure(TimeSpan.FromSeconds(1));
        context.Log.WriteLine($"  machine: {stalls}");
        (LatencyRecorder full, _, long allocated) = MeasureBlocks(RiskBench.CreateEngine(limitsOn: true), blocks * (Block / ShortBlock), ShortBlock);
        (LatencyRecorder longBlocks, double opsPerSecond, long allocatedLong) = MeasureBlocks(RiskBench.CreateEngine(limitsOn: true), blocks, Block);
        (LatencyRecorder baseline, _, _) = MeasureBlocks(RiskBench.CreateEngine(limitsOn: false), blocks * (Block / ShortBlock), ShortBlock);
        (LatencyRecorder single, LatencyRecorder clock) = MeasureSingles(RiskBench.CreateEngine(limitsOn: true), singles);

        var extra = new Dictionary<string, double>
        {
            ["p50ns"] = full.PercentileNanoseconds(50),
            ["p90ns"] = full.PercentileNanoseconds(90),
            ["p99ns"] = full.PercentileNanoseconds(99),
            ["p99_9ns"] = full.PercentileNanoseconds(99.9),
            ["opsPerSecond"] = opsPerSecond,
            ["allocatedBytes"] = allocated + allocatedLong,
            ["singleP50ns"] = single.PercentileNanoseconds(50),
            ["singleP99ns"] = single.PercentileNanoseconds(99),
            ["singleP99_9ns"] = single.PercentileNanoseconds(99.9),
            ["clockReadP50ns"] = clock.PercentileNanoseconds(50),
            ["clockReadP99ns"] = clock.PercentileNanoseconds(99),
            ["block64P50ns"] = longBlocks.PercentileNanoseconds(50),
            ["block64P99ns"] = longBlocks.PercentileNanoseconds(99),
            ["baselineP50ns"] = baseline.PercentileNanoseconds(50),
            ["count"] = full.Count * ShortBlock,
        };
        stalls.AddTo(extra);
        context.Log.WriteLine(
            $"  blocks of {ShortBlock}: p50 {extra["p50ns"]} ns, p99 {extra["p99ns"]} ns; each alone: p50 {extra["singleP50ns"]} ns, p99 {extra["singleP99ns"]} ns (clock read p50 {extra["clockReadP50ns"]} ns); blocks of {Block}: p50 {extra["block64P50ns"]} ns, p99 {extra["block64P99ns"]} ns");
        context.Report(new HarnessResult(Name, full.PercentileNanoseconds(99), $"ns per check (p99 of {ShortBlock}-check blocks)", "every-limit-off", baseline.PercentileNanoseconds(99))
        {
            Extra = extra,
        });
    }

    private static (LatencyRecorder Recorder, double OpsPerSecond, long Allocated) MeasureBlocks(RiskEngine engine, int blocks, int blockSize)
    {
        var recorder = new LatencyRecorder();
        long time = 1_000;
        long passed = 0;
        long totalTicks = 0;

        // Warm-up: at least Warmup blocks and at least a second, recorded into a throw-away histogram so the measured
        // loop runs exactly the code it warmed. Tiered compilation replaces a method's first code only after ~100 ms
        // of calls and a background compile; the fixed 2,000 blocks used before (a few milliseconds) left the first
        // part of the measured run on unoptimised code, which was most of its p99.
        var warmUpRecorder = new LatencyRecorder();
        var warmUpTime = Stopwatch.StartNew();
        long warmUpBlocks = 0;
        while (warmUpBlocks < Warmup || warmUpTime.ElapsedMilliseconds < WarmUpMillis)
        {
            RunBlock(engine, ref time, ref passed, blockSize, warmUpRecorder);
            warmUpBlocks++;
        }

        for (int b = 0; b < blocks; b++)
        {
            totalTicks += RunBlock(engine, ref time, ref passed, blockSize, recorder);
        }

        // Allocation is measured on its own (the histogram is outside the engine's responsibility).
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Warmup * Block; i++)
        {
            RiskOrder order = RiskBench.Order(i, time++);
            passed += RiskBench.Accept(engine, in order);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long expected = ((blocks + warmUpBlocks) * blockSize) + ((long)Warmup * Block);
        if (passed != expected)
        {
            throw new HarnessVerificationException($"{passed} of {expected} checks passed");
        }

        if (allocated != 0)
        {
            throw new HarnessVerificationException($"the measured checks allocated {allocated} bytes");
        }

        return (recorder, (double)blocks * blockSize * Stopwatch.Frequency / totalTicks, allocated);
    }

    /// <summary>
    /// Times one block of <paramref name="blockSize"/> checks and records the time per check. The orders cycle
    /// through the same 64 whatever the block size (the input time picks one).
    /// </summary>
    private static long RunBlock(RiskEngine engine, ref long time, ref long passed, int blockSize, LatencyRecorder recorder)
    {
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < blockSize; i++)
        {
            RiskOrder order = RiskBench.Order(time & 63, time);
            time++;
            passed += RiskBench.Accept(engine, in order);
        }

        long elapsed = Stopwatch.GetTimestamp() - start;
        recorder.RecordTicks(elapsed / blockSize);
        return elapsed;
    }

    private static (LatencyRecorder Single, LatencyRecorder Clock) MeasureSingles(RiskEngine engine, int count)
    {
        var single = new LatencyRecorder();
        var clock = new LatencyRecorder();
        long time = 1_000;
        long passed = 0;
        for (int i = 0; i < count; i++)
        {
            RiskOrder order = RiskBench.Order(i, time++);
            long start = Stopwatch.GetTimestamp();
            int accepted = RiskBench.Accept(engine, in order);
            long end = Stopwatch.GetTimestamp();
            passed += accepted;
            if (i >= count / 10)
            {
                single.RecordTicks(end - start);
                long clockStart = Stopwatch.GetTimestamp();
                clock.RecordTicks(Stopwatch.GetTimestamp() - clockStart);
            }
        }

        if (passed != count)
        {
            throw new HarnessVerificationException($"{passed} of {count} single checks passed");
        }

        return (single, clock);
    }
}
