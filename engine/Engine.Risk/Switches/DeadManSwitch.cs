using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Halts trading when no admin heartbeat arrived for the configured interval of input time. Armed by the first
/// heartbeat; while enabled and not armed, orders are rejected (fail closed: nobody has shown they are watching).
/// Fires once: the BLP then cancels every open order; a later heartbeat re-arms it, but trading stays halted until
/// an admin input sets the global state back to active. Mutable; owned by the BLP thread.
/// </summary>
internal struct DeadManSwitch
{
    private long _intervalNanos;
    private long _lastHeartbeatNanos;
    private bool _armed;
    private bool _fired;

    public DeadManSwitch(long intervalNanos)
    {
        _intervalNanos = intervalNanos;
    }

    public readonly bool IsEnabled => _intervalNanos > 0;

    public readonly bool IsArmed => _armed;

    public readonly bool HasFired => _fired;

    public readonly long IntervalNanos => _intervalNanos;

    public void SetInterval(long intervalNanos)
    {
        _intervalNanos = intervalNanos;
    }

    public void Heartbeat(long nowNanos)
    {
        _lastHeartbeatNanos = _armed ? Math.Max(_lastHeartbeatNanos, nowNanos) : nowNanos;
        _armed = true;
        _fired = false;
    }

    /// <summary>True when the interval has passed at <paramref name="nowNanos"/> since the last heartbeat.</summary>
    public readonly bool IsOverdue(long nowNanos) => _armed && nowNanos - _lastHeartbeatNanos > _intervalNanos;

    /// <summary>Marks the switch fired; true only the first time, so the BLP cancels the open orders once.</summary>
    public bool Fire()
    {
        bool first = !_fired;
        _fired = true;
        return first;
    }

    public readonly void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(_intervalNanos);
        hasher.Add(_lastHeartbeatNanos);
        hasher.Add(_armed ? 1 : 0);
        hasher.Add(_fired ? 1 : 0);
    }
}
