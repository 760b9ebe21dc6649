namespace Engine.Core;

/// <summary>
/// Where the BLP's outputs go: one SBE message (standard header included) at a time, in order. The host publishes
/// them on the egress buffer; replay and backtests count or route them. Called on the BLP thread; the span is only
/// valid during the call.
/// </summary>
public interface IEngineOutput
{
    void Publish(int templateId, ReadOnlySpan<byte> message);
}
