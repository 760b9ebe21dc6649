using Engine.Gateways.SimulatedVenue.MarketData;

namespace Engine.Host;

/// <summary>
/// Draws the arrival times of one direction's messages from a <see cref="LatencyModel"/> with its own seeded
/// generator, keeping them in order (see <see cref="LatencyModel"/>). Deterministic: the same seed and the same send
/// times give the same arrival times. Owned by the simulation's thread.
/// </summary>
public sealed class LatencyDraw
{
    private readonly LatencyModel _model;
    private Xoshiro256StarStar _random;
    private long _lastArrival = long.MinValue;

    public LatencyDraw(LatencyModel model, ulong seed)
    {
        model.Validate(nameof(model));
        _model = model;
        _random = new Xoshiro256StarStar(seed);
    }

    /// <summary>When a message sent at <paramref name="sentNanos"/> arrives.</summary>
    public long ArrivalOf(long sentNanos)
    {
        long latency = _model.ConstantNanos;
        if (_model.JitterNanos > 0)
        {
            latency += (long)(_random.NextUInt64() % (ulong)(_model.JitterNanos + 1));
        }

        long arrival = Math.Max(checked(sentNanos + latency), _lastArrival);
        _lastArrival = arrival;
        return arrival;
    }
}
