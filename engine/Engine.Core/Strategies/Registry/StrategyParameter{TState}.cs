using System.Globalization;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// One typed, validated parameter of a strategy with state <typeparamref name="TState"/>, and where its value lives in
/// that state (so a parameter change is state like any other: hashed, snapshotted, replayed). Quantities and prices
/// are decimals at the bound listing's scales; a quantity may be required to be a multiple of the listing's lot and a
/// price to lie on its tick. Immutable.
/// </summary>
public sealed class StrategyParameter<TState> : IStrategyParameter
    where TState : unmanaged
{
    public delegate void Setter(ref TState state, long value);

    private readonly Setter _set;

    /// <param name="min">The smallest value, in the parameter's unit (a quantity or price mantissa, or the integer).</param>
    /// <param name="max">The largest value, in the same unit.</param>
    public StrategyParameter(string name, ParameterKind kind, string description, Setter set, long min = 0, long max = long.MaxValue, string? defaultValue = null, bool onGrid = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(set);
        Name = name;
        Kind = kind;
        Description = description;
        _set = set;
        Min = min;
        Max = max;
        Default = defaultValue;
        OnGrid = onGrid;
    }

    public string Name { get; }

    public ParameterKind Kind { get; }

    public string Description { get; }

    public long Min { get; }

    public long Max { get; }

    public string? Default { get; }

    /// <summary>A quantity must be a multiple of the listing's lot size; a price must lie on its tick.</summary>
    public bool OnGrid { get; }

    public bool TryParse(string text, in TradingRules rules, out long value, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = 0;
        switch (Kind)
        {
            case ParameterKind.Quantity:
            case ParameterKind.Price:
                int scale = Kind == ParameterKind.Quantity ? rules.QuantityScale : rules.PriceScale;
                FixedPointParseStatus status = FixedPointMath.TryParse(text, scale, out value);
                if (status != FixedPointParseStatus.Ok)
                {
                    error = $"'{text}': {FixedPointMath.Describe(status, scale)}";
                    return false;
                }

                long grid = Kind == ParameterKind.Quantity ? rules.LotSize.Units : rules.TickSize.Units;
                if (OnGrid && grid > 0 && value % grid != 0)
                {
                    error = $"'{text}' is not a multiple of the listing's {(Kind == ParameterKind.Quantity ? "lot size" : "tick size")} {FixedPointMath.Format(grid, scale)}";
                    return false;
                }

                break;
            case ParameterKind.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                {
                    error = $"'{text}' is not a whole number";
                    return false;
                }

                break;
            default:
                if (text is not ("true" or "false"))
                {
                    error = $"'{text}' is not true or false";
                    return false;
                }

                value = text == "true" ? 1 : 0;
                break;
        }

        if (value < Min || value > Max)
        {
            error = $"{Show(text, value)} is outside {Bound(Min, rules)}..{Bound(Max, rules)}";
            value = 0;
            return false;
        }

        error = string.Empty;
        return true;
    }

    /// <summary>Stores a validated value into the state.</summary>
    public void Set(ref TState state, long value) => _set(ref state, value);

    private static string Show(string text, long value) => $"'{text}' ({value.ToString(CultureInfo.InvariantCulture)})";

    private string Bound(long bound, in TradingRules rules) => bound switch
    {
        long.MaxValue => "max",
        _ when Kind == ParameterKind.Quantity => FixedPointMath.Format(bound, rules.QuantityScale),
        _ when Kind == ParameterKind.Price => FixedPointMath.Format(bound, rules.PriceScale),
        _ => bound.ToString(CultureInfo.InvariantCulture),
    };
}
