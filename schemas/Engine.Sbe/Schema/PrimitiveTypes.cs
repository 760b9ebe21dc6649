using System.Globalization;

namespace Engine.Sbe.Schema;

/// <summary>
/// Sizes, names and the null/min/max values of the SBE primitive types (spec section 2.3). Values travel as their raw
/// wire bits in a <see cref="ulong"/> (sign-extended bits are masked off), which lets one code path compare, print
/// and emit every type.
/// </summary>
public static class PrimitiveTypes
{
    public static bool TryParseName(string name, out PrimitiveType type)
    {
        switch (name)
        {
            case "char": type = PrimitiveType.Char; return true;
            case "int8": type = PrimitiveType.Int8; return true;
            case "int16": type = PrimitiveType.Int16; return true;
            case "int32": type = PrimitiveType.Int32; return true;
            case "int64": type = PrimitiveType.Int64; return true;
            case "uint8": type = PrimitiveType.UInt8; return true;
            case "uint16": type = PrimitiveType.UInt16; return true;
            case "uint32": type = PrimitiveType.UInt32; return true;
            case "uint64": type = PrimitiveType.UInt64; return true;
            case "float": type = PrimitiveType.Float; return true;
            case "double": type = PrimitiveType.Double; return true;
            default: type = PrimitiveType.Char; return false;
        }
    }

    public static string SchemaName(PrimitiveType type) => type switch
    {
        PrimitiveType.Char => "char",
        PrimitiveType.Int8 => "int8",
        PrimitiveType.Int16 => "int16",
        PrimitiveType.Int32 => "int32",
        PrimitiveType.Int64 => "int64",
        PrimitiveType.UInt8 => "uint8",
        PrimitiveType.UInt16 => "uint16",
        PrimitiveType.UInt32 => "uint32",
        PrimitiveType.UInt64 => "uint64",
        PrimitiveType.Float => "float",
        _ => "double",
    };

    /// <summary>The C# keyword of the type a codec exposes (char is a byte on the wire: SBE chars are single bytes).</summary>
    public static string CSharpName(PrimitiveType type) => type switch
    {
        PrimitiveType.Char => "byte",
        PrimitiveType.Int8 => "sbyte",
        PrimitiveType.Int16 => "short",
        PrimitiveType.Int32 => "int",
        PrimitiveType.Int64 => "long",
        PrimitiveType.UInt8 => "byte",
        PrimitiveType.UInt16 => "ushort",
        PrimitiveType.UInt32 => "uint",
        PrimitiveType.UInt64 => "ulong",
        PrimitiveType.Float => "float",
        _ => "double",
    };

    public static int Size(PrimitiveType type) => type switch
    {
        PrimitiveType.Char or PrimitiveType.Int8 or PrimitiveType.UInt8 => 1,
        PrimitiveType.Int16 or PrimitiveType.UInt16 => 2,
        PrimitiveType.Int32 or PrimitiveType.UInt32 or PrimitiveType.Float => 4,
        _ => 8,
    };

    public static bool IsSigned(PrimitiveType type) =>
        type is PrimitiveType.Int8 or PrimitiveType.Int16 or PrimitiveType.Int32 or PrimitiveType.Int64;

    public static bool IsFloatingPoint(PrimitiveType type) => type is PrimitiveType.Float or PrimitiveType.Double;

    /// <summary>All ones in the low <see cref="Size"/> bytes.</summary>
    public static ulong Mask(PrimitiveType type) => Size(type) == 8 ? ulong.MaxValue : (1UL << (8 * Size(type))) - 1;

    public static ulong DefaultNull(PrimitiveType type) => type switch
    {
        PrimitiveType.Char => 0,
        PrimitiveType.Int8 => 0x80,
        PrimitiveType.Int16 => 0x8000,
        PrimitiveType.Int32 => 0x8000_0000,
        PrimitiveType.Int64 => 0x8000_0000_0000_0000,
        PrimitiveType.UInt8 => 0xFF,
        PrimitiveType.UInt16 => 0xFFFF,
        PrimitiveType.UInt32 => 0xFFFF_FFFF,
        PrimitiveType.UInt64 => ulong.MaxValue,
        PrimitiveType.Float => 0x7FC0_0000,
        _ => 0x7FF8_0000_0000_0000,
    };

    public static ulong DefaultMin(PrimitiveType type) => type switch
    {
        PrimitiveType.Char => 0x20,
        PrimitiveType.Int8 => 0x81,
        PrimitiveType.Int16 => 0x8001,
        PrimitiveType.Int32 => 0x8000_0001,
        PrimitiveType.Int64 => 0x8000_0000_0000_0001,
        PrimitiveType.Float => FloatBits(-float.MaxValue),
        PrimitiveType.Double => DoubleBits(-double.MaxValue),
        _ => 0,
    };

