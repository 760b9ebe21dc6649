using System.Diagnostics.CodeAnalysis;

namespace Engine.Journal.Writing;

/// <summary>Rare-path throws kept out of the append path so the JIT can inline it.</summary>
internal static class JournalThrow
{
    [DoesNotReturn]
    public static void SequenceGap(long sequence, long expected) =>
        throw new ArgumentOutOfRangeException(nameof(sequence), $"journal sequence must be contiguous: got {sequence}, expected {expected}");

    [DoesNotReturn]
    public static void PayloadTooLong(int length, int max) =>
        throw new ArgumentOutOfRangeException(nameof(length), $"payload of {length} bytes exceeds the segment's maximum of {max} bytes");

    [DoesNotReturn]
    public static void Disposed() =>
        throw new ObjectDisposedException(nameof(JournalWriter));
}
