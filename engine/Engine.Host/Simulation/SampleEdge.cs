namespace Engine.Host;

/// <summary>
/// Tells a backtest's observer the sample times: every interval from the start up to the end (inclusive). It submits
/// nothing, so it changes neither the journal nor the StateHash; added last, it acts after every other edge's action
/// at the same time, so a sample sees the state after them.
/// </summary>
public sealed class SampleEdge : ISimulationEdge
{
    private readonly long _interval;
    private readonly long _end;
    private readonly Action<long> _sample;

    public SampleEdge(long start, long end, long intervalNanos, Action<long> sample)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalNanos);
        ArgumentNullException.ThrowIfNull(sample);
        _interval = intervalNanos;
        _end = end;
        _sample = sample;
        NextEventTime = start;
    }

    public long NextEventTime { get; private set; }

    /// <summary>The last sample time told.</summary>
    public long LastSample { get; private set; } = long.MinValue;

    public void Act(long time, EngineKernel kernel)
    {
        _sample(time);
        LastSample = time;
        NextEventTime = time > _end - _interval ? long.MaxValue : time + _interval;
    }
}
