namespace Engine.Gateways.Hosting.Venues;

/// <summary>
/// Receives an adapter's frames for the engine, in order: each one whole SBE message (standard header included) whose
/// <c>templateId</c> is also the transport record type. The span may be the adapter's reusable buffer: the sink has
/// copied it (into ingress) when <see cref="OnFrame"/> returns. Implement it on a struct and pass it by <c>ref</c>, so
/// the adapter's loops are specialised for it and never box.
/// </summary>
public interface IFrameSink
{
    void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage);
}
