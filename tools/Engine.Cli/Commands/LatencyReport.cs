using System.Globalization;
using System.Text;
using Engine.Host;
using Engine.Journal.Writing;

namespace Engine.Cli.Commands;

/// <summary>
/// The latency lines of a run's summary: tick-to-trade with what its path includes, and the engine host's per-stage
/// latencies. Values in µs; only the percentiles the sample count supports (see <see cref="SupportedPercentiles"/>).
/// </summary>
public static class LatencyReport
{
    public static void WriteTickToTrade(TextWriter output, EngineHost host)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(host);
        LatencySummary summary = LatencySummary.Of(host.Publisher.TickToTrade);
        output.WriteLine("  tick-to-trade      " + Describe(summary));
        output.WriteLine("                     gateway received the market data -> ingress -> journal -> BLP -> order frame on egress; " + FsyncIncluded(host.Journal.Policy));
    }

    /// <summary>The engine's own stages; their sum is the engine's part of tick-to-trade (gateway to ingress and clock skew excluded).</summary>
    public static void WriteStages(TextWriter output, PipelineLatencies latencies)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(latencies);
        output.WriteLine("  pipeline stages    (engine host clock; receive -> journaled and journaled -> applied follow each other, BLP -> egress is per input that published)");
        foreach (StageLatency stage in latencies.Stages)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {stage.Name,-22} {Describe(stage.Summarize())}"));
        }
    }

    /// <summary><c>n=50  p50 81.2 µs  max 230.5 µs  (p90 needs ≥ 100 samples)</c>, or <c>no samples</c>.</summary>
    public static string Describe(LatencySummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Count == 0)
        {
            return "no samples";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"n={summary.Count:N0}");
        foreach ((double percentile, long nanos) in summary.Percentiles)
        {
            text.Append(CultureInfo.InvariantCulture, $"  p{percentile} {Micros(nanos)}");
        }

        text.Append(CultureInfo.InvariantCulture, $"  max {Micros(summary.MaxNanos)}");
        if (SupportedPercentiles.FirstUnsupported(summary.Count) is { } missing)
        {
            text.Append(CultureInfo.InvariantCulture, $"  (p{missing} needs ≥ {SupportedPercentiles.SamplesNeeded(missing):N0} samples)");
        }

        return text.ToString();
    }

    /// <summary>What the journal step of a latency includes under the fsync policy in force.</summary>
    public static string FsyncIncluded(FsyncPolicy policy) => policy switch
    {
        FsyncPolicy.PerBatch => "includes a journal fsync per batch (fsync \"batch\")",
        FsyncPolicy.EveryRecord => "includes a journal fsync per record (fsync \"record\")",
        _ => "no fsync: the journal commit reaches the page cache only (fsync \"none\")",
    };

    private static string Micros(long nanos) => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1000.0:N1} µs");
}
