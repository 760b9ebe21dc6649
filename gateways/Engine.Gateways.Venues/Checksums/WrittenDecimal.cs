namespace Engine.Gateways.Venues.Checksums;

/// <summary>
/// Writes a price or quantity back as the venue wrote it: its fixed-point units and the number of digits the venue
/// put after the point (trailing zeros included, what <see cref="Engine.Primitives.FixedPointMath.TryParse(ReadOnlySpan{byte}, int, out long, out int)"/>
/// reports). OKX's and Kraken's checksums are computed over those original strings, so "0.000022900" must come back
/// as exactly that, not "0.0000229". Writes into the caller's span: nothing allocates.
/// </summary>
internal static class WrittenDecimal
{
    /// <summary>The most digits after the point a level may be written with (longer is refused as bad input, so <see cref="MaxLength"/> bounds every buffer).</summary>
    public const int MaxDecimals = 30;

    /// <summary>The longest text <see cref="Write"/> produces: 19 integer digits, the point and <see cref="MaxDecimals"/>.</summary>
    public const int MaxLength = 19 + 1 + MaxDecimals;

    /// <summary>
    /// Writes non-negative <paramref name="units"/> at <paramref name="scale"/> with <paramref name="decimals"/> digits
    /// after the point (none: no point), into <paramref name="destination"/> (at least <see cref="MaxLength"/> long).
    /// Returns the bytes written.
    /// </summary>
    public static int Write(long units, int scale, int decimals, Span<byte> destination)
    {
        long unit = Engine.Primitives.FixedPointMath.Pow10(scale);
        long integer = units / unit;
        long fraction = units % unit;
        int length = WriteInteger(integer, destination);
        if (decimals == 0)
        {
            return length;
        }

        destination[length++] = (byte)'.';

        // The fraction's digits at the scale, zero-padded on the left; the venue wrote the first `decimals` of them
        // (fewer than the scale: the parser filled the rest with zeros) or all and then zeros (more than the scale).
        Span<byte> digits = destination.Slice(length, Math.Max(scale, decimals));
        for (int i = scale - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + (fraction % 10));
            fraction /= 10;
        }

        digits[scale..].Fill((byte)'0');
        return length + decimals;
    }

    /// <summary>
    /// Kraken's form of the same string: the digits only, without the point and without leading zeros
    /// ("0.000022900" → "22900", "1396.00000000" → "139600000000"). Returns the bytes written.
    /// </summary>
    public static int WriteDigits(long units, int scale, int decimals, Span<byte> destination)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        text = text[..Write(units, scale, decimals, text)];
        int length = 0;
        foreach (byte c in text)
        {
            if (c == (byte)'.' || (c == (byte)'0' && length == 0))
            {
                continue;
            }

            destination[length++] = c;
        }

        return length;
    }

    private static int WriteInteger(long value, Span<byte> destination)
    {
        if (value == 0)
        {
            destination[0] = (byte)'0';
            return 1;
        }

        int length = 0;
        for (long rest = value; rest > 0; rest /= 10)
        {
            length++;
        }

        for (int i = length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }

        return length;
    }
}
