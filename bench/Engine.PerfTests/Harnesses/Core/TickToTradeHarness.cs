using System.Diagnostics;
using Engine.Core;

namespace Engine.PerfTests.Harnesses.Core;

/// <summary>
/// Tick-to-trade inside the BLP, in one process and on one thread: for each market-data input that makes the
/// market maker quote, the time from "BBO frame encoded" to "first NewOrder frame produced by the BLP" (SBE decode,
/// market state, strategy, pre-trade risk, ledger reservation, order encode), with HdrHistogram percentiles. It is
/// NOT the cross-process figure (no IPC, no journal write before the BLP): the demo measures venue frame written ->
/// IPC -> journal -> BLP -> egress. Baseline in the same run, interleaved: the same book inputs through a BLP with no
/// strategy (decode + market state only). Verified: the scripted moves produce an order on every second book, and the
/// measured loop allocates 0 B per message (GC.GetAllocatedBytesForCurrentThread).
/// </summary>
public sealed class TickToTradeHarness : IHarness
{
    /// <summary>Mid moves of the script: a jump beyond the requote distance (20 ticks) cancels both quotes; a 1-tick step after the cancels are confirmed re-quotes.</summary>
    private const long JumpTicks = 30;

    public string Name => "tick-to-trade";

    public string Description =>
        "in-process tick-to-trade: BBO frame encoded -> BLP (decode, market state, market maker, risk, ledger reservation) -> NewOrder frame, percentiles and B/msg; baseline: same books through a BLP without strategy (not across IPC: the demo measures that)";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        WarmUpJit(context.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(4));
        // The ledger keeps every transfer (each quote reserves funds and its cancel releases them): ~4 per cycle,
        // ~340 MB/s of transfers and index at this loop's rate. Past its up-front capacity the ledger grows a chunk at
        // a time, each made ready off the BLP thread, but on this VM that thread faults in only a few hundred MB/s
        // in the slow state and fell behind in about one run in three (ChunkSupply). So the session is sized for the
        // run, as one expecting this rate would be (ledgerTransferCapacity); growth off the BLP thread is tested in
        // Engine.Ledger.Tests (ChunkSupplyTests). The window still starts past the default capacity (65,536).
        int warmTransfers = context.Quick ? (1 << 16) + 1 : (1 << 17) + 1;
        int endTransfers = (context.Quick ? (1 << 17) : (1 << 18)) + 20_000;
        var trading = new TradingSession(withMarketMaker: true, writer: null, seed: 1, ledgerTransferCapacity: endTransfers + (1 << 14));
        var baseline = new TradingSession(withMarketMaker: false, writer: null, seed: 1);
        trading.Fund();
        baseline.Fund();
        var tickToTrade = new LatencyRecorder();
        var marketDataOnly = new LatencyRecorder();
        var scratch = new LatencyRecorder();
        var scratchBaseline = new LatencyRecorder();
        long cycle = 0;
        Book(trading, baseline, 0, scratch, scratchBaseline, expectOrder: true);
        while (trading.Processor.Ledger.TransferCount < warmTransfers)
        {
            Cycle(trading, baseline, scratch, scratchBaseline, ref cycle);
        }

