using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// The live pipeline's per-stage latencies (see <see cref="EnginePipeline"/>), measured by the host on
/// <see cref="MonotonicClock.WallNanos"/>, the clock the receiver stamps each input's engine time with:
/// <code>
///   receiver stamps ──► journal commit returns ──► BLP returns from the input
///   └─ receive → journaled ─┘└──── journaled → applied ────┘
///                                     BLP begins the input ──► an output frame written to egress
///                                     └──────────── BLP → egress (per output) ─────────┘
/// </code>
/// receive → journaled includes the fsync the policy asks for; journaled → applied is the hand-off across the ring
/// plus the BLP's work; BLP → egress is the BLP's work up to each output it publishes plus the egress write. They
/// are host measurements, not state: the BLP never reads them, nothing is journaled, and a replay does not measure.
/// Only the live pipeline records (backtests and replays have no ring stages).
/// Thread ownership: each stage records on its own thread (receiver-side stages on the journaller, the rest on the
/// BLP thread); <see cref="InputStartedAt"/> belongs to the BLP thread; snapshots are taken from any thread.
/// </summary>
public sealed class PipelineLatencies
{
    public StageLatency ReceiveToJournaled { get; } = new("receive -> journaled", "the receiver took the input off ingress -> its journal commit returned (fsync policy included)");

    public StageLatency JournaledToApplied { get; } = new("journaled -> applied", "journal commit returned -> the BLP returned from the input (ring hand-off and the BLP's work)");

    public StageLatency BlpToEgress { get; } = new("BLP -> egress", "the BLP began the input -> each output frame it caused was written to egress");

    /// <summary>The stages in pipeline order.</summary>
    public IReadOnlyList<StageLatency> Stages => [ReceiveToJournaled, JournaledToApplied, BlpToEgress];

    /// <summary>When the BLP began the input it is applying (wall ns; 0 between inputs). BLP thread only.</summary>
    public long InputStartedAt { get; set; }
}
