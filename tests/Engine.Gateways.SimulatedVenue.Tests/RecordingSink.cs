using Engine.Matching;
using Engine.Model;

namespace Engine.Gateways.SimulatedVenue.Tests;

/// <summary>Keeps every matching event (tests only; a class so the list survives the by-value hand-offs).</summary>
public sealed class EventLog
{
    public List<TradeExecuted> Trades { get; } = [];

    public List<OrderRejected> Rejects { get; } = [];

    public List<OrderCanceled> Cancels { get; } = [];

    public int Rested { get; set; }
}

public struct RecordingSink : IMatchingEventSink
{
    public RecordingSink(EventLog log) => Log = log;

    public EventLog Log { get; }

    public readonly void OnAccepted(in OrderAccepted accepted)
    {
    }

    public readonly void OnRejected(in OrderRejected rejected) => Log.Rejects.Add(rejected);

    public readonly void OnTrade(in TradeExecuted trade) => Log.Trades.Add(trade);

    public readonly void OnRested(in OrderRested rested) => Log.Rested++;

    public readonly void OnCanceled(in OrderCanceled canceled) => Log.Cancels.Add(canceled);

    public readonly void OnAmended(in OrderAmended amended)
    {
    }
}
