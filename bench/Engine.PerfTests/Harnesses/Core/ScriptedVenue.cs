using Engine.Host;
using Engine.Transport;
using Engine.Transport.Egress;
using HdrHistogram;
using Wire = Engine.Codecs;

namespace Engine.PerfTests.Harnesses.Core;

/// <summary>
/// The venue side of the tick-to-trade script, on the harness thread: one book that makes the market maker quote (the
/// engine measures BBO written -> NewOrder on egress in <c>host.Publisher.TickToTrade</c>), one far away that cancels
/// both quotes; it answers New and Canceled. Shared by tick-to-trade-ipc and console-fanout.
/// </summary>
internal sealed class ScriptedVenue(TransportFile transport, EngineHost host)
{
    private const long QuotingMid = 6_000_000;
    private const long FarMid = 6_030_000;
    private readonly BroadcastReceiver _egress = new(transport.EgressBuffer);
    // Egress carries every output, the console's EngineStatus answers (kilobytes, with every limit and open order) too.
    private readonly byte[] _in = new byte[64 * 1024];
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
