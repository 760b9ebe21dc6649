using Engine.Gateways.Hosting.Connection;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Model;
using Engine.Transport;

namespace Engine.Gateways.SimulatedVenue.Gateway;

/// <summary>
/// The simulated venue as a gateway process: the hosting library's <see cref="VenueGatewayHost"/> (attach, heartbeat,
/// egress with lapped reads, ingress with back-pressure, liveness) around a <see cref="SimulatedVenueAdapter"/> over
/// a <see cref="SimulatedVenueSession"/>. On each duty cycle it applies the engine's requests read from egress,
/// advances the session to the clock, writes every frame the session produced into ingress, heartbeats, and checks
/// that the engine still lives; <see cref="VenueGatewayHost"/> says how it handles a lap, a full ring and the stop
/// conditions. Thread ownership: <see cref="Run"/> runs on one thread; the counters may be read from others (plain
/// reads, for display).
/// </summary>
public sealed class SimulatedVenueGateway : IDisposable
{
    // Venue gateways register as "venue:<venue code>": when one dies, the engine knows whose orders are gone.
    public const string ClientName = VenueGatewayHost.ClientNamePrefix + SimulatedVenueSession.VenueCode;

    private readonly VenueGatewayHost _host;
    private readonly SimulatedVenueAdapter _adapter;

    private SimulatedVenueGateway(VenueGatewayHost host, SimulatedVenueAdapter adapter)
    {
        _host = host;
        _adapter = adapter;
    }

    public SimulatedVenueSession Session => _adapter.Session;

    public long ClientId => _host.ClientId;

    public string TransportPath => _host.TransportPath;

    /// <summary>Egress records handed to the session.</summary>
    public long RequestsReceived => _host.RequestsReceived;

    /// <summary>Frames written into ingress.</summary>
    public long FramesWritten => _host.FramesWritten;

    /// <summary>Times egress lapped this gateway (each time, engine requests were lost).</summary>
    public long LappedCount => _host.LappedCount;

    /// <summary>Idle rounds spent waiting for room in a full ingress ring.</summary>
    public long BackPressureWaits => _host.BackPressureWaits;

    /// <summary>Frames not delivered because the engine went away (or the gateway stopped) while ingress was full.</summary>
    public long FramesDropped => _host.FramesDropped;

    /// <summary>
    /// Attaches to the engine's transport file as <see cref="ClientName"/> (refused with a one-line
    /// <see cref="TransportLayoutException"/> when there is no running engine, its layout differs, or its client table
    /// is full), then builds the venue: its markets start one warm-up before now, so they are populated and current
    /// when the first request arrives. Attaching first makes a missing engine fail at once, not after the warm-up; the
    /// warm-up takes far less than the engine's client timeout.
    /// </summary>
    public static SimulatedVenueGateway Attach(string transportPath, InstrumentRegistry registry, ulong seed, TextWriter log, VenueGatewayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transportPath);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new VenueGatewayOptions();
        options.Validate();
        EngineConnection connection = EngineConnection.Attach(transportPath, ClientName);
        try
        {
            long start = Math.Max(0, MonotonicClock.WallNanos() - SimulatedVenueOptions.DefaultWarmUpNanos);
            var session = new SimulatedVenueSession(registry, new SimulatedVenueOptions { Seed = seed, StartTimeNanos = start });
            var adapter = new SimulatedVenueAdapter(session);
            connection.Heartbeat();
            return new SimulatedVenueGateway(new VenueGatewayHost(connection, adapter, log, options), adapter);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs the duty cycle until a stop condition; returns which.</summary>
    public GatewayStopReason Run(CancellationToken token) => _host.Run(token);

    public void Dispose() => _host.Dispose();
}
