using System.Runtime.CompilerServices;

namespace Engine.Primitives;

/// <summary>
/// An order or position size in base units or contracts as a fixed-point <c>long</c>: <see cref="Units"/> = value × 10^scale, where the scale belongs to the instrument
/// (the value does not carry it, so two values are only comparable within one instrument). Arithmetic is checked:
/// an overflow throws instead of wrapping into a wrong but plausible number. Immutable.
/// </summary>
public readonly struct Quantity : IEquatable<Quantity>, IComparable<Quantity>
{
    public static readonly Quantity Zero;

    public Quantity(long units)
    {
        Units = units;
    }

    public long Units { get; }

    public bool IsZero => Units == 0;

    public bool IsPositive => Units > 0;

    public static Quantity Parse(ReadOnlySpan<char> text, int scale) => new(FixedPointMath.Parse(text, scale));

    public static bool TryParse(ReadOnlySpan<char> text, int scale, out Quantity value)
    {
        bool ok = FixedPointMath.TryParse(text, scale, out long units) == FixedPointParseStatus.Ok;
        value = new Quantity(units);
        return ok;
    }

    public bool TryFormat(int scale, Span<char> destination, out int written) =>
        FixedPointMath.TryFormat(Units, scale, destination, out written);

    public string ToString(int scale) => FixedPointMath.Format(Units, scale);

    /// <summary>The raw units; use <see cref="ToString(int)"/> for a decimal.</summary>
    public override string ToString() => Units.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool Equals(Quantity other) => Units == other.Units;

    public override bool Equals(object? obj) => obj is Quantity other && Equals(other);

    public override int GetHashCode() => Units.GetHashCode();

    public int CompareTo(Quantity other) => Units.CompareTo(other.Units);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Quantity operator +(Quantity left, Quantity right) => new(checked(left.Units + right.Units));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Quantity operator -(Quantity left, Quantity right) => new(checked(left.Units - right.Units));

    public static Quantity operator -(Quantity value) => new(checked(-value.Units));

    public static bool operator ==(Quantity left, Quantity right) => left.Units == right.Units;

    public static bool operator !=(Quantity left, Quantity right) => left.Units != right.Units;

    public static bool operator <(Quantity left, Quantity right) => left.Units < right.Units;

    public static bool operator >(Quantity left, Quantity right) => left.Units > right.Units;

    public static bool operator <=(Quantity left, Quantity right) => left.Units <= right.Units;

    public static bool operator >=(Quantity left, Quantity right) => left.Units >= right.Units;

    public static Quantity Min(Quantity left, Quantity right) => left.Units <= right.Units ? left : right;

    public static Quantity Max(Quantity left, Quantity right) => left.Units >= right.Units ? left : right;

    public Quantity Add(Quantity other) => this + other;

    public Quantity Subtract(Quantity other) => this - other;

    public Quantity Negate() => -this;
}
