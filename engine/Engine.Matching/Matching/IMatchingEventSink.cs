using Engine.Model;

namespace Engine.Matching;

/// <summary>
/// Receives a matching engine's events, in order, synchronously. Implement it on a struct and pass it by <c>ref</c>:
/// the engine's methods are generic over the sink, so calls are direct and nothing is boxed or allocated. A sink must
/// not call back into the engine that is calling it.
/// </summary>
public interface IMatchingEventSink
{
    void OnAccepted(in OrderAccepted accepted);

    void OnRejected(in OrderRejected rejected);

    void OnTrade(in TradeExecuted trade);

    void OnRested(in OrderRested rested);

    void OnCanceled(in OrderCanceled canceled);

    void OnAmended(in OrderAmended amended);
}
