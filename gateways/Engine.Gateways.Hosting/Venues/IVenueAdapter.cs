namespace Engine.Gateways.Hosting.Venues;

/// <summary>
/// One venue behind a <see cref="VenueGatewayHost"/>: the simulated venue today, real venues (Binance, OKX, ...)
/// later. The host owns the engine's side (attach, heartbeat, egress with lapped reads, ingress with back-pressure,
/// liveness); the adapter owns the venue's side (its protocol, sockets, signing, sequence rules, or a simulation).
/// <para>
/// Every member is called on the host's one duty-cycle thread, so an adapter needs no locks. It must not block: the
/// gateway's heartbeat and the engine's next requests wait on it. Start I/O without waiting and advance it in
/// <see cref="DoWork"/>. Frames go through the sink, which has written each into ingress (waiting while the ring is
/// full) when it returns. <c>nowNanos</c> is <see cref="Engine.Transport.MonotonicClock.WallNanos"/> read by the host
/// just before the call: UTC nanoseconds that never go backwards within the process.
/// </para>
/// The methods are generic over the sink so an adapter's loops are specialised for the host's struct sink (no boxing,
/// no virtual call per frame), and a test or a backtest can hand it another sink.
/// </summary>
public interface IVenueAdapter
{
    /// <summary>A short name for logs (<c>sim</c>, <c>binance</c>).</summary>
    string Name { get; }

    /// <summary>
    /// The venue's code in the instrument registry. The host registers the gateway as client <c>venue:CODE</c>: the
    /// name by which the engine finds the orders of a venue whose gateway died.
    /// </summary>
    string VenueCode { get; }

    /// <summary>
    /// One engine message read from egress (an SBE message with its header; <paramref name="templateId"/> is its
    /// template id). Egress is a broadcast of every engine output: requests for other venues, admin answers and the
    /// like arrive too, and the adapter ignores what is not for it. The span is the host's reusable buffer, valid only
    /// during the call.
    /// </summary>
    void OnEngineRequest<TSink>(int templateId, ReadOnlySpan<byte> sbeMessage, long nowNanos, ref TSink sink)
        where TSink : IFrameSink;

    /// <summary>
    /// Advances the adapter's own work up to <paramref name="nowNanos"/>: read its sockets, run its timers, run its
    /// simulation. Returns how much it did (frames emitted, messages handled); 0 lets the host idle.
    /// </summary>
    int DoWork<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink;
}
