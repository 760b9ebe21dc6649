using Engine.Model;

namespace Engine.Matching;

/// <summary>
/// One matching event as recorded by a <see cref="MatchingEventRecorder"/>: <see cref="Kind"/> says which field holds it. A
/// plain value stored in a reused array, so recording allocates nothing. Immutable once recorded.
/// </summary>
public readonly struct MatchingEvent
{
    public MatchingEvent(in OrderAccepted accepted)
    {
        Kind = MatchingEventKind.Accepted;
        Accepted = accepted;
    }

    public MatchingEvent(in OrderRejected rejected)
    {
        Kind = MatchingEventKind.Rejected;
        Rejected = rejected;
    }

    public MatchingEvent(in TradeExecuted trade)
    {
        Kind = MatchingEventKind.Trade;
        Trade = trade;
    }

    public MatchingEvent(in OrderRested rested)
    {
        Kind = MatchingEventKind.Rested;
        Rested = rested;
    }

    public MatchingEvent(in OrderCanceled canceled)
    {
        Kind = MatchingEventKind.Canceled;
        Canceled = canceled;
    }

    public MatchingEvent(in OrderAmended amended)
    {
        Kind = MatchingEventKind.Amended;
        Amended = amended;
    }

    public MatchingEventKind Kind { get; }

    public OrderAccepted Accepted { get; }

    public OrderRejected Rejected { get; }

    public TradeExecuted Trade { get; }

    public OrderRested Rested { get; }

    public OrderCanceled Canceled { get; }

    public OrderAmended Amended { get; }
}
