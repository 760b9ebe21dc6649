using Engine.Core;
using Engine.Transport;
using Engine.Transport.Egress;
using HdrHistogram;

namespace Engine.Host;

/// <summary>
/// Publishes the BLP's outputs on the egress broadcast buffer (never blocks: a slow reader is lapped and told so)
/// and measures tick-to-trade: for an order caused by market data, the time from its gateway receiving that market
/// data (the order's triggerTime, on the gateway's clock) to the order frame leaving on egress (on the engine's).
/// Both clocks are <see cref="MonotonicClock.WallNanos"/> of processes on one machine. A sample it cannot take is
/// counted by why, never silently lost: the market data carried no gateway receive time, or the difference is not
/// a latency (negative: the clocks disagree; over 10 s: a stale trigger). Muted while recovery replays the journal
/// (outputs are derived data; they were sent the first time). With <see cref="Latencies"/> set (the live pipeline), it
/// counts the outputs of the input being applied, so BLP → egress is recorded for the inputs that published. Owned by the BLP thread.
/// </summary>
public sealed class EgressPublisher(BroadcastTransmitter? transmitter) : IEngineOutput
{
    private const long MaxLatencyNanos = 10_000_000_000;

    private readonly LongHistogram _tickToTrade = new(MaxLatencyNanos, 3);

    public bool Muted { get; set; }

    /// <summary>Set by the host to the BLP whose current input decides whether an order was caused by market data.</summary>
    public BusinessLogicProcessor? Processor { get; set; }

    public long Published { get; private set; }

    /// <summary>The live pipeline's stage latencies (null: no BLP → egress measurement, as in a backtest).</summary>
    public PipelineLatencies? Latencies { get; set; }

    /// <summary>Latency samples (ns); read after the pipeline halted.</summary>
    public LongHistogram TickToTrade => _tickToTrade;

    /// <summary>Orders caused by market data whose gateway gave no receive time (no sample possible).</summary>
    public long TickToTradeWithoutReceiveTime { get; private set; }

    /// <summary>Samples dropped because the order left before the market data arrived by the clocks (they disagree).</summary>
    public long TickToTradeNegative { get; private set; }

    /// <summary>Samples dropped because they exceed 10 s (a trigger far in the past: not a latency).</summary>
    public long TickToTradeTooLarge { get; private set; }

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        if (Muted)
        {
            return;
        }

        transmitter?.Transmit(templateId, message);
        Published++;
        if (Latencies is { } latencies)
        {
            latencies.OutputsOfInput++;
        }

        if (templateId == Codecs.NewOrderDecoder.TemplateId && Processor is { CurrentInputIsMarketData: true })
        {
            Sample(Codecs.NewOrderDecoder.WrapWithHeader(message, 0).TriggerTime);
        }
    }

    private void Sample(long triggerTime)
    {
        if (triggerTime == Codecs.NewOrderDecoder.TriggerTimeNullValue)
        {
            TickToTradeWithoutReceiveTime++;
            return;
        }

        long latency = MonotonicClock.WallNanos() - triggerTime;
        if (latency <= 0)
        {
            TickToTradeNegative++;
        }
        else if (latency >= MaxLatencyNanos)
        {
            TickToTradeTooLarge++;
        }
        else
        {
            _tickToTrade.RecordValue(latency);
        }
    }
}
