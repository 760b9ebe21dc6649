using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// The live pipeline's per-stage latencies (see <see cref="EnginePipeline"/>), measured by the host on
/// <see cref="MonotonicClock.WallNanos"/>, the clock the receiver stamps each input's engine time with:
/// <code>
///   receiver stamps ──► journal commit returns ──► BLP returns from the input
///   └─ receive → journaled ─┘└──── journaled → applied ────┘
///                          BLP begins the input ──► BLP returns, its outputs written to egress
///                          └──── BLP → egress (per input with outputs) ────┘
/// </code>
/// receive → journaled includes the fsync the policy asks for; journaled → applied is the hand-off across the ring
/// plus the BLP's work; BLP → egress is the BLP's work on an input that published, its egress writes included
/// (egress is written synchronously inside the BLP's call, so the end of the call is when the last output was on
/// egress). It is measured per input rather than per output so that it reuses the clock read that ends journaled →
/// applied: every clock read (~30 ns here) and histogram record is on the order path, and per-output timing had added
/// ~0.35 µs to the p50 of tick-to-trade-ipc (docs/PERFORMANCE.md). They are host measurements, not state: the BLP
/// never reads them, nothing is journaled, and a replay does not measure.
/// Only the live pipeline records (backtests and replays have no ring stages).
/// Thread ownership: each stage records on its own thread (receiver-side stages on the journaller, the rest on the
/// BLP thread); <see cref="OutputsOfInput"/> belongs to the BLP thread; snapshots are taken from any thread.
/// </summary>
public sealed class PipelineLatencies
{
    public StageLatency ReceiveToJournaled { get; } = new("receive -> journaled", "the receiver took the input off ingress -> its journal commit returned (fsync policy included)");

    public StageLatency JournaledToApplied { get; } = new("journaled -> applied", "journal commit returned -> the BLP returned from the input (ring hand-off and the BLP's work)");

    public StageLatency BlpToEgress { get; } = new("BLP -> egress", "the BLP began an input that published -> it returned, its output frames written to egress");

    /// <summary>The stages in pipeline order.</summary>
    public IReadOnlyList<StageLatency> Stages => [ReceiveToJournaled, JournaledToApplied, BlpToEgress];

    /// <summary>Output frames the input being applied has published so far (the egress publisher counts). BLP thread only.</summary>
    public int OutputsOfInput { get; set; }
}
