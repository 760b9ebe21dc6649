using Engine.Host;
using Engine.PerfTests.Harnesses.Platform;
using Engine.Transport;
using HdrHistogram;
using HdrHistogram.Iteration;

namespace Engine.PerfTests.Harnesses.Core;

/// <summary>
/// Tick-to-trade through the real engine pipeline: a client thread plays the venue over a real transport file,
/// writes a BestBidOffer frame on ingress (stamping its venue time on the shared monotonic clock), and the engine's
/// receiver -> inbound ring -> journaller (fsync none: the disk is another question, see journal-append) -> BLP
/// (market maker, pre-trade risk, ledger reservation) -> egress publisher measures until the NewOrder frame is
/// written on egress. Baseline in the same run: ingress frame written -> the BLP has applied it, for books that make
/// no order (the pipeline's own transit). The script alternates the mid by more than the requote distance, so every
/// other book cancels both quotes and the next one quotes again; the client answers New and Canceled. Order-rate
/// limits are lifted for the run (the script is far faster than the demo's 50 orders/s); every other check is on.
/// Run three times: with the pipeline's dedicated threads (receiver, journaller, BLP: with the client, four busy
/// threads on this machine's two cores), with shared threading (the three on one engine thread; see
/// PipelineThreading), and shared with busy-spin waits. Each run first measures the machine's own stalls for a second
/// (<see cref="HostStalls"/>) and reports them with the percentiles, with the share of orders over 20 µs.
/// </summary>
public sealed class TickToTradeIpcHarness : IHarness
{
    public string Name => "tick-to-trade-ipc";

    public string Description =>
        "BBO frame on ingress -> receiver -> ring -> journal (fsync none) -> BLP (market maker, risk, ledger) -> NewOrder frame on egress, percentiles; baseline: ingress -> BLP applied, for books that make no order";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Measure(context, "dedicated", "yielding", Name);
        Measure(context, "shared", "yielding", Name + "-shared");
        Measure(context, "shared", "busy-spin", Name + "-shared-busy-spin");
    }

    private static void Measure(HarnessContext context, string threading, string wait, string name)
    {
        string root = Path.Combine(Path.GetTempPath(), "engine-tick-to-trade-" + Guid.NewGuid().ToString("N"));
        try
        {
            EngineConfig config = TickToTradeConfiguration.Write(root, threading, wait);
            using EngineHost host = EngineHost.Start(config, _ => { });
            using TransportFile client = TransportFile.OpenForClient(host.TransportPath!);
            var venue = new ScriptedVenue(client, host);
            int warmUp = context.Quick ? 500 : 2_000;
            int cycles = context.Quick ? 3_000 : 30_000;
            for (int i = 0; i < warmUp; i++)
            {
                venue.Cycle(null);
            }

            // The machine's own stalls, on this thread while the engine's threads run, for reading the percentiles.
            HostStalls stalls = HostStalls.Measure(TimeSpan.FromSeconds(1));
            host.Publisher.TickToTrade.Reset();
            var transit = new LongHistogram(10_000_000_000, 3);
            for (int i = 0; i < cycles; i++)
            {
                venue.Cycle(transit);
            }

            host.Stop();
            LongHistogram tickToTrade = host.Publisher.TickToTrade;
            if (tickToTrade.TotalCount < cycles || host.Processor.Counters.AccountingBreaks != 0)
            {
                throw new HarnessVerificationException($"expected at least {cycles} measured orders, got {tickToTrade.TotalCount}; accounting breaks {host.Processor.Counters.AccountingBreaks}");
            }

            context.Log.WriteLine($"  {threading}, {wait}: {cycles:N0} cycles, {tickToTrade.TotalCount:N0} orders measured, p50 {tickToTrade.GetValueAtPercentile(50) / 1000.0:F2} us; transit p50 {transit.GetValueAtPercentile(50) / 1000.0:F2} us; machine: {stalls}");
            context.Report(new HarnessResult(name + "-p50", tickToTrade.GetValueAtPercentile(50) / 1000.0, "us", "ingress-to-blp-transit-p50", transit.GetValueAtPercentile(50) / 1000.0)
            {
                Extra = new Dictionary<string, double>
                {
                    ["p50"] = tickToTrade.GetValueAtPercentile(50) / 1000.0,
                    ["p90"] = tickToTrade.GetValueAtPercentile(90) / 1000.0,
                    ["p99"] = tickToTrade.GetValueAtPercentile(99) / 1000.0,
                    ["p99_9"] = tickToTrade.GetValueAtPercentile(99.9) / 1000.0,
                    ["max"] = tickToTrade.GetMaxValue() / 1000.0,
                    ["count"] = tickToTrade.TotalCount,
                    ["baseline_p50"] = transit.GetValueAtPercentile(50) / 1000.0,
                    ["baseline_p99"] = transit.GetValueAtPercentile(99) / 1000.0,
                    ["baseline_p99_9"] = transit.GetValueAtPercentile(99.9) / 1000.0,
                    ["over20usPercent"] = Math.Round(100.0 * CountAtOrAbove(tickToTrade, 20_000) / tickToTrade.TotalCount, 2),
                    ["hostStallsOver5usPerSecond"] = Math.Round(stalls.Over5PerSecond),
                    ["hostStallsOver20usPerSecond"] = Math.Round(stalls.Over20PerSecond),
                    ["hostTimeLostPercent"] = Math.Round(stalls.LostFraction * 100, 2),
                },
            });
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static long CountAtOrAbove(LongHistogram histogram, long nanoseconds)
    {
        long count = 0;
        foreach (HistogramIterationValue value in histogram.RecordedValues())
        {
            count += value.ValueIteratedTo >= nanoseconds ? value.CountAtValueIteratedTo : 0;
        }

        return count;
    }
}
