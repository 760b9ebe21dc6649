using System.Globalization;

namespace Engine.Host;

/// <summary>
/// One direction's latency in a backtest: <see cref="ConstantNanos"/>, plus, when <see cref="JitterNanos"/> is
/// positive, a seeded uniform draw from [0, JitterNanos] per message. Messages of one direction never overtake one
/// another (a connection delivers in order), so a draw that would arrive before the previous message arrives with it.
/// Immutable.
/// </summary>
public readonly record struct LatencyModel(long ConstantNanos, long JitterNanos = 0)
{
    public void Validate(string name)
    {
        if (ConstantNanos < 0 || JitterNanos < 0)
        {
            throw new ArgumentOutOfRangeException(name, $"{name}: latencies must not be negative ({this})");
        }
    }

    public override string ToString() => JitterNanos == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{ConstantNanos / 1_000.0:0.###} µs")
        : string.Create(CultureInfo.InvariantCulture, $"{ConstantNanos / 1_000.0:0.###} µs + U[0, {JitterNanos / 1_000.0:0.###}] µs");
}
