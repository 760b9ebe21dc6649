using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Journal.Format;

/// <summary>
/// CRC32C (Castagnoli) with the hardware instruction (<see cref="BitOperations.Crc32C(uint, ulong)"/>, SSE4.2 or
/// ARMv8 CRC; a software table otherwise), eight bytes per step. Standard parameters: initial value and final
/// xor 0xFFFFFFFF, so results match every other CRC32C implementation.
/// </summary>
public static unsafe class RecordChecksum
{
    /// <summary>The checksum stored in a record: the length word, then bytes [8, length) of the record.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint OfRecord(byte* record, int length)
    {
        uint crc = BitOperations.Crc32C(0xFFFFFFFFu, (uint)length);
        crc = Update(crc, record + RecordDescriptor.SequenceOffset, length - RecordDescriptor.SequenceOffset);
        return ~crc;
    }

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        fixed (byte* pointer = data)
        {
            return ~Update(0xFFFFFFFFu, pointer, data.Length);
        }
    }

    /// <summary>Continues a running (not yet inverted) CRC over <paramref name="length"/> bytes.</summary>
    public static uint Update(uint crc, byte* data, long length)
    {
        byte* end = data + length;
        while (end - data >= 8)
        {
            crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<ulong>(data));
            data += 8;
        }

        if (end - data >= 4)
        {
            crc = BitOperations.Crc32C(crc, Unsafe.ReadUnaligned<uint>(data));
            data += 4;
        }

        while (data < end)
        {
            crc = BitOperations.Crc32C(crc, *data);
            data++;
        }

        return crc;
    }
}
