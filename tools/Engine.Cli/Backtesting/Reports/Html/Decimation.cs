namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>
/// Keeps a long series drawable: at most about <c>2 × buckets</c> points, keeping each bucket's lowest and highest
/// value in time order, so spikes and drawdowns stay visible where plain every-nth sampling would drop them. The
/// first and last points are always kept. Deterministic (the same series gives the same points).
/// </summary>
public static class Decimation
{
    public static IReadOnlyList<ChartPoint> MinMax(IReadOnlyList<ChartPoint> series, int buckets)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        if (series.Count <= 2 * buckets)
        {
            return series;
        }

        var kept = new List<ChartPoint>((2 * buckets) + 2) { series[0] };
        int count = series.Count - 2;
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            int from = 1 + (int)((long)bucket * count / buckets);
            int to = 1 + (int)((long)(bucket + 1) * count / buckets);
            if (from >= to)
            {
                continue;
            }

            int low = from;
            int high = from;
            for (int i = from + 1; i < to; i++)
            {
                low = series[i].Value < series[low].Value ? i : low;
                high = series[i].Value > series[high].Value ? i : high;
            }

            kept.Add(series[Math.Min(low, high)]);
            if (low != high)
            {
                kept.Add(series[Math.Max(low, high)]);
            }
        }

        kept.Add(series[^1]);
        return kept;
    }
}
