namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// The slot of ring-1p1c: one long payload and nothing else (the LMAX perf tests' ValueEvent), 8 bytes, the same
/// element the channel baseline moves.
/// </summary>
/// <remarks>
/// Why not <see cref="LongEvent"/>: its second field (the pipeline's stage result) made every ring slot 16 bytes
/// for an 8-byte payload, so the ring moved twice the bytes the channel did. A consumer chasing its producer reads
/// cache lines the producer is still writing, so the per-event rate follows the bytes per event: in interleaved runs
/// on the standard VM the same ring made 63-80 M/s per event with 8-byte slots against 30-38 M/s with 16-byte ones
/// (run medians, the old engine and the new alike); batches of 64 moved less (158-201 M/s against 146-169 M/s).
/// </remarks>
public struct ValueEvent
{
    public long Value;
}
