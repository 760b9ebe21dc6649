using System.Runtime.InteropServices;

namespace Engine.Journal.Writing;

/// <summary>
/// A sequence alone on its cache line: written by the journal writer, read by the stages it gates. The padding
/// keeps the writer's hot fields and the readers' polling from false-sharing a line.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = Size)]
internal struct PaddedSequence
{
    /// <summary>Two 64-byte lines before and one after: adjacent-line prefetch pulls lines in pairs.</summary>
    public const int Padding = 128;

    public const int Size = Padding + sizeof(long) + 64 - sizeof(long);

    [FieldOffset(Padding)]
    public long Value;
}