        long ordersBefore = trading.OrdersSeen;
        long inputsBefore = trading.Sequence + baseline.Sequence;
        long inlineChunksBefore = trading.Processor.Ledger.InlineChunkAllocations;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        long cycles = 0;
        while (trading.Processor.Ledger.TransferCount < endTransfers)
        {
            Cycle(trading, baseline, tickToTrade, marketDataOnly, ref cycle);
            cycles++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long inlineChunks = trading.Processor.Ledger.InlineChunkAllocations - inlineChunksBefore;
        long inputs = trading.Sequence + baseline.Sequence - inputsBefore;
        long orders = trading.OrdersSeen - ordersBefore;
        context.Log.WriteLine($"  {cycles:N0} cycles, {inputs:N0} inputs, {orders:N0} orders, {tickToTrade.Count:N0} tick-to-trade samples, {allocated} B allocated");
        if (tickToTrade.Count != cycles || orders != 2 * cycles)
        {
            throw new HarnessVerificationException($"{cycles} re-quoting books produced {tickToTrade.Count} order-producing inputs and {orders} orders (expected one each and two orders)");
        }

        if (inlineChunks != 0)
        {
            throw new HarnessVerificationException($"the BLP allocated {inlineChunks} ledger chunks itself in the measured window (the session is sized for the run: none should be needed)");
        }

        if (allocated != 0)
        {
            throw new HarnessVerificationException($"the measured loop allocated {allocated} B over {inputs} inputs ({(double)allocated / inputs:F2} B/message); the hot path must allocate nothing");
        }

        if (!trading.Processor.Ledger.ComputeTrialBalance().IsBalanced)
        {
            throw new HarnessVerificationException("the ledger's trial balance is not zero after the run");
        }

        Dictionary<string, double> extra = tickToTrade.PercentilesMicroseconds();
        foreach ((string key, double value) in marketDataOnly.PercentilesMicroseconds())
        {
            extra["baseline_" + key] = value;
        }

        extra["allocated_bytes_per_message"] = (double)allocated / inputs;
        extra["orders"] = orders;
        context.Report(new HarnessResult("tick-to-trade-in-process-p50", tickToTrade.PercentileNanoseconds(50) / 1000.0, "us", "market-data-only-p50", marketDataOnly.PercentileNanoseconds(50) / 1000.0)
        {
            Extra = extra,
        });
    }

    /// <summary>
    /// Runs throw-away sessions for a while, so the measured one starts with fully optimised (tier-1, PGO) code: a
    /// count-based warm-up alone measured tier-0 code in --quick.
    /// </summary>
    private static void WarmUpJit(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        var recorder = new LatencyRecorder();
        var baselineRecorder = new LatencyRecorder();
        while (clock.Elapsed < duration)
        {
            var trading = new TradingSession(withMarketMaker: true, writer: null, seed: 1);
            var baseline = new TradingSession(withMarketMaker: false, writer: null, seed: 1);
            trading.Fund();
            baseline.Fund();
            Book(trading, baseline, 0, recorder, baselineRecorder, expectOrder: true);
            long cycle = 0;
            for (int i = 0; i < 20_000 && clock.Elapsed < duration; i++)
            {
                Cycle(trading, baseline, recorder, baselineRecorder, ref cycle);
            }
        }
    }

    /// <summary>
    /// One cycle: a jump (both quotes cancelled, confirmed), then a 1-tick step that re-quotes both sides; only the
    /// step produces orders, and it is the timed tick-to-trade sample. Both books also go through the baseline BLP.
    /// </summary>
    private static void Cycle(TradingSession trading, TradingSession baseline, LatencyRecorder tickToTrade, LatencyRecorder marketDataOnly, ref long cycle)
    {
        long direction = (cycle++ & 1) == 0 ? 1 : -1;
        Book(trading, baseline, direction * JumpTicks, tickToTrade, marketDataOnly, expectOrder: false);
        Book(trading, baseline, direction, tickToTrade, marketDataOnly, expectOrder: true);
    }

    private static void Book(TradingSession trading, TradingSession baseline, long ticks, LatencyRecorder tickToTrade, LatencyRecorder marketDataOnly, bool expectOrder)
    {
        (long bid, long ask) = trading.MoveMid(ticks);
        baseline.MoveMid(ticks);
        int length = trading.EncodeBbo(bid, ask);
        long encoded = Stopwatch.GetTimestamp();
        trading.ApplyEncoded(Engine.Codecs.BestBidOfferEncoder.TemplateId, length);
        long ordered = trading.FirstOrderTimestamp;
        if (expectOrder)
        {
            if (ordered != 0)
            {
                tickToTrade.RecordTicks(ordered - encoded);
            }
        }
        else if (ordered != 0)
        {
            throw new HarnessVerificationException("a jump book produced an order before the cancels were confirmed");
        }

        trading.SendReports();

        length = baseline.EncodeBbo(bid, ask);
        long start = Stopwatch.GetTimestamp();
        baseline.ApplyEncoded(Engine.Codecs.BestBidOfferEncoder.TemplateId, length);
        marketDataOnly.RecordTicks(Stopwatch.GetTimestamp() - start);
    }
}
