using System.Globalization;

namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>Fill latencies in power-of-two microsecond buckets (&lt;1 µs, 1–2 µs, 2–4 µs, ...), from the smallest to the largest bucket used.</summary>
public static class LatencyBuckets
{
    public static IReadOnlyList<(string Label, double Value, string Tooltip)> Of(IReadOnlyList<long> latenciesNanos)
    {
        ArgumentNullException.ThrowIfNull(latenciesNanos);
        if (latenciesNanos.Count == 0)
        {
            return [];
        }

        var counts = new long[64];
        foreach (long nanos in latenciesNanos)
        {
            long micros = Math.Max(0, nanos) / 1_000;
            counts[micros == 0 ? 0 : 64 - long.LeadingZeroCount(micros)]++;
        }

        int first = Array.FindIndex(counts, c => c > 0);
        int last = Array.FindLastIndex(counts, c => c > 0);
        var bars = new List<(string, double, string)>();
        for (int bucket = first; bucket <= last; bucket++)
        {
            // Short labels under the bars (the lower bound); the tooltip gives the whole range.
            string label = bucket == 0 ? "<1 µs" : "≥" + Micros(1L << (bucket - 1));
            string range = bucket == 0 ? "under 1 µs" : Micros(1L << (bucket - 1)) + " to " + Micros(1L << bucket);
            bars.Add((label, counts[bucket], string.Create(CultureInfo.InvariantCulture, $"{range}: {counts[bucket]:N0} fills")));
        }

        return bars;
    }

    private static string Micros(long micros) =>
        micros >= 1_000_000 ? (micros / 1_000_000).ToString(CultureInfo.InvariantCulture) + " s"
        : micros >= 1_000 ? (micros / 1_000).ToString(CultureInfo.InvariantCulture) + " ms"
        : micros.ToString(CultureInfo.InvariantCulture) + " µs";
}
