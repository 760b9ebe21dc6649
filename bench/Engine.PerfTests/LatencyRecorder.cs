using System.Diagnostics;
using HdrHistogram;

namespace Engine.PerfTests;

/// <summary>
/// Records latencies in nanoseconds into an HdrHistogram (3 significant digits, up to 10 s) and turns them into
/// the percentile fields every latency result carries.
/// </summary>
public sealed class LatencyRecorder
{
    private const long HighestTrackableNanoseconds = 10_000_000_000;
    private static readonly double s_nanosecondsPerTick = 1_000_000_000.0 / Stopwatch.Frequency;
    private readonly LongHistogram _histogram = new(HighestTrackableNanoseconds, 3);

    public long Count => _histogram.TotalCount;

    public void RecordTicks(long ticks) => _histogram.RecordValue(Math.Clamp((long)(ticks * s_nanosecondsPerTick), 0, HighestTrackableNanoseconds));

    public double PercentileNanoseconds(double percentile) => _histogram.GetValueAtPercentile(percentile);

    /// <summary>p50, p90, p99, p99_9 and max, in microseconds.</summary>
    public Dictionary<string, double> PercentilesMicroseconds() => new()
    {
        ["p50"] = PercentileNanoseconds(50) / 1000.0,
        ["p90"] = PercentileNanoseconds(90) / 1000.0,
        ["p99"] = PercentileNanoseconds(99) / 1000.0,
        ["p99_9"] = PercentileNanoseconds(99.9) / 1000.0,
        ["max"] = _histogram.GetMaxValue() / 1000.0,
        ["count"] = _histogram.TotalCount,
    };
}
