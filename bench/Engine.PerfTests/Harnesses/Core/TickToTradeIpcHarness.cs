using Engine.Host;
using Engine.PerfTests.Harnesses.Platform;
using Engine.Transport;
using Engine.Transport.Egress;
using HdrHistogram;
using HdrHistogram.Iteration;
using Wire = Engine.Codecs;

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
            string file = DefaultConfiguration.WriteTo(Path.Combine(root, "config"), Path.Combine(root, "journal"), $"engine-t2t-{Environment.ProcessId}");
            File.WriteAllText(file, File.ReadAllText(file)
                .Replace("\"fsync\": \"batch\"", "\"fsync\": \"none\"", StringComparison.Ordinal)
                .Replace("\"waitStrategy\": \"yielding\"", $"\"waitStrategy\": \"{wait}\", \"threading\": \"{threading}\"", StringComparison.Ordinal));

            // The script sends far more orders than the demo's rate limits allow: lift them (every other check stays on).
            string risk = Path.Combine(root, "config", "risk.json");
            var limits = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(risk), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
            foreach (string section in (string[])["accountDefaults", "strategyDefaults"])
            {
                limits[section]!["orderRatePerSecond"] = "unlimited";
                limits[section]!.AsObject().Remove("orderBurst");
            }

            File.WriteAllText(risk, limits.ToJsonString());
            EngineConfig config = EngineConfig.Load(file);
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

    /// <summary>The venue side of the script, on the harness thread.</summary>
    private sealed class ScriptedVenue(TransportFile transport, EngineHost host)
    {
        private const long QuotingMid = 6_000_000;
        private const long FarMid = 6_030_000;
        private readonly BroadcastReceiver _egress = new(transport.EgressBuffer);
        private readonly byte[] _in = new byte[1024];
        private readonly byte[] _out = new byte[256];
        private ulong _sequence;
        private long _tick;

        /// <summary>One book that makes the maker quote (measured by the engine), one far away that cancels both quotes.</summary>
        public void Cycle(LongHistogram? transit)
        {
            _tick ^= 1;
            SendBbo(QuotingMid + _tick);
            Await(Wire.NewOrderDecoder.TemplateId, 2);
            long applied = Volatile.Read(ref host.Processor.Counters.MarketData);
            long written = SendBbo(FarMid + _tick);
            while (Volatile.Read(ref host.Processor.Counters.MarketData) == applied)
            {
                Thread.SpinWait(1);
            }

            transit?.RecordValue(Math.Max(1, MonotonicClock.WallNanos() - written));
            Await(Wire.CancelOrderDecoder.TemplateId, 2);
        }

        private long SendBbo(long mid)
        {
            var bbo = Wire.BestBidOfferEncoder.WrapAndApplyHeader(_out, 0);
            bbo.VenueSequence = ++_sequence;
            bbo.BidPrice.SetMantissa(mid - 50);
            bbo.BidQuantity.SetMantissa(100_000);
            bbo.AskPrice.SetMantissa(mid + 50);
            bbo.AskQuantity.SetMantissa(100_000);
            bbo.InstrumentId = 1;
            bbo.VenueId = 9;
            long now = MonotonicClock.WallNanos();
            bbo.ExchangeTime = now;
            bbo.GatewayReceiveTime = now;
            Offer(Wire.BestBidOfferEncoder.TemplateId, Wire.EngineSchema.HeaderLength + bbo.EncodedLength);
            return now;
        }

        /// <summary>Reads egress until <paramref name="count"/> frames of the template arrived, answering each (New for orders, Canceled for cancels).</summary>
        private void Await(int templateId, int count)
        {
            int seen = 0;
            var spinner = default(SpinWait);
            long deadline = MonotonicClock.NowNanos() + 10_000_000_000;
            while (seen < count)
            {
                if (MonotonicClock.NowNanos() > deadline)
                {
                    var counters = host.Processor.Counters;
                    throw new HarnessVerificationException(
                        $"no {count} frames of template {templateId} on egress within 10 s (seen {seen}); engine: market data {counters.MarketData}, orders {counters.OrdersAccepted}, rejected {counters.OrdersRejected} (last code {counters.LastRejectCode}), cancels {counters.CancelRequests}, open {host.Processor.Orders.Count}, refused frames {host.Receiver.FramesRefused}");
                }

                ReceiveResult result = _egress.TryReceive(_in, out int type, out int _);
                if (result == ReceiveResult.Lapped)
                {
                    throw new HarnessVerificationException("the harness's egress reader was lapped");
                }

                if (result != ReceiveResult.Message)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }

                if (type == Wire.NewOrderDecoder.TemplateId)
                {
                    Report(Wire.NewOrderDecoder.WrapWithHeader(_in, 0).ClientOrderId, Wire.ExecType.New);
                }
                else if (type == Wire.CancelOrderDecoder.TemplateId)
                {
                    Report(Wire.CancelOrderDecoder.WrapWithHeader(_in, 0).OrigClientOrderId, Wire.ExecType.Canceled);
                }

                if (type == templateId)
                {
                    seen++;
                }
            }
        }

        private void Report(ulong order, Wire.ExecType type)
        {
            var report = Wire.ExecutionReportEncoder.WrapAndApplyHeader(_out, 0);
            report.OrderId = order + 1_000_000;
            report.ClientOrderId = order;
            report.OrigClientOrderId = order;
            report.ExecId = ++_sequence;
            report.Price.SetMantissa(Wire.PriceOptionalEncoder.MantissaNullValue);
            report.LastPrice.SetMantissa(Wire.PriceOptionalEncoder.MantissaNullValue);
            report.LastQuantity.SetMantissa(0);
            report.TransactTime = MonotonicClock.NowNanos();
            report.ExecType = type;
            report.OrderStatus = type == Wire.ExecType.New ? Wire.OrderStatus.New : Wire.OrderStatus.Canceled;
            report.RejectReason = Wire.ResultCode.NullValue;
            report.IsMaker = Wire.BooleanType.False;
            report.SetText(string.Empty);
            Offer(Wire.ExecutionReportEncoder.TemplateId, Wire.EngineSchema.HeaderLength + report.EncodedLength);
        }

        private void Offer(int type, int length)
        {
            while (transport.Ingress.Write(type, _out.AsSpan(0, length)) != Engine.Transport.Ingress.OfferResult.Success)
            {
                Thread.Yield();
            }
        }
    }
}
