using HdrHistogram;

namespace Engine.Host;

/// <summary>
/// The latency of one pipeline stage, in nanoseconds, as an HdrHistogram. The stage's thread records through a
/// <see cref="Recorder"/> (wait-free, no allocation, no lock); any other thread reads the cumulative total through
/// <see cref="Summarize"/>, which swaps the recorder's interval histogram out and adds it to the total first. A value over
/// <see cref="MaxNanos"/> is recorded as <see cref="MaxNanos"/> (a stall, kept visible in the maximum rather than
/// dropped). A host measurement: never journaled, never seen by the BLP.
/// Thread ownership: <see cref="Record"/> by the stage's one thread; <see cref="Summarize"/> by any thread (locked).
/// </summary>
public sealed class StageLatency
{
    /// <summary>The largest latency tracked (10 s); HdrHistogram sizes its buckets from it (3 significant digits).</summary>
    public const long MaxNanos = 10_000_000_000;

    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize().WithValuesUpTo(MaxNanos).WithPrecisionOf(3).WithThreadSafeReads().Create();
    private readonly LongHistogram _interval = new(MaxNanos, 3);
    private readonly LongHistogram _total = new(MaxNanos, 3);
    private readonly Lock _read = new();

    public StageLatency(string name, string description)
    {
        Name = name;
        Description = description;
    }

    /// <summary>A short name, e.g. <c>receive -> journaled</c>.</summary>
    public string Name { get; }

    /// <summary>Where the measurement starts and ends.</summary>
    public string Description { get; }

    /// <summary>Records one latency (ns) on the stage's thread; a negative one (no clock goes backwards here) counts as 0.</summary>
    public void Record(long nanos) => _recorder.RecordValue(Math.Clamp(nanos, 0, MaxNanos));

    /// <summary>Everything recorded so far: the count, the percentiles it supports and the maximum.</summary>
    public LatencySummary Summarize()
    {
        lock (_read)
        {
            _recorder.GetIntervalHistogramInto(_interval);
            _total.Add(_interval);
            return LatencySummary.Of(_total);
        }
    }
}
