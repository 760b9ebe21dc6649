using System.Runtime.CompilerServices;

namespace Engine.Primitives;

/// <summary>
/// An amount of money (notional, balance, fee) in one currency as a fixed-point <c>long</c>: <see cref="Units"/> = value × 10^scale, where the scale belongs to the instrument
/// (the value does not carry it, so two values are only comparable within one instrument). Arithmetic is checked:
/// an overflow throws instead of wrapping into a wrong but plausible number. Immutable.
/// </summary>
public readonly struct Amount : IEquatable<Amount>, IComparable<Amount>
{
    public static readonly Amount Zero;

    public Amount(long units)
    {
        Units = units;
    }

    public long Units { get; }

    public bool IsZero => Units == 0;

    public bool IsPositive => Units > 0;

    public static Amount Parse(ReadOnlySpan<char> text, int scale) => new(FixedPointMath.Parse(text, scale));

    public static bool TryParse(ReadOnlySpan<char> text, int scale, out Amount value)
    {
        bool ok = FixedPointMath.TryParse(text, scale, out long units) == FixedPointParseStatus.Ok;
        value = new Amount(units);
        return ok;
    }

    public bool TryFormat(int scale, Span<char> destination, out int written) =>
        FixedPointMath.TryFormat(Units, scale, destination, out written);

    public string ToString(int scale) => FixedPointMath.Format(Units, scale);

    /// <summary>The raw units; use <see cref="ToString(int)"/> for a decimal.</summary>
    public override string ToString() => Units.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool Equals(Amount other) => Units == other.Units;

    public override bool Equals(object? obj) => obj is Amount other && Equals(other);

    public override int GetHashCode() => Units.GetHashCode();

    public int CompareTo(Amount other) => Units.CompareTo(other.Units);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Amount operator +(Amount left, Amount right) => new(checked(left.Units + right.Units));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Amount operator -(Amount left, Amount right) => new(checked(left.Units - right.Units));

    public static Amount operator -(Amount value) => new(checked(-value.Units));

    public static bool operator ==(Amount left, Amount right) => left.Units == right.Units;

    public static bool operator !=(Amount left, Amount right) => left.Units != right.Units;

    public static bool operator <(Amount left, Amount right) => left.Units < right.Units;

    public static bool operator >(Amount left, Amount right) => left.Units > right.Units;

    public static bool operator <=(Amount left, Amount right) => left.Units <= right.Units;

    public static bool operator >=(Amount left, Amount right) => left.Units >= right.Units;

    public static Amount Min(Amount left, Amount right) => left.Units <= right.Units ? left : right;

    public static Amount Max(Amount left, Amount right) => left.Units >= right.Units ? left : right;

    public Amount Add(Amount other) => this + other;

    public Amount Subtract(Amount other) => this - other;

    public Amount Negate() => -this;
}
