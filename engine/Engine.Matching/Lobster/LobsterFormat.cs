using System.Globalization;
using Engine.Primitives;

namespace Engine.Matching.Lobster;

/// <summary>
/// Parses and writes LOBSTER's CSV rows from and to spans (the caller owns the files, so the book code stays free of
/// I/O). Errors are <see cref="FormatException"/>s saying which column is wrong; the caller adds file and line.
/// Stateless.
/// </summary>
public static class LobsterFormat
{
    /// <summary>Prices are dollars × 10,000.</summary>
    public const int PriceScale = 4;

    /// <summary>The price LOBSTER writes for an empty ask level; bids use its negation. Sizes are 0 there.</summary>
    public const long EmptyAskPrice = 9_999_999_999;

    public static LobsterMessage ParseMessage(ReadOnlySpan<char> line)
    {
        Span<Range> fields = stackalloc Range[7];
        int count = line.TrimEnd().Split(fields, ',');
        if (count != 6)
        {
            throw new FormatException($"expected 6 comma-separated columns (time,type,id,size,price,direction), found {count}");
        }

        ReadOnlySpan<char> trimmed = line.TrimEnd();
        long nanos = ParseTime(trimmed[fields[0]]);

        long type = ParseLong(trimmed[fields[1]], 2, "type");
        if (type < 1 || type > 7)
        {
            throw new FormatException($"column 2 (type) must be 1..7, got {type}");
        }

        long orderId = ParseLong(trimmed[fields[2]], 3, "order id");
        long size = ParseLong(trimmed[fields[3]], 4, "size");
        long price = ParseLong(trimmed[fields[4]], 5, "price");
        long direction = ParseLong(trimmed[fields[5]], 6, "direction");
        if (direction != 1 && direction != -1)
        {
            throw new FormatException($"column 6 (direction) must be 1 or -1, got {direction}");
        }

        if (size < 0)
        {
            throw new FormatException($"column 4 (size) must not be negative, got {size}");
        }

        return new LobsterMessage(nanos, (LobsterEventType)type, orderId, size, price, direction == 1 ? Side.Buy : Side.Sell);
    }

    /// <summary>Parses an orderbook row of <paramref name="levels"/> levels into (ask price, ask size, bid price, bid size) × levels.</summary>
    public static void ParseBookRow(ReadOnlySpan<char> line, int levels, Span<long> row)
    {
        int expected = 4 * levels;
        if (row.Length < expected)
        {
            throw new ArgumentException("the row buffer is too small", nameof(row));
        }

        ReadOnlySpan<char> rest = line.TrimEnd();
        for (int column = 0; column < expected; column++)
        {
            if (rest.IsEmpty)
            {
                throw new FormatException($"expected {expected} columns for {levels} levels, found {column} (is --levels right?)");
            }

            int comma = rest.IndexOf(',');
            ReadOnlySpan<char> field = comma < 0 ? rest : rest[..comma];
            row[column] = ParseLong(field, column + 1, "book");
            rest = comma < 0 ? [] : rest[(comma + 1)..];
        }

        if (!rest.IsEmpty)
        {
            throw new FormatException($"more than {expected} columns for {levels} levels (is --levels right?)");
        }
    }

    /// <summary>Writes a row in LOBSTER's orderbook format (no line break). Returns false if the buffer is too small.</summary>
    public static bool TryFormatBookRow(ReadOnlySpan<long> row, Span<char> destination, out int written)
    {
        written = 0;
        for (int i = 0; i < row.Length; i++)
        {
            if (i > 0)
            {
                if (written >= destination.Length)
                {
                    return false;
                }

                destination[written++] = ',';
            }

            if (!row[i].TryFormat(destination[written..], out int length, default, CultureInfo.InvariantCulture))
            {
                return false;
            }

            written += length;
        }

        return true;
    }

    /// <summary>
    /// Seconds after midnight as nanoseconds. LOBSTER writes the time from a double, so real files carry digits beyond
    /// the nanosecond (34200.189607635000001, 34200.18960763499999): those are rounded to the nearest nanosecond
    /// (half up), as the reference tools read the column as a floating-point number.
    /// </summary>
    private static long ParseTime(ReadOnlySpan<char> text)
    {
        const int Decimals = 9;
        int point = text.IndexOf('.');
        int excess = point < 0 ? 0 : text.Length - point - 1 - Decimals;
        ReadOnlySpan<char> exact = excess > 0 ? text[..^excess] : text;
        FixedPointParseStatus status = FixedPointMath.TryParse(exact, Decimals, out long nanos);
        if (status != FixedPointParseStatus.Ok)
        {
            throw new FormatException($"column 1 (time) '{text.ToString()}': {FixedPointMath.Describe(status, Decimals)}");
        }

        if (excess > 0)
        {
            ReadOnlySpan<char> beyond = text[^excess..];
            if (beyond.ContainsAnyExceptInRange('0', '9'))
            {
                throw new FormatException($"column 1 (time) '{text.ToString()}': {FixedPointMath.Describe(FixedPointParseStatus.InvalidCharacter, Decimals)}");
            }

            if (beyond[0] >= '5')
            {
                nanos += nanos < 0 || text[0] == '-' ? -1 : 1;
            }
        }

        return nanos;
    }

    private static long ParseLong(ReadOnlySpan<char> text, int column, string name)
    {
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
        {
            throw new FormatException($"column {column} ({name}) '{text.ToString()}' is not an integer");
        }

        return value;
    }
}
