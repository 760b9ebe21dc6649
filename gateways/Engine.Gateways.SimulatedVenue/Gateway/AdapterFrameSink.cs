using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Session;

namespace Engine.Gateways.SimulatedVenue.Gateway;

/// <summary>
/// Passes the session's frames on to the host's sink, counting them (the adapter's work). It holds a copy of the
/// host's sink, which the adapter copies back after the call, so a sink with state loses none of it.
/// </summary>
internal struct AdapterFrameSink<TSink> : IFrameSink
    where TSink : IFrameSink
{
    // Not readonly: a call on a readonly field of a struct type runs on a defensive copy, and a sink may keep state.
#pragma warning disable IDE0044
    private TSink _sink;
#pragma warning restore IDE0044

    public AdapterFrameSink(TSink sink) => _sink = sink;

    public readonly TSink Sink => _sink;

    public int Frames { get; private set; }

    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
    {
        _sink.OnFrame(templateId, sbeMessage);
        Frames++;
    }
}
