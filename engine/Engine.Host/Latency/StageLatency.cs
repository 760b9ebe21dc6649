using HdrHistogram;

namespace Engine.Host;

/// <summary>
/// The latency of one pipeline stage, in nanoseconds, as an HdrHistogram. The stage's thread records into a plain
/// <see cref="LongHistogram"/> that only it writes; <see cref="Summarize"/>, on any thread, copies it and summarises the
/// copy. Why not HdrHistogram's <c>Recorder</c>: its writer-reader phaser costs two interlocked operations per value,
/// and with four values per order (receive → journaled, journaled → applied, BLP → egress) that added 0.5-0.7 µs to the
/// p50 of <c>tick-to-trade-ipc</c> (shared threading, measured against the same build without the recording, same
/// session; docs/PERFORMANCE.md). A plain increment costs a few nanoseconds. The price is that a copy taken while the
/// stage records may miss the few values being written during it (every 64-bit count is read whole, so a count is
/// never torn): right for a status shown once a second; the summary taken after the pipeline stopped is exact. A value
/// over <see cref="MaxNanos"/> is recorded as <see cref="MaxNanos"/> (a stall, kept visible in the maximum rather than
/// dropped). A host measurement: never journaled, never seen by the BLP.
/// Thread ownership: <see cref="Record"/> by the stage's one thread; <see cref="Summarize"/> by any thread (locked).
/// </summary>
public sealed class StageLatency
{
    /// <summary>The largest latency tracked (10 s); HdrHistogram sizes its buckets from it (3 significant digits).</summary>
    public const long MaxNanos = 10_000_000_000;

    private readonly LongHistogram _recorded = new(MaxNanos, 3);
    private readonly LongHistogram _copy = new(MaxNanos, 3);
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
    public void Record(long nanos) => _recorded.RecordValue(Math.Clamp(nanos, 0, MaxNanos));

    /// <summary>Everything recorded so far: the count, the percentiles it supports and the maximum.</summary>
    public LatencySummary Summarize()
    {
        lock (_read)
        {
            _copy.Reset();
            _copy.Add(_recorded);
            return LatencySummary.Of(_copy);
        }
    }
}