    public static ulong DefaultMax(PrimitiveType type) => type switch
    {
        PrimitiveType.Char => 0x7E,
        PrimitiveType.Int8 => 0x7F,
        PrimitiveType.Int16 => 0x7FFF,
        PrimitiveType.Int32 => 0x7FFF_FFFF,
        PrimitiveType.Int64 => 0x7FFF_FFFF_FFFF_FFFF,
        PrimitiveType.UInt8 => 0xFE,
        PrimitiveType.UInt16 => 0xFFFE,
        PrimitiveType.UInt32 => 0xFFFF_FFFE,
        PrimitiveType.UInt64 => ulong.MaxValue - 1,
        PrimitiveType.Float => FloatBits(float.MaxValue),
        _ => DoubleBits(double.MaxValue),
    };

    /// <summary>
    /// Parses a value written in a schema (<c>nullValue</c>, <c>minValue</c>, a constant, an enum's valid value).
    /// A char value is the character itself (<c>A</c>); everything else is a number. Fails when out of range.
    /// </summary>
    public static bool TryParseValue(PrimitiveType type, string text, out ulong raw)
    {
        raw = 0;
        text = text.Trim();
        switch (type)
        {
            case PrimitiveType.Char:
                if (text.Length != 1 || text[0] > 0x7F)
                {
                    return false;
                }

                raw = text[0];
                return true;
            case PrimitiveType.Float:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double f))
                {
                    return false;
                }

                raw = FloatBits((float)f);
                return true;
            case PrimitiveType.Double:
                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
                {
                    return false;
                }

                raw = DoubleBits(d);
                return true;
        }

        if (IsSigned(type))
        {
            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                return false;
            }

            int bits = 8 * Size(type);
            if (bits < 64)
            {
                long min = -(1L << (bits - 1));
                long max = (1L << (bits - 1)) - 1;
                if (value < min || value > max)
                {
                    return false;
                }
            }

            raw = unchecked((ulong)value) & Mask(type);
            return true;
        }

        if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong unsigned))
        {
            return false;
        }

        if (unsigned > Mask(type))
        {
            return false;
        }

        raw = unsigned;
        return true;
    }

    /// <summary>The raw bits as the signed value they encode (sign-extended from the type's size).</summary>
    public static long ToSigned(PrimitiveType type, ulong raw)
    {
        int shift = 64 - (8 * Size(type));
        return unchecked((long)(raw << shift)) >> shift;
    }

    /// <summary>A C# expression of the C# type <see cref="CSharpName"/> with this raw value.</summary>
    public static string CSharpLiteral(PrimitiveType type, ulong raw)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        switch (type)
        {
            case PrimitiveType.Float:
                float f = BitsToFloat(raw);
                if (float.IsNaN(f))
                {
                    return "float.NaN";
                }

                if (f == float.MaxValue)
                {
                    return "float.MaxValue";
                }

                if (f == -float.MaxValue)
                {
                    return "-float.MaxValue";
                }

                return f.ToString("R", inv) + "f";
            case PrimitiveType.Double:
                double d = BitsToDouble(raw);
                if (double.IsNaN(d))
                {
                    return "double.NaN";
                }

                if (d == double.MaxValue)
                {
                    return "double.MaxValue";
                }

                if (d == -double.MaxValue)
                {
                    return "-double.MaxValue";
                }

                return d.ToString("R", inv) + "d";
            case PrimitiveType.Int64:
                long l = ToSigned(type, raw);
                return l == long.MinValue ? "long.MinValue" : l.ToString(inv) + "L";
            case PrimitiveType.UInt64:
                return raw.ToString(inv) + "UL";
            case PrimitiveType.UInt32:
                return raw.ToString(inv) + "U";
            case PrimitiveType.Int32:
                long i = ToSigned(type, raw);
                return i == int.MinValue ? "int.MinValue" : i.ToString(inv);
            case PrimitiveType.Int8:
            case PrimitiveType.Int16:
                return "(" + CSharpName(type) + ")(" + ToSigned(type, raw).ToString(inv) + ")";
            default:
                return "(" + CSharpName(type) + ")" + raw.ToString(inv);
        }
    }

    /// <summary>The value as schema text would write it (a char as its character), for messages and JSON.</summary>
    public static string Format(PrimitiveType type, ulong raw)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return type switch
        {
            PrimitiveType.Char => ((char)raw).ToString(),
            PrimitiveType.Float => BitsToFloat(raw).ToString("R", inv),
            PrimitiveType.Double => BitsToDouble(raw).ToString("R", inv),
            _ when IsSigned(type) => ToSigned(type, raw).ToString(inv),
            _ => raw.ToString(inv),
        };
    }

    public static ulong FloatBits(float value) => unchecked((uint)BitConverter.ToInt32(BitConverter.GetBytes(value), 0));

    public static ulong DoubleBits(double value) => unchecked((ulong)BitConverter.DoubleToInt64Bits(value));

    public static float BitsToFloat(ulong raw) => BitConverter.ToSingle(BitConverter.GetBytes(unchecked((uint)raw)), 0);

    public static double BitsToDouble(ulong raw) => BitConverter.Int64BitsToDouble(unchecked((long)raw));
}
