using System.Diagnostics;
using System.Runtime.CompilerServices;
using Engine.Concurrency.Agents;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Model;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;

namespace Engine.Gateways.SimulatedVenue.Gateway;

/// <summary>
/// The simulated venue as a gateway process: attached to a running engine's transport file as a client, it runs one
/// duty cycle on one thread: apply the engine's requests read from egress, advance the session to the monotonic
/// clock, write every frame the session produced into ingress, heartbeat, and check that the engine still lives.
/// <list type="bullet">
/// <item>Egress lapped: the gateway fell a whole buffer behind and the requests in between are lost. It cannot
/// recover them (the venue does not know what they were); it says so on the log, counts it, and goes on.</item>
/// <item>Ingress back-pressured: it idles and retries, heartbeating meanwhile; a frame is dropped only once the engine
/// is gone or the gateway is stopping, and those are counted and reported.</item>
/// <item>It stops on cancellation, when the engine's process is gone, when the transport file is removed, when the
/// engine's heartbeat is stale, or when the engine declared it dead.</item>
/// </list>
/// Thread ownership: <see cref="Run"/> runs on one thread; the counters may be read from others (plain reads, for
/// display).
/// </summary>
public sealed class SimulatedVenueGateway : IDisposable
{
    // Venue gateways register as "venue:<venue code>": when one dies, the engine knows whose orders are gone.
    public const string ClientName = "venue:SIM";

    private readonly TransportFile _transport;
    private readonly ClientSlot _slot;
    private readonly BroadcastReceiver _receiver;
    private readonly SimulatedVenueSession _session;
    private readonly SimulatedVenueGatewayOptions _options;
    private readonly TextWriter _log;
    private readonly IIdleStrategy _idle;
    private readonly byte[] _request;
    private readonly long _heartbeatIntervalTicks;
    private readonly long _livenessIntervalTicks;
    private readonly long _engineTimeoutTicks;
    private CancellationToken _token;
    private long _nextHeartbeatTicks;
    private long _nextLivenessTicks;
    private GatewayStopReason? _stopReason;
    private bool _disposed;

    private SimulatedVenueGateway(TransportFile transport, ClientSlot slot, BroadcastReceiver receiver, SimulatedVenueSession session, SimulatedVenueGatewayOptions options, TextWriter log)
    {
        _transport = transport;
        _slot = slot;
        _receiver = receiver;
        _session = session;
        _options = options;
        _log = log;
        _idle = options.IdleStrategy();
        _request = new byte[transport.EgressCapacity / 8];
        _heartbeatIntervalTicks = ToTicks(options.HeartbeatInterval);
        _livenessIntervalTicks = ToTicks(options.LivenessInterval);
        _engineTimeoutTicks = ToTicks(options.EngineTimeout);
    }

    public SimulatedVenueSession Session => _session;

    public long ClientId => _slot.ClientId;

    public string TransportPath => _transport.Path;

    /// <summary>Egress records handed to the session.</summary>
    public long RequestsReceived { get; private set; }

    /// <summary>Frames written into ingress.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Times egress lapped this gateway (each time, engine requests were lost).</summary>
    public long LappedCount => _receiver.LappedCount;

    /// <summary>Idle rounds spent waiting for room in a full ingress ring.</summary>
    public long BackPressureWaits { get; private set; }

