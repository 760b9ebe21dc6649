using System.Globalization;

namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// One swept parameter and its values, from <c>--grid name=a..b:step</c> (from a to b inclusive, in steps; decimals
/// stay exact) or <c>--grid name=v1,v2,v3</c> (the values as written, e.g. for flags or non-uniform steps). Values are
/// texts, passed to each run as <c>--param name=value</c>, so the strategy's own typed parameter checks them.
/// </summary>
public sealed record GridAxis(string Name, IReadOnlyList<string> Values)
{
    /// <summary>More values than this on one axis is almost certainly a typo in the step.</summary>
    public const int MaxValues = 10_000;

    public static GridAxis Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || equals == text.Length - 1)
        {
            throw new UsageException($"--grid '{text}': expected name=a..b:step or name=v1,v2,...");
        }

        string name = text[..equals];
        string spec = text[(equals + 1)..];
        int range = spec.IndexOf("..", StringComparison.Ordinal);
        if (range < 0)
        {
            string[] values = spec.Split(',', StringSplitOptions.TrimEntries);
            if (values.Any(string.IsNullOrEmpty))
            {
                throw new UsageException($"--grid '{text}': an empty value in the list");
            }

            if (values.Distinct(StringComparer.Ordinal).Count() != values.Length)
            {
                throw new UsageException($"--grid '{text}': a value is listed twice");
            }

            return new GridAxis(name, values);
        }

        int colon = spec.IndexOf(':', range);
        if (colon < 0)
        {
            throw new UsageException($"--grid '{text}': a range needs a step (name=a..b:step)");
        }

        decimal from = Number(text, spec[..range], "start");
        decimal to = Number(text, spec[(range + 2)..colon], "end");
        decimal step = Number(text, spec[(colon + 1)..], "step");
        if (step <= 0)
        {
            throw new UsageException($"--grid '{text}': the step must be positive");
        }

        if (to < from)
        {
            throw new UsageException($"--grid '{text}': the end {to} is below the start {from}");
        }

        decimal count = decimal.Floor((to - from) / step) + 1;
        if (count > MaxValues)
        {
            throw new UsageException($"--grid '{text}': {count} values; at most {MaxValues} per parameter");
        }

        var list = new List<string>((int)count);
        for (decimal value = from; value <= to; value += step)
        {
            list.Add(value.ToString(CultureInfo.InvariantCulture));
        }

        return new GridAxis(name, list);
    }

    private static decimal Number(string text, string part, string what) =>
        decimal.TryParse(part, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value)
            ? value
            : throw new UsageException($"--grid '{text}': the {what} '{part}' is not a decimal number");
}
