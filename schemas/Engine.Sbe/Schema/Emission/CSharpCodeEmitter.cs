using System.Globalization;
using System.Text;

namespace Engine.Sbe.Schema.Emission;

/// <summary>
/// Turns a <see cref="MessageSchema"/> into one C# file of codecs: enums for SBE enums, flag enums for sets, and
/// <c>ref struct</c> flyweights over <see cref="Span{T}"/> (encoders) and <see cref="ReadOnlySpan{T}"/> (decoders)
/// for composites, messages and (nested) repeating groups. Codecs never allocate except in the <c>...AsString</c>
/// conveniences. Groups and var data advance one shared position (the message's limit) through a <c>ref</c> field,
/// so they must be written and read in schema order, as the specification requires.
/// </summary>
public sealed partial class CSharpCodeEmitter
{
    private const string Binary = "global::System.Buffers.Binary.BinaryPrimitives";
    private const string UnscopedRef = "[global::System.Diagnostics.CodeAnalysis.UnscopedRef]";

    private static readonly HashSet<string> s_reservedMembers = new(StringComparer.Ordinal)
    {
        "BlockLength", "TemplateId", "SchemaId", "SchemaVersion", "EncodedLength", "Limit", "Offset", "ActingVersion",
        "ActingBlockLength", "Count", "Index", "MoveNext", "Next", "HeaderLength", "WrapAndApplyHeader", "WrapWithHeader",
        "SinceVersion", "MaxCount", "ToString", "GetHashCode", "Equals", "GetType",
    };

    private static readonly HashSet<string> s_reservedCompositeMembers = new(StringComparer.Ordinal)
    {
        "EncodedLength", "Offset", "ToString", "GetHashCode", "Equals", "GetType",
    };

    private readonly MessageSchema _schema;
    private readonly string _namespace;
    private readonly string _schemaClass;
    private readonly string _endian;

    // Where field accessors read and write: the block at _offset in _buffer, or (entries of a flat group's encoder)
    // the entry's own span, at the field's offset in it.
    private string _fieldBuffer = "_buffer";
    private string _fieldBase = "_offset + ";

    private CSharpCodeEmitter(MessageSchema schema, string ns)
    {
        _schema = schema;
        _namespace = ns;
        _schemaClass = SchemaClassName(schema);
        _endian = schema.ByteOrder == ByteOrder.LittleEndian ? "LittleEndian" : "BigEndian";
    }

    /// <summary>The C# source of every codec of <paramref name="schema"/> in namespace <paramref name="ns"/>.</summary>
    public static string Emit(MessageSchema schema, string ns)
    {
        if (schema is null)
        {
            throw new ArgumentNullException(nameof(schema));
        }

        return new CSharpCodeEmitter(schema, ns).EmitFile();
    }

    /// <summary>The static class holding the schema's identity: the package as a Pascal-case name plus "Schema".</summary>
    public static string SchemaClassName(MessageSchema schema)
    {
        if (schema is null)
        {
            throw new ArgumentNullException(nameof(schema));
        }

        var name = new StringBuilder();
        bool upper = true;
        foreach (char c in schema.Package)
        {
            if (char.IsLetterOrDigit(c))
            {
                name.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            else
            {
                upper = true;
            }
        }

        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            name.Insert(0, "Sbe");
        }

        return name + "Schema";
    }

    /// <summary>A schema name as a C# identifier: first letter upper case, anything not allowed replaced by '_'.</summary>
    public static string Pascal(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        var result = new StringBuilder(name.Length + 1);
        foreach (char c in name)
        {
            result.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
        }

        if (result.Length == 0 || char.IsDigit(result[0]))
        {
            result.Insert(0, '_');
        }

        result[0] = char.ToUpperInvariant(result[0]);
        return result.ToString();
    }

    public static string DecoderName(string typeName) => Pascal(typeName) + "Decoder";

    public static string EncoderName(string typeName) => Pascal(typeName) + "Encoder";

    /// <summary>The C# member name of a field (reserved codec member names get a "Field" suffix).</summary>
    public static string MemberName(string fieldName)
    {
        string name = Pascal(fieldName);
        return s_reservedMembers.Contains(name) ? name + "Field" : name;
    }

    /// <summary>The C# member name of a composite member (composites reserve fewer names than messages and groups).</summary>
    public static string CompositeMemberName(string memberName)
    {
        string name = Pascal(memberName);
        return s_reservedCompositeMembers.Contains(name) ? name + "Field" : name;
    }

