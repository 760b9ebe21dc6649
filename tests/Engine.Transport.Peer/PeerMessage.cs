using System.Buffers.Binary;

namespace Engine.Transport.Peer;

/// <summary>
/// The test message: producer id, per-producer sequence and a filler derived from both, so the receiver can
/// check order and integrity of every byte. 64 bytes, the size the IPC targets are quoted for.
/// </summary>
public static class PeerMessage
{
    public const int Length = 64;
    public const int Type = 7;

    public static void Write(Span<byte> destination, int producer, long sequence)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, producer);
        BinaryPrimitives.WriteInt64LittleEndian(destination[4..], sequence);
        long filler = Filler(producer, sequence);
        for (int offset = 12; offset + 8 <= Length; offset += 8)
        {
            BinaryPrimitives.WriteInt64LittleEndian(destination[offset..], filler + offset);
        }

        BinaryPrimitives.WriteInt32LittleEndian(destination[60..], (int)filler);
    }

    /// <summary>Returns the sequence, or -1 when any byte is not what <see cref="Write"/> wrote.</summary>
    public static long Check(ReadOnlySpan<byte> message, int producer)
    {
        if (message.Length != Length || BinaryPrimitives.ReadInt32LittleEndian(message) != producer)
        {
            return -1;
        }

        long sequence = BinaryPrimitives.ReadInt64LittleEndian(message[4..]);
        long filler = Filler(producer, sequence);
        for (int offset = 12; offset + 8 <= Length; offset += 8)
        {
            if (BinaryPrimitives.ReadInt64LittleEndian(message[offset..]) != filler + offset)
            {
                return -1;
            }
        }

        return BinaryPrimitives.ReadInt32LittleEndian(message[60..]) == (int)filler ? sequence : -1;
    }

    private static long Filler(int producer, long sequence) => unchecked((sequence * (long)0x9E3779B97F4A7C15UL) ^ producer);
}
