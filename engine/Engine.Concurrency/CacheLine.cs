namespace Engine.Concurrency;

/// <summary>
/// The padding every false-sharing-sensitive type uses, named once so a layout test can check it.
/// </summary>
/// <remarks>
/// A cache line is 64 bytes on x86-64 and most ARM64 cores, but Intel's adjacent-line (spatial) prefetcher
/// fetches lines in 128-byte pairs, and Apple/Neoverse cores use 128-byte lines: a hot field therefore gets
/// <see cref="PaddingSize"/> bytes of nothing on each side, as Java's <c>@Contended</c> does.
/// </remarks>
public static class CacheLine
{
    /// <summary>Bytes in one cache line on the targets we run on.</summary>
    public const int Size = 64;

    /// <summary>Bytes kept empty before and after a contended field (two lines, for the adjacent-line prefetcher).</summary>
    public const int PaddingSize = 2 * Size;
}