    private string Global(string typeName) => "global::" + _namespace + "." + typeName;

    private string EmitFile()
    {
        var w = new CodeWriter();
        w.Line("// <auto-generated/>");
        w.Line("// Generated by Engine.Sbe from the SBE schema '" + _schema.Package + "' (id " + Inv(_schema.Id) + ", version " + Inv(_schema.Version) + "). Do not edit.");
        w.Line("#nullable enable");
        w.Line();
        w.Line("namespace " + _namespace + ";");
        w.Line();
        EmitSchemaClass(w);
        foreach (SbeType type in _schema.Types)
        {
            switch (type)
            {
                case EnumType enumType:
                    EmitEnum(w, enumType);
                    break;
                case SetType setType:
                    EmitSet(w, setType);
                    break;
                case CompositeType composite:
                    EmitComposite(w, composite, encoder: false);
                    EmitComposite(w, composite, encoder: true);
                    break;
            }
        }

        foreach (MessageDefinition message in _schema.Messages)
        {
            EmitMessage(w, message, encoder: false);
            EmitMessage(w, message, encoder: true);
        }

        return w.ToString();
    }

    private const string NoInlining = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]";

    private const string AggressiveInlining = "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]";

    private void EmitSchemaClass(CodeWriter w)
    {
        Summary(w, _schema.Description ?? "The identity of the SBE schema '" + _schema.Package + "'.");
        w.Open("public static class " + _schemaClass);
        w.Line("public const int Id = " + Inv(_schema.Id) + ";");
        w.Line("public const int Version = " + Inv(_schema.Version) + ";");
        w.Line("public const string Package = \"" + Escape(_schema.Package) + "\";");
        w.Line("public const bool IsBigEndian = " + (_schema.ByteOrder == ByteOrder.BigEndian ? "true" : "false") + ";");
        w.Line("public const int HeaderLength = " + Inv(_schema.Header.EncodedLength) + ";");
        w.Line();
        w.Line(NoInlining);
        w.Line("internal static void ThrowTruncated(string what, long needed, int available) =>");
        w.Line("    throw new global::System.IO.InvalidDataException(\"SBE \" + what + \" needs \" + needed.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" bytes but the buffer has \" + available.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
        w.Line();
        w.Line(NoInlining);
        w.Line("internal static void ThrowInvalid(string message) => throw new global::System.IO.InvalidDataException(message);");
        w.Line();
        w.Line(NoInlining);
        w.Line("internal static void ThrowGroupFull(string group, int count) => throw new global::System.IO.InvalidDataException(\"SBE group \" + group + \" has only \" + count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" entries\");");
        w.Line();
        w.Line(NoInlining);
        w.Line("internal static void ThrowIndex(int index, int length) => throw new global::System.ArgumentOutOfRangeException(nameof(index), index, \"SBE array index outside 0..\" + (length - 1).ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
        w.Close();
        w.Line();
    }

    private string ReadExpression(string buffer, string offset, PrimitiveType primitive) => primitive switch
    {
        PrimitiveType.Char or PrimitiveType.UInt8 => buffer + "[" + offset + "]",
        PrimitiveType.Int8 => "(sbyte)" + buffer + "[" + offset + "]",
        _ => Binary + ".Read" + BinaryName(primitive) + _endian + "(" + buffer + ".Slice(" + offset + "))",
    };

    private string WriteStatement(string buffer, string offset, PrimitiveType primitive, string value) => primitive switch
    {
        PrimitiveType.Char or PrimitiveType.UInt8 => buffer + "[" + offset + "] = " + value + ";",
        PrimitiveType.Int8 => buffer + "[" + offset + "] = unchecked((byte)" + value + ");",
        _ => Binary + ".Write" + BinaryName(primitive) + _endian + "(" + buffer + ".Slice(" + offset + "), " + value + ");",
    };

    private static string BinaryName(PrimitiveType primitive) => primitive switch
    {
        PrimitiveType.Int16 => "Int16",
        PrimitiveType.UInt16 => "UInt16",
        PrimitiveType.Int32 => "Int32",
        PrimitiveType.UInt32 => "UInt32",
        PrimitiveType.Int64 => "Int64",
        PrimitiveType.UInt64 => "UInt64",
        PrimitiveType.Float => "Single",
        _ => "Double",
    };

    private static void Summary(CodeWriter w, string text) =>
        w.Line("/// <summary>" + text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ") + "</summary>");

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");

    private static string Inv(int value) => value.ToString(CultureInfo.InvariantCulture);
}
