using Engine.Model;

namespace Engine.Matching;

/// <summary>
/// A matching engine sink that appends every event to a <see cref="MatchingEventLog"/>, so its owner can act on them
/// after the call, in order: the simulated venue translates them into frames, the BLP's internal crossing into order
/// updates (acting during the call would re-enter the engine).
/// </summary>
public readonly struct MatchingEventRecorder : IMatchingEventSink
{
    private readonly MatchingEventLog _log;

    public MatchingEventRecorder(MatchingEventLog log) => _log = log;

    public void OnAccepted(in OrderAccepted accepted) => _log.Add(new MatchingEvent(in accepted));

    public void OnRejected(in OrderRejected rejected) => _log.Add(new MatchingEvent(in rejected));

    public void OnTrade(in TradeExecuted trade) => _log.Add(new MatchingEvent(in trade));

    public void OnRested(in OrderRested rested) => _log.Add(new MatchingEvent(in rested));

    public void OnCanceled(in OrderCanceled canceled) => _log.Add(new MatchingEvent(in canceled));

    public void OnAmended(in OrderAmended amended) => _log.Add(new MatchingEvent(in amended));
}
