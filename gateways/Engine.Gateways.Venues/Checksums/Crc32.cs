namespace Engine.Gateways.Venues.Checksums;

/// <summary>
/// CRC-32/ISO-HDLC (the zlib, PNG and Ethernet CRC: reflected polynomial 0xEDB88320, initial and final value all
/// ones), which OKX and Kraken compute their book checksums with. Written here, one byte per table look-up, rather
/// than taken from a package: the inputs are a few hundred bytes per message and the library takes no dependencies.
/// <see cref="Append"/> composes like zlib's <c>crc32(crc, buffer)</c>, so a checksum string can be fed piece by
/// piece as it is written and never has to exist whole.
/// </summary>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] s_table = MakeTable();

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>The CRC of the bytes <paramref name="crc"/> was the CRC of, followed by <paramref name="data"/> (start from 0).</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        crc = ~crc;
        foreach (byte b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] MakeTable()
    {
        uint[] table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint entry = i;
            for (int bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }

            table[i] = entry;
        }

        return table;
    }
}
