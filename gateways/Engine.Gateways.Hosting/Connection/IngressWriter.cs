using System.Diagnostics;
using System.Runtime.CompilerServices;
using Engine.Transport.Ingress;

namespace Engine.Gateways.Hosting.Connection;

/// <summary>
/// Writes a gateway's frames into the engine's ingress ring and never drops one while the engine serves the gateway:
/// while the ring is full it idles and retries, keeping the <see cref="LivenessKeeper"/>'s duties meanwhile (so the
/// gateway's heartbeat stays fresh and a dead engine or a stop request ends the wait). A frame is dropped only once
/// the keeper has a stop reason; drops, waits and frames written are counted.
/// Thread ownership: the gateway's duty-cycle thread (the one that owns the keeper); the counters may be read from
/// others (plain reads, for display).
/// </summary>
public sealed class IngressWriter
{
    private readonly EngineConnection _connection;
    private readonly LivenessKeeper _keeper;

    public IngressWriter(EngineConnection connection, LivenessKeeper keeper)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(keeper);
        _connection = connection;
        _keeper = keeper;
    }

    /// <summary>Frames written into ingress.</summary>
    public long FramesWritten { get; private set; }

    /// <summary>Idle rounds spent waiting for room in a full ingress ring.</summary>
    public long BackPressureWaits { get; private set; }

    /// <summary>Frames not delivered because the engine went away (or the gateway stopped) while ingress was full.</summary>
    public long FramesDropped { get; private set; }

    /// <summary>Writes one frame, waiting while ingress is full; false when it was dropped because the gateway must stop.</summary>
    public bool Write(int templateId, ReadOnlySpan<byte> frame)
    {
        if (_keeper.StopReason is not null)
        {
            FramesDropped++;
            return false;
        }

        while (_connection.TryWrite(templateId, frame) == OfferResult.BackPressured)
        {
            if (!WaitForRoom())
            {
                FramesDropped++;
                return false;
            }
        }

        FramesWritten++;
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool WaitForRoom()
    {
        BackPressureWaits++;
        _keeper.Maintain(Stopwatch.GetTimestamp());
        if (_keeper.StopReason is not null)
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
}
