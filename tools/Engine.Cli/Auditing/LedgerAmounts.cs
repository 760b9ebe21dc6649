using System.Globalization;

namespace Engine.Cli.Auditing;

/// <summary>
/// Ledger amounts as exact decimal strings at the ledger scale (auditors compare them digit for digit, so no
/// floating point anywhere). Trial-balance totals are 128-bit, so both widths are formatted here.
/// </summary>
public static class LedgerAmounts
{
    public static string Format(long units, int scale) => Format((Int128)units, scale);

    public static string Format(Int128 units, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(scale);
        bool negative = units < 0;
        string digits = (negative ? -units : units).ToString(CultureInfo.InvariantCulture);
        if (scale == 0)
        {
            return negative ? "-" + digits : digits;
        }

        if (digits.Length <= scale)
        {
            digits = new string('0', scale - digits.Length + 1) + digits;
        }

        string text = digits[..^scale] + "." + digits[^scale..];
        return negative ? "-" + text : text;
    }
}
