using System.Diagnostics;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;

namespace Engine.Gateways.Hosting.Connection;

/// <summary>
/// A gateway's attachment to a running engine: the mapped transport file, the gateway's slot in the client table
/// (under a name the engine reads: <c>venue:CODE</c> for a venue gateway, <c>admin:PRINCIPAL</c> for the admin
/// gateway) and its own egress receiver. The receiver joins at the newest record: what the engine sent before the
/// gateway existed was never its.
/// <para>
/// Thread safety: <see cref="TryWrite"/> and <see cref="WriteAsync"/> from any thread (ingress takes any number of
/// producers); <see cref="TryReceive"/> and <see cref="Heartbeat"/> from one thread, the gateway's egress reader (the
/// receiver's cursor and the slot's heartbeat each have one writer); <see cref="CheckLiveness"/> from any thread;
/// <see cref="Dispose"/> once every other caller has stopped (it unmaps the file).
/// </para>
/// </summary>
public sealed class EngineConnection : IDisposable
{
    private readonly TransportFile _transport;
    private readonly ClientSlot _slot;
    private readonly BroadcastReceiver _receiver;
    private volatile bool _disposed;

    private EngineConnection(TransportFile transport, ClientSlot slot, BroadcastReceiver receiver, string clientName)
    {
        _transport = transport;
        _slot = slot;
        _receiver = receiver;
        ClientName = clientName;
    }

    public string TransportPath => _transport.Path;

    /// <summary>The name this gateway registered under; the engine reports it when it declares the gateway dead.</summary>
    public string ClientName { get; }

    public long ClientId => _slot.ClientId;

    /// <summary>The largest egress message (the transmitter refuses anything over an eighth of the buffer): size receive buffers to it.</summary>
    public int MaxEgressMessageLength => _transport.EgressCapacity / 8;

    /// <summary>The largest frame ingress accepts; a longer one is a programming error and throws.</summary>
    public int MaxIngressMessageLength => _transport.Ingress.MaxMessageLength;

    /// <summary>Times egress lapped this gateway: each time, the engine messages in between were lost to it.</summary>
    public long LappedCount => _receiver.LappedCount;

    /// <summary>
    /// Attaches to the engine's transport file and registers in its client table as <paramref name="clientName"/>.
    /// Refused with a one-line <see cref="TransportLayoutException"/> naming the file when there is no running engine,
    /// the file is not a transport file of this layout, or the client table is full.
    /// </summary>
    public static EngineConnection Attach(string transportPath, string clientName)
    {
        ArgumentNullException.ThrowIfNull(transportPath);
        CheckClientName(clientName);
        TransportFile transport = TransportFile.OpenForClient(transportPath);
        try
        {
            var receiver = new BroadcastReceiver(transport.EgressBuffer);
            ClientSlot slot = transport.Clients.Register(clientName)
                ?? throw new TransportLayoutException($"{transportPath}: the engine's client table is full ({transport.Clients.MaxClients} clients)");
            slot.Heartbeat();
            return new EngineConnection(transport, slot, receiver, clientName);
        }
        catch
        {
            transport.Dispose();
            throw;
        }
    }

    /// <summary>Tells the engine this gateway lives; call it well inside the engine's client timeout.</summary>
    public void Heartbeat() => _slot.Heartbeat();

    /// <summary>One attempt to write a frame into ingress; <see cref="OfferResult.BackPressured"/> when the ring is full (nothing written).</summary>
    public OfferResult TryWrite(int templateId, ReadOnlySpan<byte> frame) => _transport.Ingress.Write(templateId, frame);

    /// <summary>
    /// Copies the next egress message into <paramref name="destination"/> (at least <see cref="MaxEgressMessageLength"/>
    /// bytes). <see cref="ReceiveResult.Lapped"/>: the gateway fell a whole buffer behind, the messages in between are
    /// lost (counted in <see cref="LappedCount"/>) and the receiver has moved on to the newest; keep reading.
    /// </summary>
    public ReceiveResult TryReceive(Span<byte> destination, out int type, out int length) =>
        _receiver.TryReceive(destination, out type, out length);

    /// <summary>
    /// Writes a frame into ingress from any thread, waiting 1 ms between attempts while the ring is full, up to
    /// <paramref name="timeout"/>; false when it never fit. For request/response clients (the admin gateway): it
    /// allocates and sleeps, so a venue gateway's duty cycle uses <see cref="IngressWriter"/> instead.
    /// </summary>
    public async Task<bool> WriteAsync(int templateId, ReadOnlyMemory<byte> frame, TimeSpan timeout, CancellationToken cancellation)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryWrite(templateId, frame.Span) != OfferResult.BackPressured)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(1, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Whether the engine still serves this gateway: null while it does, else why not. A rare path (a few times a
    /// second): it reads the file system and /proc. <paramref name="nowTicks"/> and <paramref name="engineTimeoutTicks"/>
    /// are <see cref="Stopwatch"/> ticks, the clock of every heartbeat in the file.
    /// </summary>
    public GatewayStopReason? CheckLiveness(long nowTicks, long engineTimeoutTicks)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!File.Exists(_transport.Path))
        {
            return GatewayStopReason.TransportFileRemoved;
        }

        if (!_transport.Engine.IsAlive)
        {
            return GatewayStopReason.EngineProcessGone;
        }

        // The receiver's duty cycle refreshes both; whichever is newer says the engine is working.
        long engineHeartbeat = Math.Max(_transport.EngineHeartbeatTicks, _transport.Ingress.ConsumerHeartbeatTicks);
        if (nowTicks - engineHeartbeat > engineTimeoutTicks)
        {
            return GatewayStopReason.EngineHeartbeatStale;
        }

        if (!_slot.IsActive)
        {
            return GatewayStopReason.DeclaredDeadByEngine;
        }

        return null;
    }

    /// <summary>Leaves the client table cleanly (the engine sees a close, not a death) and unmaps the file.</summary>
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

    /// <summary>
    /// The client table holds a name of up to <see cref="ClientTableDescriptor.NameLength"/> ASCII bytes and would cut a
    /// longer one silently; the engine would then not recognise a venue gateway's name, so such a name is refused.
    /// </summary>
    private static void CheckClientName(string clientName)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientName);
        if (clientName.Length > ClientTableDescriptor.NameLength || !System.Text.Ascii.IsValid(clientName))
        {
            throw new ArgumentException($"client name '{clientName}' must be 1 to {ClientTableDescriptor.NameLength} ASCII characters (the client table's name field)", nameof(clientName));
        }
    }
}
