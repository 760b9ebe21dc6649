using Engine.Matching;
using Engine.Model;

namespace Engine.PerfTests.Harnesses.Matching;

/// <summary>Feeds a <see cref="LiveOrderTracker"/> from the generator engine's events.</summary>
public readonly struct TrackingSink(LiveOrderTracker tracker) : IMatchingEventSink
{
    public void OnAccepted(in OrderAccepted accepted)
    {
    }

    public void OnRejected(in OrderRejected rejected) =>
        throw new HarnessVerificationException($"generated command for order {rejected.OrderId} was rejected: {Engine.Primitives.ResultCodes.Reason(rejected.Code)}");

    public void OnTrade(in TradeExecuted trade) => tracker.Trade(trade);

    public void OnRested(in OrderRested rested) => tracker.Rested(rested);

    public void OnCanceled(in OrderCanceled canceled) => tracker.Remove(canceled.OrderId.Value);

    public void OnAmended(in OrderAmended amended)
    {
        if (!amended.KeptPriority)
        {
            tracker.Remove(amended.OrderId.Value);
        }
    }
}
