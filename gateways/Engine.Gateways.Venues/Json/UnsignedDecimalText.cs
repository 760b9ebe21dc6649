using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Json;

/// <summary>
/// Venue prices and quantities ("61737.63000000", "0.14909000") into exact fixed point, eight digits at a time.
/// Venues write the same shape every time: a few integer digits, a point, a fixed number of decimals. For that shape
/// (the point within the first eight bytes, at most eight decimals, the text at least eight bytes long) the integer
/// digits and the decimals are each read as one 64-bit word: checked to be digits and converted with three
/// multiplications (SWAR), with no branch per character. Decimals beyond the scale must be '0' bytes, compared as a
/// mask. Anything else (shorter or longer text, a sign, no point, a scale over 11) goes to
/// <see cref="FixedPointMath.TryParse(ReadOnlySpan{byte}, int, out long, out int)"/>, which decides it exactly as
/// before: the fast path only ever accepts what that parser accepts, with the same units and decimals.
/// <para>
/// Why: a depth level is two of these numbers, and the per-character loop was ~21 ns of a level's cost in
/// venue-normalize (docs/PERFORMANCE.md).
/// </para>
/// </summary>
internal static class UnsignedDecimalText
{
    private const ulong Zeros = 0x3030_3030_3030_3030UL;
    private const ulong Ones = 0x0101_0101_0101_0101UL;
    private const ulong HighBits = 0x8080_8080_8080_8080UL;
    private const ulong Points = 0x2E2E_2E2E_2E2E_2E2EUL;

    // 10^(scale - kept decimals) for scales up to 11: the integer part (at most 7 digits) times 10^11 stays below 2^63.
    private const int MaxFastScale = 11;

    /// <summary>
    /// Parses an unsigned plain decimal at <paramref name="scale"/>; <paramref name="decimals"/> is how many digits
    /// followed the point. False for anything <see cref="FixedPointMath"/> refuses and for negative values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryParse(ReadOnlySpan<byte> text, int scale, out long units, out int decimals)
    {
        if (text.Length >= 8 && (uint)scale <= MaxFastScale && TryParseFast(text, scale, out units, out decimals))
        {
            return true;
        }

        return FixedPointMath.TryParse(text, scale, out units, out decimals) == FixedPointParseStatus.Ok && units >= 0;
    }

    private static bool TryParseFast(ReadOnlySpan<byte> text, int scale, out long units, out int decimals)
    {
        units = 0;
        decimals = 0;
        ulong head = BinaryPrimitives.ReadUInt64LittleEndian(text);

        // The first '.' byte in the first eight (the classic "has a zero byte" test on head XOR "........": exact for
        // the lowest such byte, which is the one wanted).
        ulong x = head ^ Points;
        ulong found = (x - Ones) & ~x & HighBits;
        if (found == 0)
        {
            return false;
        }

        int point = BitOperations.TrailingZeroCount(found) >> 3;
        int fraction = text.Length - point - 1;
        if (point == 0 || fraction == 0 || fraction > 8)
        {
            return false;
        }

        // Integer digits: the first `point` bytes, moved to the top of the word (the digits' place in SWAR order).
        if (!TryDigits(head << ((8 - point) << 3), point, out ulong integer))
        {
            return false;
        }

        // Decimals: the last `fraction` bytes of the text, which end the word read from its last eight bytes. Those
        // past the scale must be zeros; the kept ones are shifted to the top.
        ulong tail = BinaryPrimitives.ReadUInt64LittleEndian(text[^8..]);
        int kept = Math.Min(fraction, scale);
        int dropped = fraction - kept;
        ulong keptDecimals = 0;
        if (dropped > 0)
        {
            ulong droppedMask = ulong.MaxValue << ((8 - dropped) << 3);
            if ((tail & droppedMask) != (Zeros & droppedMask))
            {
                return false;
            }
        }

        if (kept > 0 && !TryDigits(tail << (dropped << 3), kept, out keptDecimals))
        {
            return false;
        }

        long factor = FixedPointMath.Pow10(scale - kept);
        units = (long)((integer * (ulong)FixedPointMath.Pow10(scale)) + (keptDecimals * (ulong)factor));
        decimals = fraction;
        return true;
    }

    /// <summary>
    /// The value of the <paramref name="count"/> (1 to 8) ASCII digits in the top bytes of <paramref name="word"/>
    /// (the first digit the lowest of them); false when one is not a digit. The bytes below them count as '0'.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryDigits(ulong word, int count, out ulong value)
    {
        ulong below = count == 8 ? 0 : ulong.MaxValue >> (count << 3);
        word = (word & ~below) | (Zeros & below);

        // Every byte 0x30..0x39: its high nibble is 3, and adding 6 does not carry into it.
        if (((word & 0xF0F0_F0F0_F0F0_F0F0UL) | (((word + 0x0606_0606_0606_0606UL) & 0xF0F0_F0F0_F0F0_F0F0UL) >> 4)) != 0x3333_3333_3333_3333UL)
        {
            value = 0;
            return false;
        }

        word -= Zeros;
        word = (word * 10) + (word >> 8);
        word = (((word & 0x0000_00FF_0000_00FFUL) * (100 + (1_000_000UL << 32))) + (((word >> 16) & 0x0000_00FF_0000_00FFUL) * (1 + (10_000UL << 32)))) >> 32;
        value = word;
        return true;
    }
}
