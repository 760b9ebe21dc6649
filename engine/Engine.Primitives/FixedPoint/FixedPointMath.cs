using System.Numerics;
using System.Runtime.CompilerServices;

namespace Engine.Primitives;

/// <summary>
/// Exact conversion between decimal strings and fixed-point <c>long</c> units (value × 10^scale), and the checked
/// arithmetic the typed wrappers build on. Stateless, so it is safe from any thread.
/// </summary>
public static partial class FixedPointMath
{
    /// <summary>The largest scale: 10^18 is the largest power of ten a <c>long</c> holds.</summary>
    public const int MaxScale = 18;

    private static readonly long[] s_powersOfTen = BuildPowers();

    /// <summary>10^<paramref name="exponent"/> for 0..18.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Pow10(int exponent)
    {
        if ((uint)exponent > MaxScale)
        {
            ThrowScale(exponent);
        }

        return s_powersOfTen[exponent];
    }

    /// <summary>
    /// Parses a plain decimal string ("61737.63000000", "-0.5", "12") into units of 10^-scale. Digits beyond the scale
    /// are accepted only when they are zeros, so the result is always exact. No exponent, no grouping, no spaces.
    /// </summary>
    public static FixedPointParseStatus TryParse(ReadOnlySpan<char> text, int scale, out long units) =>
        TryParse(text, scale, out units, out _);

    /// <summary>
    /// <see cref="TryParse(ReadOnlySpan{char}, int, out long)"/> on UTF-8 bytes, as a venue's JSON carries them (no
    /// string is made). <paramref name="decimals"/> is the number of digits written after the point, trailing zeros
    /// included: what a venue's checksum over its original strings needs to write the number back.
    /// </summary>
    public static FixedPointParseStatus TryParse(ReadOnlySpan<byte> utf8, int scale, out long units, out int decimals) =>
        TryParseText(utf8, scale, out units, out decimals);

    /// <inheritdoc cref="TryParse(ReadOnlySpan{byte}, int, out long, out int)"/>
    public static FixedPointParseStatus TryParse(ReadOnlySpan<char> text, int scale, out long units, out int decimals) =>
        TryParseText(text, scale, out units, out decimals);

    // One parser for chars and UTF-8 bytes: the JIT compiles one copy per character type, as fast as a hand-written one.
    // The common case, at most 18 significant digits (always inside a long), takes the fast path: no overflow check
    // per digit and no branch on whether the point was passed; anything longer takes the careful path. Venue feeds
    // parse two numbers per price level, and the per-digit checks were a third of venue-normalize's parse time.
    private static FixedPointParseStatus TryParseText<TChar>(ReadOnlySpan<TChar> text, int scale, out long units, out int decimals)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        units = 0;
        decimals = 0;
        if ((uint)scale > MaxScale || text.IsEmpty)
        {
            return TryParseCareful(text, scale, out units, out decimals);
        }

        int index = 0;
        int first = int.CreateTruncating(text[0]);
        bool negative = first == '-';
        if (negative || first == '+')
        {
            index = 1;
        }

        long value = 0;
        int digits = 0;
        for (; index < text.Length; index++)
        {
            uint digit = (uint)(int.CreateTruncating(text[index]) - '0');
            if (digit > 9)
            {
                break;
            }

            value = (value * 10) + digit;
            digits++;
        }

        int integerDigits = digits;
        int fractionDigits = 0;
        if (index < text.Length && int.CreateTruncating(text[index]) == '.')
        {
            for (index++; index < text.Length; index++)
            {
                uint digit = (uint)(int.CreateTruncating(text[index]) - '0');
                if (digit > 9)
                {
                    return FixedPointParseStatus.InvalidCharacter;
                }

                if (++fractionDigits <= scale)
                {
                    value = (value * 10) + digit;
                    digits++;
                }
                else if (digit != 0)
                {
                    return FixedPointParseStatus.TooManyDecimals;
                }
            }
        }

        if (index < text.Length || digits > 18 || (integerDigits == 0 && fractionDigits == 0))
        {
            // A stray character, a number too long for the fast path, or no digits: the careful path says which.
            return TryParseCareful(text, scale, out units, out decimals);
        }

        int missing = scale - Math.Min(fractionDigits, scale);
        if (missing > 0)
        {
            long factor = s_powersOfTen[missing];
            if (value > long.MaxValue / factor)
            {
                return FixedPointParseStatus.Overflow;
            }

            value *= factor;
        }

