using Engine.Core;
using Engine.Transport;
using Engine.Transport.Egress;
using HdrHistogram;

namespace Engine.Host;

/// <summary>
/// Publishes the BLP's outputs on the egress broadcast buffer (never blocks: a slow reader is lapped and told so)
/// and measures tick-to-trade: for an order caused by a market-data frame, the time from the gateway writing that
/// frame (its venue time, on the shared monotonic clock) to the order frame leaving on egress. Muted while recovery
/// replays the journal (outputs are derived data; they were sent the first time). Owned by the BLP thread.
/// </summary>
public sealed class EgressPublisher(BroadcastTransmitter? transmitter) : IEngineOutput
{
    private readonly LongHistogram _tickToTrade = new(10_000_000_000, 3);

    public bool Muted { get; set; }

    /// <summary>Set by the host to the BLP whose current input decides whether an order was caused by market data.</summary>
    public BusinessLogicProcessor? Processor { get; set; }

    public long Published { get; private set; }

    /// <summary>Latency samples (ns); read after the pipeline halted.</summary>
    public LongHistogram TickToTrade => _tickToTrade;

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        if (Muted)
        {
            return;
        }

        transmitter?.Transmit(templateId, message);
        Published++;
        if (templateId == Codecs.NewOrderDecoder.TemplateId && Processor is { CurrentInputIsMarketData: true })
        {
            long latency = MonotonicClock.NowNanos() - Codecs.NewOrderDecoder.WrapWithHeader(message, 0).SendingTime;
            if (latency is > 0 and < 10_000_000_000)
            {
                _tickToTrade.RecordValue(latency);
            }
        }
    }
}
