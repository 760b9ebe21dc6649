using Engine.Model;

namespace Engine.Matching.Tests;

/// <summary>Records every event in order (tests only; boxes each event into the list).</summary>
public readonly struct RecordingSink : IMatchingEventSink
{
    public RecordingSink()
    {
        Events = [];
    }

    public List<object> Events { get; }

    public IEnumerable<TradeExecuted> Trades => Events.OfType<TradeExecuted>();

    public void OnAccepted(in OrderAccepted accepted) => Events.Add(accepted);

    public void OnRejected(in OrderRejected rejected) => Events.Add(rejected);

    public void OnTrade(in TradeExecuted trade) => Events.Add(trade);

    public void OnRested(in OrderRested rested) => Events.Add(rested);

    public void OnCanceled(in OrderCanceled canceled) => Events.Add(canceled);

    public void OnAmended(in OrderAmended amended) => Events.Add(amended);
}