        units = negative ? -value : value;
        decimals = fractionDigits;
        return FixedPointParseStatus.Ok;
    }

    private static FixedPointParseStatus TryParseCareful<TChar>(ReadOnlySpan<TChar> text, int scale, out long units, out int decimals)
        where TChar : unmanaged, IBinaryInteger<TChar>
    {
        units = 0;
        decimals = 0;
        if ((uint)scale > MaxScale)
        {
            return FixedPointParseStatus.ScaleOutOfRange;
        }

        if (text.IsEmpty)
        {
            return FixedPointParseStatus.Empty;
        }

        int index = 0;
        bool negative = false;
        int first = int.CreateTruncating(text[0]);
        if (first == '-' || first == '+')
        {
            negative = first == '-';
            index = 1;
        }

        // Accumulate as a negative number so long.MinValue's magnitude fits; negate at the end.
        long accumulator = 0;
        int integerDigits = 0;
        int fractionDigits = 0;
        bool seenPoint = false;
        for (; index < text.Length; index++)
        {
            int c = int.CreateTruncating(text[index]);
            if (c == '.')
            {
                if (seenPoint)
                {
                    return FixedPointParseStatus.InvalidCharacter;
                }

                seenPoint = true;
                continue;
            }

            uint digit = (uint)(c - '0');
            if (digit > 9)
            {
                return FixedPointParseStatus.InvalidCharacter;
            }

            if (seenPoint)
            {
                fractionDigits++;
                if (fractionDigits > scale)
                {
                    if (digit != 0)
                    {
                        return FixedPointParseStatus.TooManyDecimals;
                    }

                    continue;
                }
            }
            else
            {
                integerDigits++;
            }

            if (accumulator < (long.MinValue + digit) / 10)
            {
                return FixedPointParseStatus.Overflow;
            }

            accumulator = (accumulator * 10) - digit;
        }

        if (integerDigits == 0 && fractionDigits == 0)
        {
            return FixedPointParseStatus.NoDigits;
        }

        int missing = scale - Math.Min(fractionDigits, scale);
        if (missing > 0)
        {
            long factor = s_powersOfTen[missing];
            if (accumulator < long.MinValue / factor)
            {
                return FixedPointParseStatus.Overflow;
            }

            accumulator *= factor;
        }

        if (!negative)
        {
            if (accumulator == long.MinValue)
            {
                return FixedPointParseStatus.Overflow;
            }

            accumulator = -accumulator;
        }

        units = accumulator;
        decimals = fractionDigits;
        return FixedPointParseStatus.Ok;
    }

    /// <summary>Parses or throws a <see cref="FormatException"/> that quotes the text and says what is wrong.</summary>
    public static long Parse(ReadOnlySpan<char> text, int scale)
    {
        FixedPointParseStatus status = TryParse(text, scale, out long units);
        if (status != FixedPointParseStatus.Ok)
        {
            ThrowParse(text.ToString(), scale, status);
        }

        return units;
    }

    /// <summary>One line describing a parse failure, for error messages that name the input.</summary>
    public static string Describe(FixedPointParseStatus status, int scale) => status switch
    {
        FixedPointParseStatus.Ok => "ok",
        FixedPointParseStatus.Empty => "empty text",
        FixedPointParseStatus.NoDigits => "no digits",
        FixedPointParseStatus.InvalidCharacter => "not a plain decimal number (digits, one '.', optional sign)",
        FixedPointParseStatus.TooManyDecimals => $"more than {scale} significant decimals",
        FixedPointParseStatus.Overflow => $"out of range for a 64-bit fixed-point value with {scale} decimals",
        FixedPointParseStatus.ScaleOutOfRange => $"scale {scale} is outside 0..{MaxScale}",
        _ => status.ToString(),
    };

    /// <summary>
    /// Changes the scale of a value exactly: scaling up is checked for overflow; scaling down throws when digits would
    /// be lost (an exact conversion is the only kind the engine does silently).
    /// </summary>
    public static long Rescale(long units, int fromScale, int toScale)
    {
        if (toScale >= fromScale)
        {
            return checked(units * Pow10(toScale - fromScale));
        }

        long divisor = Pow10(fromScale - toScale);
        if (units % divisor != 0)
        {
            ThrowInexact(units, fromScale, toScale);
        }

        return units / divisor;
    }

    /// <summary>a × b with the product's scale reduced by <paramref name="dropDecimals"/>, rounding toward zero; checked.</summary>
    public static long MultiplyTruncating(long a, long b, int dropDecimals)
    {
        Int128 product = (Int128)a * b;
        if (dropDecimals > 0)
        {
            product /= Pow10(dropDecimals);
        }

        return checked((long)product);
    }

    private static long[] BuildPowers()
    {
        var powers = new long[MaxScale + 1];
        long value = 1;
        for (int i = 0; i <= MaxScale; i++)
        {
            powers[i] = value;
            value = i < MaxScale ? value * 10 : value;
        }

        return powers;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowScale(int scale) =>
        throw new ArgumentOutOfRangeException(nameof(scale), scale, $"scale must be within 0..{MaxScale}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowParse(string text, int scale, FixedPointParseStatus status) =>
        throw new FormatException($"'{text}' is not a valid decimal with {scale} decimals: {Describe(status, scale)}");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInexact(long units, int fromScale, int toScale) =>
        throw new ArithmeticException($"{Format(units, fromScale)} cannot be represented exactly with {toScale} decimals");
}
