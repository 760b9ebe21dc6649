using System.Diagnostics;
using System.Runtime.CompilerServices;
using Engine.Concurrency.Agents;
using Engine.Gateways.Hosting.Connection;
using Engine.Transport;
using Engine.Transport.Egress;

namespace Engine.Gateways.Hosting.Venues;

/// <summary>
/// A venue gateway's duty cycle around one <see cref="IVenueAdapter"/>, on one thread: hand the engine's messages read
/// from egress to the adapter (up to <see cref="VenueGatewayOptions.RequestsPerCycle"/> per cycle), let the adapter
/// do its own work, write every frame it emits into ingress, heartbeat, check that the engine still lives, and idle
/// when nothing happened.
/// <list type="bullet">
/// <item>Egress lapped: the gateway fell a whole buffer behind and the engine messages in between are lost. The host
/// cannot recover them (the venue never saw them); it says so on the log, counts it, and goes on.</item>
/// <item>Ingress back-pressured: the <see cref="IngressWriter"/> idles and retries, heartbeating meanwhile; a frame is
/// dropped only once the engine is gone or the gateway is stopping, and those are counted.</item>
/// <item>It stops on cancellation, when the engine's process is gone, when the transport file is removed, when the
/// engine's heartbeat is stale, or when the engine declared it dead (<see cref="GatewayStopReason"/>).</item>
/// </list>
/// The gateway registers as client <c>venue:CODE</c> (<see cref="ClientNameFor"/>). The host owns its
/// <see cref="EngineConnection"/> (disposed with it), not the adapter.
/// Thread ownership: <see cref="Run"/> (or <see cref="DoWork"/>) on one thread; the counters may be read from others
/// (plain reads, for display).
/// </summary>
public sealed class VenueGatewayHost : IDisposable
{
    /// <summary>Venue gateways register as <c>venue:CODE</c>: when one dies, the engine knows whose orders are gone.</summary>
    public const string ClientNamePrefix = "venue:";

    private readonly EngineConnection _connection;
    private readonly IVenueAdapter _adapter;
    private readonly LivenessKeeper _keeper;
    private readonly IngressWriter _writer;
    private readonly TextWriter _log;
    private readonly IIdleStrategy _idle;
    private readonly int _requestsPerCycle;
    private readonly byte[] _request;

    // Not readonly: it is passed to the adapter by ref (a readonly struct holding the writer; nothing in it changes).
    private IngressFrameSink _sink;
    private bool _disposed;

    /// <summary>
    /// Hosts <paramref name="adapter"/> on a connection attached as <c>venue:CODE</c> of the adapter's venue. On success
    /// the host owns the connection; when this throws, the caller still does.
    /// </summary>
    public VenueGatewayHost(EngineConnection connection, IVenueAdapter adapter, TextWriter log, VenueGatewayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new VenueGatewayOptions();
        options.Validate();
        string expected = ClientNameFor(adapter.VenueCode);
        if (!string.Equals(connection.ClientName, expected, StringComparison.Ordinal))
        {
            throw new ArgumentException($"venue gateway {adapter.Name}: attached as client '{connection.ClientName}', but a gateway of venue {adapter.VenueCode} registers as '{expected}' (the engine finds a dead gateway's orders by that name)", nameof(connection));
        }

        _connection = connection;
        _adapter = adapter;
        _log = log;
        _keeper = new LivenessKeeper(connection, options.HeartbeatInterval, options.LivenessInterval, options.EngineTimeout);
        _writer = new IngressWriter(connection, _keeper);
        _sink = new IngressFrameSink(_writer);
        _idle = options.IdleStrategy();
        _requestsPerCycle = options.RequestsPerCycle;
        _request = new byte[connection.MaxEgressMessageLength];
    }

    public IVenueAdapter Adapter => _adapter;

    public long ClientId => _connection.ClientId;

    public string ClientName => _connection.ClientName;

    public string TransportPath => _connection.TransportPath;

    /// <summary>Egress messages handed to the adapter.</summary>
    public long RequestsReceived { get; private set; }

    /// <summary>Frames written into ingress.</summary>
    public long FramesWritten => _writer.FramesWritten;

    /// <summary>Times egress lapped this gateway (each time, engine messages were lost).</summary>
    public long LappedCount => _connection.LappedCount;

    /// <summary>Idle rounds spent waiting for room in a full ingress ring.</summary>
    public long BackPressureWaits => _writer.BackPressureWaits;

    /// <summary>Frames not delivered because the engine went away (or the gateway stopped) while ingress was full.</summary>
    public long FramesDropped => _writer.FramesDropped;

    /// <summary>Null while the gateway runs; else why it stopped.</summary>
    public GatewayStopReason? StopReason => _keeper.StopReason;

    /// <summary>The client name of a gateway of venue <paramref name="venueCode"/>.</summary>
    public static string ClientNameFor(string venueCode)
    {
        ArgumentException.ThrowIfNullOrEmpty(venueCode);
        return ClientNamePrefix + venueCode;
    }

    /// <summary>
    /// Attaches to the engine's transport file as <c>venue:CODE</c> of the adapter's venue (refused with a one-line
    /// <see cref="TransportLayoutException"/> when there is no running engine or its client table is full) and hosts
    /// the adapter.
    /// </summary>
    public static VenueGatewayHost Attach(string transportPath, IVenueAdapter adapter, TextWriter log, VenueGatewayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new VenueGatewayOptions();

        // Before attaching: options that cannot run must not leave a registered client behind.
        options.Validate();
        EngineConnection connection = EngineConnection.Attach(transportPath, ClientNameFor(adapter.VenueCode));
        try
        {
            return new VenueGatewayHost(connection, adapter, log, options);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs the duty cycle until a stop condition; returns which.</summary>
    public GatewayStopReason Run(CancellationToken token)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _keeper.Cancellation = token;
        while (_keeper.StopReason is null)
        {
            _idle.Idle(DoWork());
        }

        return _keeper.StopReason.Value;
    }

    /// <summary>
    /// One duty cycle (what <see cref="Run"/> repeats): returns the work done, 0 when there was none. Once the gateway
    /// has a <see cref="StopReason"/> it hands the adapter nothing more.
    /// </summary>
    public int DoWork()
    {
        int work = 0;
        for (int i = 0; i < _requestsPerCycle && _keeper.StopReason is null; i++)
        {
            ReceiveResult result = _connection.TryReceive(_request, out int type, out int length);
            if (result == ReceiveResult.Nothing)
            {
                break;
            }

            work++;
            if (result == ReceiveResult.Lapped)
            {
                ReportLapped();
                continue;
            }

            RequestsReceived++;
            _adapter.OnEngineRequest(type, _request.AsSpan(0, length), MonotonicClock.WallNanos(), ref _sink);
        }

        if (_keeper.StopReason is null)
        {
            work += _adapter.DoWork(MonotonicClock.WallNanos(), ref _sink);
        }

        _keeper.Maintain(Stopwatch.GetTimestamp());
        return work;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _connection.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportLapped() =>
        _log.WriteLine($"gateway {_adapter.Name}: egress lapped ({_connection.LappedCount} so far): the gateway fell a whole egress buffer behind and the engine requests in it are lost (neither applied nor rejected); the engine must reconcile its open orders on venue {_adapter.VenueCode}");
}
