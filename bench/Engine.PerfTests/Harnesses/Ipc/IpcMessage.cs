using System.Buffers.Binary;

namespace Engine.PerfTests.Harnesses.Ipc;

/// <summary>The 64-byte message both IPC harnesses move: a sequence and a check word derived from it.</summary>
public static class IpcMessage
{
    public const int Length = 64;
    public const int Type = 11;

    public static void Write(Span<byte> destination, long sequence)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[56..], CheckWord(sequence));
    }

    /// <summary>The sequence, or -1 when the check word does not match it.</summary>
    public static long Read(ReadOnlySpan<byte> message)
    {
        long sequence = BinaryPrimitives.ReadInt64LittleEndian(message);
        return message.Length == Length && BinaryPrimitives.ReadInt64LittleEndian(message[56..]) == CheckWord(sequence) ? sequence : -1;
    }

    private static long CheckWord(long sequence) => unchecked(sequence * (long)0x9E3779B97F4A7C15UL) ^ 0x5A5A5A5A;
}
