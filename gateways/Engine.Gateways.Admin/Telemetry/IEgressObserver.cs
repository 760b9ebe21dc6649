namespace Engine.Gateways.Admin.Telemetry;

/// <summary>
/// Sees every message the admin gateway reads from the engine's egress, on the gateway's egress thread. It must return
/// quickly and never block: a slow observer only delays this gateway's reading (the engine never waits for a reader of
/// its broadcast egress; a reader that falls behind is lapped).
/// </summary>
public interface IEgressObserver
{
    void Observe(int templateId, ReadOnlySpan<byte> message);
}
