using Engine.Gateways.SimulatedVenue.Session;

namespace Engine.Gateways.SimulatedVenue.Gateway;

/// <summary>The session's frames go to the gateway, which writes each into the engine's ingress ring (never dropping one while the engine lives).</summary>
internal readonly struct IngressFrameSink : IVenueFrameSink
{
    private readonly SimulatedVenueGateway _gateway;

    public IngressFrameSink(SimulatedVenueGateway gateway) => _gateway = gateway;

    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage) => _gateway.WriteToIngress(templateId, sbeMessage);
}
