using HdrHistogram;

namespace Engine.Host;

/// <summary>
/// What a latency histogram can say: how many samples, the percentiles they support (<see cref="SupportedPercentiles"/>)
/// and the maximum, all in nanoseconds. Immutable.
/// </summary>
public sealed record LatencySummary(long Count, IReadOnlyList<(double Percentile, long Nanos)> Percentiles, long MaxNanos)
{
    public static LatencySummary Of(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        long count = histogram.TotalCount;
        var percentiles = new List<(double, long)>();
        foreach (double percentile in SupportedPercentiles.Candidates)
        {
            if (SupportedPercentiles.IsSupported(percentile, count))
            {
                percentiles.Add((percentile, histogram.GetValueAtPercentile(percentile)));
            }
        }

        return new LatencySummary(count, percentiles, count == 0 ? 0 : histogram.GetMaxValue());
    }
}
