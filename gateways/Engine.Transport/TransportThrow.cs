using System.Diagnostics.CodeAnalysis;

namespace Engine.Transport;

/// <summary>Rare-path throws kept out of the hot methods so the JIT can inline them.</summary>
internal static class TransportThrow
{
    [DoesNotReturn]
    public static void OutOfRange(int offset, int length, int capacity) =>
        throw new ArgumentOutOfRangeException(nameof(offset), $"range [{offset}, {offset}+{length}) is outside the buffer of {capacity} bytes");

    [DoesNotReturn]
    public static void MessageTooLong(int length, int maxLength) =>
        throw new ArgumentOutOfRangeException(nameof(length), $"message of {length} bytes exceeds the maximum of {maxLength} bytes for this buffer");

    [DoesNotReturn]
    public static void InvalidMessageType(int type) =>
        throw new ArgumentOutOfRangeException(nameof(type), $"message type must be positive (0 and negative values are reserved), got {type}");

    [DoesNotReturn]
    public static void CorruptRecord(string buffer, long position, int length) =>
        throw new TransportCorruptionException($"{buffer}: record at position {position} has an impossible length {length}; the shared memory is corrupt or was written by an incompatible peer");
}
