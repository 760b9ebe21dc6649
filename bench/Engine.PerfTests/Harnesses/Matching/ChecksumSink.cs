using Engine.Matching;
using Engine.Model;

namespace Engine.PerfTests.Harnesses.Matching;

/// <summary>The timed runs' sink: counts events and sums traded quantity (the checksum), allocation-free.</summary>
public struct ChecksumSink : IMatchingEventSink
{
    public long Events;
    public long Trades;
    public long TradedQuantity;
    public long Rejects;

    public void OnAccepted(in OrderAccepted accepted) => Events++;

    public void OnRejected(in OrderRejected rejected)
    {
        Events++;
        Rejects++;
    }

    public void OnTrade(in TradeExecuted trade)
    {
        Events++;
        Trades++;
        TradedQuantity += trade.Quantity.Units;
    }

    public void OnRested(in OrderRested rested) => Events++;

    public void OnCanceled(in OrderCanceled canceled) => Events++;

    public void OnAmended(in OrderAmended amended) => Events++;
}