    /// <summary>Frames not delivered because the engine went away (or the gateway stopped) while ingress was full.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>
    /// Attaches to the engine's transport file (refused with a one-line <see cref="TransportLayoutException"/> when
    /// there is no running engine or its layout differs), registers in the client table, and builds the venue: its
    /// markets start one warm-up before now, so they are populated and current when the first request arrives.
    /// </summary>
    public static SimulatedVenueGateway Attach(string transportPath, InstrumentRegistry registry, ulong seed, TextWriter log, SimulatedVenueGatewayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transportPath);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(log);
        options ??= new SimulatedVenueGatewayOptions();
        options.Validate();
        TransportFile transport = TransportFile.OpenForClient(transportPath);
        try
        {
            long start = Math.Max(0, MonotonicClock.WallNanos() - SimulatedVenueOptions.DefaultWarmUpNanos);
            var session = new SimulatedVenueSession(registry, new SimulatedVenueOptions { Seed = seed, StartTimeNanos = start });

            // The receiver joins at the newest egress record: requests sent before the gateway existed were never its.
            var receiver = new BroadcastReceiver(transport.EgressBuffer);
            ClientSlot slot = transport.Clients.Register(ClientName)
                ?? throw new TransportLayoutException($"{transportPath}: the engine's client table is full ({transport.Clients.MaxClients} clients)");
            slot.Heartbeat();
            return new SimulatedVenueGateway(transport, slot, receiver, session, options, log);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>Runs the duty cycle until a stop condition; returns which.</summary>
    public GatewayStopReason Run(CancellationToken token)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _token = token;
        var sink = new IngressFrameSink(this);
        while (_stopReason is null)
        {
            int work = 0;
            for (int i = 0; i < _options.RequestsPerCycle && _stopReason is null; i++)
            {
                ReceiveResult result = _receiver.TryReceive(_request, out _, out int length);
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
                _session.OnRequest(_request.AsSpan(0, length), MonotonicClock.WallNanos(), ref sink);
            }

            long framesBefore = FramesWritten;
            if (_stopReason is null)
            {
                _session.AdvanceTo(MonotonicClock.WallNanos(), ref sink);
            }

            work += (int)Math.Min(int.MaxValue, FramesWritten - framesBefore);
            Housekeeping(Stopwatch.GetTimestamp());
            _idle.Idle(work);
        }

        return _stopReason.Value;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _slot.Dispose();
        _transport.Dispose();
    }

    /// <summary>Writes one frame into ingress; on back-pressure idles and retries (heartbeating) until written or the gateway must stop.</summary>
    internal void WriteToIngress(int templateId, ReadOnlySpan<byte> frame)
    {
        if (_stopReason is not null)
        {
            FramesDropped++;
            return;
        }

        ManyToOneRingBuffer ingress = _transport.Ingress;
        while (ingress.Write(templateId, frame) == OfferResult.BackPressured)
        {
            if (!WaitForIngress())
            {
                FramesDropped++;
                return;
            }
        }

        FramesWritten++;
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitForIngress()
    {
        BackPressureWaits++;
        Housekeeping(Stopwatch.GetTimestamp());
        if (_stopReason is not null)
        {
            return false;
        }

        // Yield first (the engine usually drains within microseconds); past that, sleep so a stalled engine does not
        // cost a core on a shared machine.
        if ((BackPressureWaits & 63) == 0)
        {
            Thread.Sleep(1);
        }
        else
        {
            Thread.Yield();
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReportLapped() =>
        _log.WriteLine($"gateway sim: egress lapped ({_receiver.LappedCount} so far): the gateway fell a whole egress buffer behind and the engine requests in it are lost (neither applied nor rejected); the engine must reconcile its open orders");

    private void Housekeeping(long nowTicks)
    {
        if (nowTicks >= _nextHeartbeatTicks)
        {
            _slot.Heartbeat();
            _nextHeartbeatTicks = nowTicks + _heartbeatIntervalTicks;
        }

        if (nowTicks >= _nextLivenessTicks)
        {
            _nextLivenessTicks = nowTicks + _livenessIntervalTicks;
            _stopReason ??= CheckLiveness(nowTicks);
        }
    }

    /// <summary>Rare path (a few times a second): file system and /proc reads are fine here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private GatewayStopReason? CheckLiveness(long nowTicks)
    {
        if (_token.IsCancellationRequested)
        {
            return GatewayStopReason.Canceled;
        }

        if (!File.Exists(_transport.Path))
        {
            return GatewayStopReason.TransportFileRemoved;
        }

        if (!_transport.Engine.IsAlive)
        {
            return GatewayStopReason.EngineProcessGone;
        }

        long engineHeartbeat = Math.Max(_transport.EngineHeartbeatTicks, _transport.Ingress.ConsumerHeartbeatTicks);
        if (nowTicks - engineHeartbeat > _engineTimeoutTicks)
        {
            return GatewayStopReason.EngineHeartbeatStale;
        }

        if (!_slot.IsActive)
        {
            return GatewayStopReason.DeclaredDeadByEngine;
        }

        return null;
    }
}
