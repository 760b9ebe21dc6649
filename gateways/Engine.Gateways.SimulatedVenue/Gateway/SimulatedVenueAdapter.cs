using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Session;

namespace Engine.Gateways.SimulatedVenue.Gateway;

/// <summary>
/// The simulated venue behind a <see cref="VenueGatewayHost"/>: each engine message is applied to the session at the
/// host's clock (the session ignores what is not an order request of its venue), and each duty cycle runs the
/// generated markets up to it. Thread ownership: the host's duty-cycle thread, like the session.
/// </summary>
public sealed class SimulatedVenueAdapter : IVenueAdapter
{
    public SimulatedVenueAdapter(SimulatedVenueSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        Session = session;
    }

    public SimulatedVenueSession Session { get; }

    public string Name => "sim";

    public string VenueCode => SimulatedVenueSession.VenueCode;

    public void OnEngineRequest<TSink>(int templateId, ReadOnlySpan<byte> sbeMessage, long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        var frames = new AdapterFrameSink<TSink>(sink);
        Session.OnRequest(sbeMessage, nowNanos, ref frames);
        sink = frames.Sink;
    }

    public int DoWork<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        var frames = new AdapterFrameSink<TSink>(sink);
        Session.AdvanceTo(nowNanos, ref frames);
        sink = frames.Sink;
        return frames.Frames;
    }
}
