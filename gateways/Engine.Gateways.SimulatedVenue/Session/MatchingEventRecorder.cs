using Engine.Matching;
using Engine.Model;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// The matching engine's sink during a venue action: appends every event to a <see cref="MatchingEventLog"/>, so the
/// session can translate them into frames after the call, in order, without the matching engine knowing any codec.
/// </summary>
internal readonly struct MatchingEventRecorder : IMatchingEventSink
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
