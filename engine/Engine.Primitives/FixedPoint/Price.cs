using System.Runtime.CompilerServices;

namespace Engine.Primitives;

/// <summary>
/// A price (quote currency per unit of the base, or per contract) as a fixed-point <c>long</c>: <see cref="Units"/> = value × 10^scale, where the scale belongs to the instrument
/// (the value does not carry it, so two values are only comparable within one instrument). Arithmetic is checked:
/// an overflow throws instead of wrapping into a wrong but plausible number. Immutable.
/// </summary>
public readonly struct Price : IEquatable<Price>, IComparable<Price>
{
    public static readonly Price Zero;

    public Price(long units)
    {
        Units = units;
    }

    public long Units { get; }

    public bool IsZero => Units == 0;

    public bool IsPositive => Units > 0;

    public static Price Parse(ReadOnlySpan<char> text, int scale) => new(FixedPointMath.Parse(text, scale));

    public static bool TryParse(ReadOnlySpan<char> text, int scale, out Price value)
    {
        bool ok = FixedPointMath.TryParse(text, scale, out long units) == FixedPointParseStatus.Ok;
        value = new Price(units);
        return ok;
    }

    public bool TryFormat(int scale, Span<char> destination, out int written) =>
        FixedPointMath.TryFormat(Units, scale, destination, out written);

    public string ToString(int scale) => FixedPointMath.Format(Units, scale);

    /// <summary>The raw units; use <see cref="ToString(int)"/> for a decimal.</summary>
    public override string ToString() => Units.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool Equals(Price other) => Units == other.Units;

    public override bool Equals(object? obj) => obj is Price other && Equals(other);

    public override int GetHashCode() => Units.GetHashCode();

    public int CompareTo(Price other) => Units.CompareTo(other.Units);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Price operator +(Price left, Price right) => new(checked(left.Units + right.Units));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Price operator -(Price left, Price right) => new(checked(left.Units - right.Units));

    public static Price operator -(Price value) => new(checked(-value.Units));

    public static bool operator ==(Price left, Price right) => left.Units == right.Units;

    public static bool operator !=(Price left, Price right) => left.Units != right.Units;

    public static bool operator <(Price left, Price right) => left.Units < right.Units;

    public static bool operator >(Price left, Price right) => left.Units > right.Units;

    public static bool operator <=(Price left, Price right) => left.Units <= right.Units;

    public static bool operator >=(Price left, Price right) => left.Units >= right.Units;

    public static Price Min(Price left, Price right) => left.Units <= right.Units ? left : right;

    public static Price Max(Price left, Price right) => left.Units >= right.Units ? left : right;

    public Price Add(Price other) => this + other;

    public Price Subtract(Price other) => this - other;

    public Price Negate() => -this;
}
