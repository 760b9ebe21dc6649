using System.Numerics;

namespace Engine.Primitives;

/// <summary>
/// Decimal text of fixed-point units, as UTF-16 for people and as UTF-8 for the wire: a venue's signed request is
/// bytes, and writing the digits straight into them keeps order entry free of strings (no allocation per order).
/// </summary>
public static partial class FixedPointMath
{
    /// <summary>Writes units as a decimal string with exactly <paramref name="scale"/> decimals ("61737.63000000").</summary>
    public static bool TryFormat(long units, int scale, Span<char> destination, out int written) =>
        TryFormatDigits(units, scale, destination, out written);

    /// <summary>As <see cref="TryFormat"/>, in UTF-8 (ASCII digits, '.', '-').</summary>
    public static bool TryFormatUtf8(long units, int scale, Span<byte> destination, out int written) =>
        TryFormatDigits(units, scale, destination, out written);

    /// <summary>
    /// As <see cref="TryFormatUtf8"/> without trailing fractional zeros ("0.00100000" → "0.001", "6.00" → "6"): venues
    /// check a parameter's decimals against the symbol's precision, and the shortest exact text never has more than
    /// the value needs.
    /// </summary>
    public static bool TryFormatUtf8Trimmed(long units, int scale, Span<byte> destination, out int written)
    {
        if (!TryFormatDigits(units, scale, destination, out written))
        {
            return false;
        }

        written = TrimmedLength(destination[..written], scale, (byte)'0', (byte)'.');
        return true;
    }

    /// <summary>Formats with all <paramref name="scale"/> decimals (venue style). Allocates: not for hot paths.</summary>
    public static string Format(long units, int scale)
    {
        Span<char> buffer = stackalloc char[48];
        TryFormat(units, scale, buffer, out int written);
        return new string(buffer[..written]);
    }

    /// <summary>Formats without trailing fractional zeros ("6.2500" → "6.25", "6.00" → "6"). Allocates.</summary>
    public static string FormatTrimmed(long units, int scale)
    {
        Span<char> buffer = stackalloc char[48];
        TryFormat(units, scale, buffer, out int written);
        return new string(buffer[..TrimmedLength(buffer[..written], scale, '0', '.')]);
    }

    private static int TrimmedLength<TChar>(ReadOnlySpan<TChar> text, int scale, TChar zero, TChar point)
        where TChar : IEquatable<TChar>
    {
        int length = text.Length;
        if (scale > 0)
        {
            while (text[length - 1].Equals(zero))
            {
                length--;
            }

            if (text[length - 1].Equals(point))
            {
                length--;
            }
        }

        return length;
    }

    private static bool TryFormatDigits<TChar>(long units, int scale, Span<TChar> destination, out int written)
        where TChar : IBinaryInteger<TChar>
    {
        written = 0;
        long divisor = Pow10(scale);
        bool negative = units < 0;

        // Work on the unsigned magnitude so long.MinValue formats too.
        ulong magnitude = negative ? (ulong)(-(units + 1)) + 1 : (ulong)units;
        ulong integerPart = magnitude / (ulong)divisor;
        ulong fractionPart = magnitude % (ulong)divisor;
        int integerDigits = CountDigits(integerPart);
        int length = (negative ? 1 : 0) + integerDigits + (scale > 0 ? scale + 1 : 0);
        if (destination.Length < length)
        {
            return false;
        }

        int position = length;
        for (int i = 0; i < scale; i++)
        {
            destination[--position] = TChar.CreateTruncating('0' + (int)(fractionPart % 10));
            fractionPart /= 10;
        }

        if (scale > 0)
        {
            destination[--position] = TChar.CreateTruncating('.');
        }

        do
        {
            destination[--position] = TChar.CreateTruncating('0' + (int)(integerPart % 10));
            integerPart /= 10;
        }
        while (integerPart != 0);

        if (negative)
        {
            destination[--position] = TChar.CreateTruncating('-');
        }

        written = length;
        return true;
    }

    private static int CountDigits(ulong value)
    {
        int digits = 1;
        while (value >= 10)
        {
            value /= 10;
            digits++;
        }

        return digits;
    }
}
