namespace Engine.Host;

/// <summary>
/// Which percentiles a latency histogram can support. A percentile p of n samples is reported only when at least
/// <see cref="MinSamplesBeyond"/> samples lie beyond it, i.e. n × (100 − p) / 100 ≥ 10. Why: the p-th percentile is
/// the sample of rank n × p / 100; with only a few samples above it, it is one of the run's few largest values and
/// says more about this run's outliers than about the tail (p99 of 50 samples is simply the maximum). With ten beyond
/// it, one more or one fewer outlier no longer decides the value. So p50 needs 20 samples, p90 100, p99 1,000 and
/// p99.9 10,000; the maximum is always shown, as what it is. Stateless.
/// </summary>
public static class SupportedPercentiles
{
    public const int MinSamplesBeyond = 10;

    /// <summary>The percentiles reports consider, in order.</summary>
    public static IReadOnlyList<double> Candidates { get; } = [50, 90, 99, 99.9, 99.99];

    /// <summary>Whether <paramref name="count"/> samples support <paramref name="percentile"/>.</summary>
    public static bool IsSupported(double percentile, long count) =>
        count * (100 - percentile) / 100 >= MinSamplesBeyond - 1e-9;

    /// <summary>The smallest sample count that supports <paramref name="percentile"/>.</summary>
    public static long SamplesNeeded(double percentile) => (long)Math.Ceiling((MinSamplesBeyond * 100 / (100 - percentile)) - 1e-9);

    /// <summary>The first candidate percentile <paramref name="count"/> samples do not support, or null when all are.</summary>
    public static double? FirstUnsupported(long count)
    {
        foreach (double percentile in Candidates)
        {
            if (!IsSupported(percentile, count))
            {
                return percentile;
            }
        }

        return null;
    }
}
