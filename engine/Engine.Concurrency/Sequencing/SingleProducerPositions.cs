using System.Runtime.InteropServices;

namespace Engine.Concurrency.Sequencing;

/// <summary>
/// The single producer's private counters, padded so the consumers' reads of neighbouring fields (the sequencer's
/// cursor reference, its size) never share a cache line with these hot, frequently written values.
/// </summary>
/// <remarks>Owned by the producer thread: nothing else reads or writes it.</remarks>
[StructLayout(LayoutKind.Explicit, Size = TotalSize)]
internal struct SingleProducerPositions
{
    public const int NextValueOffset = CacheLine.PaddingSize;
    public const int CachedGatingOffset = NextValueOffset + sizeof(long);
    public const int TotalSize = CachedGatingOffset + sizeof(long) + CacheLine.PaddingSize;

    /// <summary>The highest sequence claimed so far.</summary>
    [FieldOffset(NextValueOffset)]
    public long NextValue;

    /// <summary>The slowest gating sequence last seen: a lower bound, refreshed only when a claim might wrap.</summary>
    [FieldOffset(CachedGatingOffset)]
    public long CachedGatingValue;
}
