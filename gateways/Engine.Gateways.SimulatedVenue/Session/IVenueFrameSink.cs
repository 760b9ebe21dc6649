namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// Receives the simulated venue's outgoing frames, in order: execution reports and market data, each one whole SBE
/// message (standard header included) whose <c>templateId</c> is also the transport record type. The span is the
/// session's reusable buffer and is valid only during the call: copy it out (the gateway writes it into the ingress
/// ring). Implement it on a struct and pass it by <c>ref</c>, so the session's loops are specialised and never box.
/// </summary>
public interface IVenueFrameSink
{
    void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage);
}
