namespace Engine.Host;

/// <summary>
/// A venue as a simulation sees it: the engine's order requests for this venue reach it (at the simulated time the
/// engine sent them); what it answers reaches the engine through its <see cref="ISimulationEdge"/> side. Owned by the
/// simulation's thread.
/// </summary>
public interface IVenueEdge
{
    /// <summary>The venue's id (order requests name it).</summary>
    ushort VenueId { get; }

    /// <summary>An order request the engine sent to this venue at <paramref name="engineTime"/>; the span is valid during the call only.</summary>
    void OnRequest(int templateId, ReadOnlySpan<byte> message, long engineTime);
}
