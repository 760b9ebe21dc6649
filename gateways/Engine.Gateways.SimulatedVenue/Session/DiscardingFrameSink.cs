using Engine.Gateways.Hosting.Venues;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>Drops every frame: the session's warm-up runs the market through it before anyone listens.</summary>
internal struct DiscardingFrameSink : IFrameSink
{
    public readonly void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
    {
    }
}
