using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Engine.Gateways.Hosting.Connection;

/// <summary>
/// The duties a gateway's duty cycle owes its connection, on a schedule: refresh the gateway's heartbeat (so the
/// engine does not declare it dead) and check that the engine still serves it (stop requested, transport file
/// removed, engine process gone, engine heartbeat stale, declared dead by the engine). The first stop reason found
/// sticks: a gateway that saw its engine go never resumes on that connection.
/// Both the duty cycle and the <see cref="IngressWriter"/> waiting on a full ring call <see cref="Maintain"/>, so the
/// heartbeat stays fresh and a dead engine ends the wait wherever the thread is.
/// Thread ownership: the gateway's duty-cycle thread (the slot's heartbeat has one writer); <see cref="StopReason"/>
/// may be read from others.
/// </summary>
public sealed class LivenessKeeper
{
    private const int Running = -1;

    private readonly EngineConnection _connection;
    private readonly long _heartbeatIntervalTicks;
    private readonly long _livenessIntervalTicks;
    private readonly long _engineTimeoutTicks;
    private long _nextHeartbeatTicks;
    private long _nextLivenessTicks;

    // Running, or the GatewayStopReason as an int: another thread may read it, and a nullable field cannot be volatile.
    private volatile int _stopReason = Running;

    public LivenessKeeper(EngineConnection connection, TimeSpan heartbeatInterval, TimeSpan livenessInterval, TimeSpan engineTimeout)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(heartbeatInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(livenessInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(engineTimeout, TimeSpan.Zero);
        _connection = connection;
        _heartbeatIntervalTicks = ToTicks(heartbeatInterval);
        _livenessIntervalTicks = ToTicks(livenessInterval);
        _engineTimeoutTicks = ToTicks(engineTimeout);
    }

    /// <summary>The stop request of the run in progress; checked with the engine's liveness, first.</summary>
    public CancellationToken Cancellation { get; set; }

    /// <summary>Null while the gateway should go on; else why it must stop.</summary>
    public GatewayStopReason? StopReason => _stopReason == Running ? null : (GatewayStopReason)_stopReason;

    /// <summary>Does whatever is due at <paramref name="nowTicks"/> (<see cref="Stopwatch"/> ticks); cheap when nothing is.</summary>
    public void Maintain(long nowTicks)
    {
        if (nowTicks >= _nextHeartbeatTicks)
        {
            _connection.Heartbeat();
            _nextHeartbeatTicks = nowTicks + _heartbeatIntervalTicks;
        }

        if (nowTicks >= _nextLivenessTicks)
        {
            _nextLivenessTicks = nowTicks + _livenessIntervalTicks;
            CheckLiveness(nowTicks);
        }
    }

    private static long ToTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    /// <summary>Rare path (a few times a second): file system and /proc reads are fine here.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CheckLiveness(long nowTicks)
    {
        if (_stopReason != Running)
        {
            return;
        }

        GatewayStopReason? reason = Cancellation.IsCancellationRequested
            ? GatewayStopReason.Canceled
            : _connection.CheckLiveness(nowTicks, _engineTimeoutTicks);
        if (reason is { } stop)
        {
            _stopReason = (int)stop;
        }
    }
}
