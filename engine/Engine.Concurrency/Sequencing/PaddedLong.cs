using System.Runtime.InteropServices;

namespace Engine.Concurrency.Sequencing;

/// <summary>
/// A <see cref="long"/> with <see cref="CacheLine.PaddingSize"/> empty bytes on each side, so no other hot field
/// (of this object or a neighbour on the heap) shares its cache lines. The layout is checked by a test.
/// </summary>
/// <remarks>Not thread-safe by itself: the owner decides the access (see <see cref="Sequence"/>).</remarks>
[StructLayout(LayoutKind.Explicit, Size = TotalSize)]
internal struct PaddedLong
{
    /// <summary>Offset of the value: a full padding block sits before it.</summary>
    public const int ValueOffset = CacheLine.PaddingSize;

    /// <summary>The value, then a full padding block after it.</summary>
    public const int TotalSize = CacheLine.PaddingSize + sizeof(long) + CacheLine.PaddingSize;

    [FieldOffset(ValueOffset)]
    public long Value;
}
