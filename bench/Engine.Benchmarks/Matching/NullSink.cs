using Engine.Matching;
using Engine.Model;

namespace Engine.Benchmarks.Matching;

/// <summary>Discards events, counting trades so the work cannot be optimised away. Owned by the benchmark thread.</summary>
public struct NullSink : IMatchingEventSink
{
    public long Trades;

    public readonly void OnAccepted(in OrderAccepted accepted)
    {
    }

    public readonly void OnRejected(in OrderRejected rejected) =>
        throw new InvalidOperationException("benchmark order rejected: " + Engine.Primitives.ResultCodes.Reason(rejected.Code));

    public void OnTrade(in TradeExecuted trade) => Trades++;

    public readonly void OnRested(in OrderRested rested)
    {
    }

    public readonly void OnCanceled(in OrderCanceled canceled)
    {
    }

    public readonly void OnAmended(in OrderAmended amended)
    {
    }
}
