namespace Engine.Host;

/// <summary>The engine's timer in a simulation: a TimerTick input every interval of simulated time, as the live receiver injects them.</summary>
public sealed class TimerEdge : ISimulationEdge
{
    private readonly long _interval;
    private readonly byte[] _scratch = new byte[64];
    private ulong _ticks;

    public TimerEdge(long startNanos, long intervalNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(intervalNanos);
        _interval = intervalNanos;
        NextEventTime = startNanos + intervalNanos;
    }

    public long NextEventTime { get; private set; }

    public void Act(long time, EngineKernel kernel)
    {
        var tick = Codecs.TimerTickEncoder.WrapAndApplyHeader(_scratch, 0);
        tick.Time = time;
        tick.TickSequence = ++_ticks;
        kernel.SubmitOwn(Codecs.TimerTickEncoder.TemplateId, time, _scratch.AsSpan(0, Codecs.EngineSchema.HeaderLength + tick.EncodedLength));
        NextEventTime += _interval;
    }
}
