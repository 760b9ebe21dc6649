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
public sealed class CSharpCodeEmitter
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

    private void EmitEnum(CodeWriter w, EnumType type)
    {
        string underlying = PrimitiveTypes.CSharpName(type.Encoding);
        Summary(w, type.Description ?? "SBE enum " + type.Name + " (" + PrimitiveTypes.SchemaName(type.Encoding) + ").");
        w.Open("public enum " + Pascal(type.Name) + " : " + underlying);
        foreach (EnumValue value in type.Values)
        {
            w.Line(Pascal(value.Name) + " = " + EnumLiteral(type.Encoding, value.Value) + ",");
        }

        w.Line("NullValue = " + EnumLiteral(type.Encoding, type.NullValue) + ",");
        w.Close();
        w.Line();
    }

    private static string EnumLiteral(PrimitiveType encoding, ulong raw) =>
        PrimitiveTypes.IsSigned(encoding) ? PrimitiveTypes.ToSigned(encoding, raw).ToString(CultureInfo.InvariantCulture) : raw.ToString(CultureInfo.InvariantCulture);

    private void EmitSet(CodeWriter w, SetType type)
    {
        string underlying = PrimitiveTypes.CSharpName(type.Encoding);
        Summary(w, type.Description ?? "SBE set " + type.Name + " (" + PrimitiveTypes.SchemaName(type.Encoding) + ").");
        w.Line("[global::System.Flags]");
        w.Open("public enum " + Pascal(type.Name) + " : " + underlying);
        foreach (SetChoice choice in type.Choices)
        {
            w.Line(Pascal(choice.Name) + " = " + (1UL << choice.Bit).ToString(CultureInfo.InvariantCulture) + (choice.Bit >= 32 ? "UL" : choice.Bit == 31 ? "U" : string.Empty) + ",");
        }

        w.Close();
        w.Line();
    }

    private void EmitComposite(CodeWriter w, CompositeType type, bool encoder)
    {
        string name = encoder ? EncoderName(type.Name) : DecoderName(type.Name);
        string span = encoder ? "global::System.Span<byte>" : "global::System.ReadOnlySpan<byte>";
        Summary(w, (encoder ? "Writes" : "Reads") + " the SBE composite " + type.Name + " (" + Inv(type.EncodedLength) + " bytes) in place.");
        w.Open("public readonly ref struct " + name);
        w.Line("public const int EncodedLength = " + Inv(type.EncodedLength) + ";");
        w.Line("private readonly " + span + " _buffer;");
        w.Line("private readonly int _offset;");
        if (!encoder)
        {
            w.Line("private readonly int _actingVersion;");
        }

        w.Line();
        w.Open("public " + name + "(" + span + " buffer, int offset" + (encoder ? string.Empty : ", int actingVersion") + ")");
        w.Open("if (offset < 0 || (long)offset + EncodedLength > buffer.Length)");
        w.Line(_schemaClass + ".ThrowTruncated(\"composite " + type.Name + "\", (long)offset + EncodedLength, buffer.Length);");
        w.Close();
        w.Line();

        // The composite's own bytes: members read and write at their offsets in this span, whose length the JIT
        // knows once the constructor is inlined, so their bounds checks fold away.
        w.Line("_buffer = buffer.Slice(offset, EncodedLength);");
        w.Line("_offset = offset;");
        if (!encoder)
        {
            w.Line("_actingVersion = actingVersion;");
        }

        w.Close();
        w.Line();
        w.Line("public int Offset => _offset;");
        (string savedBuffer, string savedBase) = (_fieldBuffer, _fieldBase);
        (_fieldBuffer, _fieldBase) = ("_buffer", string.Empty);
        foreach (FieldDefinition member in type.Members)
        {
            w.Line();
            EmitField(w, member, encoder, "_actingVersion", CompositeMemberName(member.Name));
            if (encoder && !member.IsConstant && member.Type is EnumType or SetType or EncodedType { IsArray: false })
            {
                // A composite is usually reached through a property (message.Price), which C# cannot assign through;
                // a method can be called on it: message.Price.SetMantissa(5).
                string memberName = CompositeMemberName(member.Name);
                string valueType = member.Type switch
                {
                    EncodedType encoded => PrimitiveTypes.CSharpName(encoded.Primitive),
                    _ => Global(Pascal(member.Type.Name)),
                };
                w.Line("public " + name + " Set" + memberName + "(" + valueType + " value)");
                w.Line("{");
                w.Line("    " + memberName + " = value;");
                w.Line("    return this;");
                w.Line("}");
            }
        }

        (_fieldBuffer, _fieldBase) = (savedBuffer, savedBase);
        w.Close();
        w.Line();
    }

    private void EmitMessage(CodeWriter w, MessageDefinition message, bool encoder)
    {
        string name = encoder ? EncoderName(message.Name) : DecoderName(message.Name);
        string span = encoder ? "global::System.Span<byte>" : "global::System.ReadOnlySpan<byte>";
        string header = Global(encoder ? EncoderName(_schema.Header.Name) : DecoderName(_schema.Header.Name));
        Summary(w, (encoder ? "Encodes" : "Decodes") + " SBE message " + message.Name + " (template " + Inv(message.Id) + ")" + (message.Description is null ? "." : ": " + message.Description));
        w.Open("public ref struct " + name);
        w.Line("public const int BlockLength = " + Inv(message.BlockLength) + ";");
        w.Line("public const int TemplateId = " + Inv(message.Id) + ";");
        w.Line("public const int SchemaId = " + Inv(_schema.Id) + ";");
        w.Line("public const int SchemaVersion = " + Inv(_schema.Version) + ";");
        w.Line("public const int SinceVersion = " + Inv(message.SinceVersion) + ";");
        w.Line("private readonly " + span + " _buffer;");
        w.Line("private readonly int _offset;");
        if (!encoder)
        {
            w.Line("private readonly int _actingBlockLength;");
            w.Line("private readonly int _actingVersion;");
        }

        w.Line("private int _limit;");
        w.Line();
        if (encoder)
        {
            w.Line("/// <summary>Wraps the message body at <paramref name=\"offset\"/> (after any header).</summary>");
            w.Open("public " + name + "(" + span + " buffer, int offset)");
            w.Open("if (offset < 0 || (long)offset + BlockLength > buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"message " + message.Name + "\", (long)offset + BlockLength, buffer.Length);");
            w.Close();
            w.Line();
            w.Line("_buffer = buffer;");
            w.Line("_offset = offset;");
            w.Line("_limit = offset + BlockLength;");
            w.Close();
            w.Line();
            w.Line("/// <summary>Writes the message header at <paramref name=\"offset\"/> and wraps the body that follows it.</summary>");
            w.Open("public static " + name + " WrapAndApplyHeader(" + span + " buffer, int offset)");
            w.Line("var header = new " + header + "(buffer, offset);");
            w.Line("header." + CompositeMemberName("blockLength") + " = " + Cast(_schema.HeaderBlockLength) + "BlockLength;");
            w.Line("header." + CompositeMemberName("templateId") + " = " + Cast(_schema.HeaderTemplateId) + "TemplateId;");
            w.Line("header." + CompositeMemberName("schemaId") + " = " + Cast(_schema.HeaderSchemaId) + "SchemaId;");
            w.Line("header." + CompositeMemberName("version") + " = " + Cast(_schema.HeaderVersion) + "SchemaVersion;");
            w.Line("return new " + name + "(buffer, offset + " + header + ".EncodedLength);");
            w.Close();
        }
        else
        {
            w.Line("/// <summary>Wraps a body written with <paramref name=\"actingBlockLength\"/> by schema version <paramref name=\"actingVersion\"/>.</summary>");
            w.Open("public " + name + "(" + span + " buffer, int offset, int actingBlockLength, int actingVersion)");
            w.Open("if (offset < 0 || actingBlockLength < 0 || (long)offset + actingBlockLength > buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"message " + message.Name + "\", (long)offset + actingBlockLength, buffer.Length);");
            w.Close();
            w.Line();
            w.Line("_buffer = buffer;");
            w.Line("_offset = offset;");
            w.Line("_actingBlockLength = actingBlockLength;");
            w.Line("_actingVersion = actingVersion;");
            w.Line("_limit = offset + actingBlockLength;");
            w.Close();
            w.Line();
            w.Line("/// <summary>Reads the message header at <paramref name=\"offset\"/>, checks template and schema, and wraps the body.</summary>");
            w.Open("public static " + name + " WrapWithHeader(" + span + " buffer, int offset)");
            w.Line("var header = new " + header + "(buffer, offset, SchemaVersion);");
            w.Open("if (header." + CompositeMemberName("templateId") + " != TemplateId)");
            w.Line(_schemaClass + ".ThrowInvalid(\"SBE header templateId \" + header." + CompositeMemberName("templateId") + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is not " + message.Name + " (" + Inv(message.Id) + ")\");");
            w.Close();
            w.Line();
            w.Open("if (header." + CompositeMemberName("schemaId") + " != SchemaId)");
            w.Line(_schemaClass + ".ThrowInvalid(\"SBE header schemaId \" + header." + CompositeMemberName("schemaId") + ".ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is not " + Inv(_schema.Id) + "\");");
            w.Close();
            w.Line();
            w.Line("return new " + name + "(buffer, offset + " + header + ".EncodedLength, header." + CompositeMemberName("blockLength") + ", header." + CompositeMemberName("version") + ");");
            w.Close();
            w.Line();
            w.Line("public readonly int ActingBlockLength => _actingBlockLength;");
            w.Line();
            w.Line("public readonly int ActingVersion => _actingVersion;");
        }

        w.Line();
        w.Line("public readonly int Offset => _offset;");
        w.Line();
        w.Line("/// <summary>The first byte after everything read or written so far.</summary>");
        w.Line("public readonly int Limit => _limit;");
        w.Line();
        w.Line("/// <summary>Bytes of the body (without header) read or written so far.</summary>");
        w.Line("public readonly int EncodedLength => _limit - _offset;");
        EmitBlockMembers(w, message, encoder, "_actingVersion", "ref _limit", isGroup: false);
        w.Close();
        w.Line();
    }

    private static string Cast(FieldDefinition member) => "(" + PrimitiveTypes.CSharpName(((EncodedType)member.Type).Primitive) + ")";

    private void EmitBlockMembers(CodeWriter w, BlockDefinition block, bool encoder, string actingVersion, string limitRef, bool isGroup)
    {
        foreach (FieldDefinition field in block.Fields)
        {
            w.Line();
            EmitField(w, field, encoder, actingVersion, MemberName(field.Name));
        }

        foreach (GroupDefinition group in block.Groups)
        {
            w.Line();
            EmitGroupAccessor(w, group, encoder, actingVersion, limitRef, isGroup);
        }

        foreach (VarDataDefinition data in block.VarData)
        {
            w.Line();
            EmitVarData(w, data, encoder, actingVersion, isGroup ? "_limit" : "_limit");
        }

        foreach (GroupDefinition group in block.Groups)
        {
            w.Line();
            EmitGroup(w, group, encoder);
        }
    }

    private void EmitGroupAccessor(CodeWriter w, GroupDefinition group, bool encoder, string actingVersion, string limitRef, bool isGroup)
    {
        string type = encoder ? EncoderName(group.Name) : DecoderName(group.Name);
        string member = MemberName(group.Name);
        string attribute = isGroup ? string.Empty : UnscopedRef + " ";
        if (encoder)
        {
            w.Line("/// <summary>Starts group " + group.Name + " with <paramref name=\"count\"/> entries; call Next() before writing each.</summary>");
            w.Line(attribute + "public " + type + " " + member + "Count(int count) => new " + type + "(_buffer, " + limitRef + ", count);");
        }
        else
        {
            w.Line("/// <summary>Reads the dimension of group " + group.Name + "; call MoveNext() before reading each entry.</summary>");
            w.Line(attribute + "public " + type + " " + member + "() => new " + type + "(_buffer, " + limitRef + ", " + actingVersion + ");");
        }
    }

    private void EmitGroup(CodeWriter w, GroupDefinition group, bool encoder)
    {
        string name = encoder ? EncoderName(group.Name) : DecoderName(group.Name);
        string span = encoder ? "global::System.Span<byte>" : "global::System.ReadOnlySpan<byte>";
        int headerLength = group.Dimension.EncodedLength;
        string blPrim = PrimitiveTypes.CSharpName(group.BlockLengthPrimitive);
        string numPrim = PrimitiveTypes.CSharpName(group.NumInGroupPrimitive);

        // A flat group (fixed-size entries: no nested group, no var data) knows where it ends as soon as its count is
        // known: the parent's limit moves past the whole group at once, and moving to the next entry is an add. A group
        // with variable-size entries moves the parent's limit entry by entry, through a ref to it.
        bool flat = group.Groups.Count == 0 && group.VarData.Count == 0;
        Summary(w, (encoder ? "Writes" : "Reads") + " the entries of repeating group " + group.Name + ".");
        w.Open("public ref struct " + name);
        w.Line("public const int BlockLength = " + Inv(group.BlockLength) + ";");
        w.Line("public const int HeaderLength = " + Inv(headerLength) + ";");
        w.Line("public const int SinceVersion = " + Inv(group.SinceVersion) + ";");
        w.Line("public const long MaxCount = " + group.MaxCount.ToString(CultureInfo.InvariantCulture) + "L;");
        w.Line("private readonly " + span + " _buffer;");
        if (!flat)
        {
            w.Line("private ref int _limit;");
        }

        w.Line("private readonly int _count;");
        if (!encoder)
        {
            // An encoder writes entries of its own schema's BlockLength; a decoder's come from the buffer.
            w.Line("private readonly int _blockLength;");
            w.Line("private readonly int _actingVersion;");
        }

        w.Line("private int _index;");
        w.Line("private int _offset;");
        if (flat)
        {
            // Fields read and write the entry's own span: one bounds check per entry, and the JIT knows each field's
            // offset against the span's length.
            w.Line("private " + span + " _entry;");
        }

        w.Line();
        if (encoder)
        {
            w.Open("internal " + name + "(" + span + " buffer, ref int limit, int count)");
            w.Open("if (count < 0 || count > MaxCount)");
            w.Line(_schemaClass + ".ThrowInvalid(\"SBE group " + group.Name + " count \" + count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is outside 0..\" + MaxCount.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
            w.Close();
            w.Line();
            w.Line("int at = limit;");
            if (flat)
            {
                w.Line("long end = (long)at + HeaderLength + ((long)count * BlockLength);");
                w.Open("if (end > buffer.Length)");
                w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " of \" + count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" entries\", end, buffer.Length);");
                w.Close();
            }
            else
            {
                w.Open("if ((long)at + HeaderLength > buffer.Length)");
                w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " header\", (long)at + HeaderLength, buffer.Length);");
                w.Close();
            }

            w.Line();
            w.Line(WriteStatement("buffer", "at + " + Inv(group.BlockLengthMember.Offset), group.BlockLengthPrimitive, "(" + blPrim + ")BlockLength"));
            w.Line(WriteStatement("buffer", "at + " + Inv(group.NumInGroupMember.Offset), group.NumInGroupPrimitive, "(" + numPrim + ")count"));
            w.Line("_buffer = buffer;");
            if (flat)
            {
                w.Line("limit = (int)end;");
                w.Line("_offset = at + HeaderLength - BlockLength;");
            }
            else
            {
                w.Line("_limit = ref limit;");
                w.Line("_limit = at + HeaderLength;");
                w.Line("_offset = 0;");
            }

            w.Line("_count = count;");
            w.Line("_index = 0;");
            w.Close();
        }
        else
        {
            w.Open("internal " + name + "(" + span + " buffer, ref int limit, int actingVersion)");
            w.Line("_buffer = buffer;");
            if (!flat)
            {
                w.Line("_limit = ref limit;");
            }

            w.Line("_actingVersion = actingVersion;");
            w.Line("_index = 0;");
            w.Line("_offset = 0;");
            w.Open("if (actingVersion < SinceVersion)");
            w.Line("_count = 0;");
            w.Line("_blockLength = 0;");
            w.Line("return;");
            w.Close();
            w.Line();
            w.Line("int at = limit;");
            w.Open("if (at < 0 || (long)at + HeaderLength > buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " header\", (long)at + HeaderLength, buffer.Length);");
            w.Close();
            w.Line();
            w.Line("_blockLength = (int)" + ReadExpression("buffer", "at + " + Inv(group.BlockLengthMember.Offset), group.BlockLengthPrimitive) + ";");
            w.Line("_count = (int)" + ReadExpression("buffer", "at + " + Inv(group.NumInGroupMember.Offset), group.NumInGroupPrimitive) + ";");
            w.Open("if ((long)at + HeaderLength + ((long)_count * _blockLength) > buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " of \" + _count.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" entries\", (long)at + HeaderLength + ((long)_count * _blockLength), buffer.Length);");
            w.Close();
            w.Line();
            if (flat)
            {
                // Entries must hold every field the acting version has: a shorter block length is a malformed
                // message, refused here rather than read as the next entry's bytes.
                w.Open("if (_blockLength < RequiredBlockLength(actingVersion))");
                w.Line(_schemaClass + ".ThrowInvalid(\"SBE group " + group.Name + " block length \" + _blockLength.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" is shorter than its fields in version \" + actingVersion.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
                w.Close();
                w.Line();
                w.Line("limit = at + HeaderLength + (_count * _blockLength);");
                w.Line("_offset = at + HeaderLength - _blockLength;");
            }
            else
            {
                w.Line("_limit = at + HeaderLength;");
            }

            w.Close();
        }

        w.Line();
        w.Line("public readonly int Count => _count;");
        w.Line();
        w.Line("/// <summary>The entry being " + (encoder ? "written" : "read") + " (0-based), or -1 before the first.</summary>");
        w.Line("public readonly int Index => _index - 1;");
        w.Line();
        if (encoder)
        {
            // Small enough to inline into the caller's loop (the throw helpers format their messages out of line).
            w.Line("/// <summary>Moves to the next entry; throws when more entries are written than the count announced.</summary>");
            w.Line(AggressiveInlining);
            w.Open("public void Next()");
            w.Open("if (_index >= _count)");
            w.Line(_schemaClass + ".ThrowGroupFull(\"" + group.Name + "\", _count);");
            w.Close();
            w.Line();
        }
        else
        {
            w.Line("/// <summary>Moves to the next entry; false after the last one.</summary>");
            w.Line(AggressiveInlining);
            w.Open("public bool MoveNext()");
            w.Open("if (_index >= _count)");
            w.Line("return false;");
            w.Close();
            w.Line();
        }

        string blockLength = encoder ? "BlockLength" : "_blockLength";
        if (flat)
        {
            // The constructor checked that every entry fits the buffer.
            w.Line("_offset += " + blockLength + ";");
            w.Line("_entry = _buffer.Slice(_offset, " + blockLength + ");");
        }
        else
        {
            w.Line("int at = _limit;");
            w.Open("if ((long)at + " + blockLength + " > _buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"group " + group.Name + " entry\", (long)at + " + blockLength + ", _buffer.Length);");
            w.Close();
            w.Line();
            w.Line("_offset = at;");
            w.Line("_limit = at + " + blockLength + ";");
        }

        w.Line("_index++;");
        if (!encoder)
        {
            w.Line("return true;");
        }

        w.Close();
        if (flat && !encoder)
        {
            EmitRequiredBlockLength(w, group);
        }

        (string savedBuffer, string savedBase) = (_fieldBuffer, _fieldBase);
        if (flat)
        {
            (_fieldBuffer, _fieldBase) = ("_entry", string.Empty);
        }

        EmitBlockMembers(w, group, encoder, "_actingVersion", "ref _limit", isGroup: true);
        (_fieldBuffer, _fieldBase) = (savedBuffer, savedBase);
        w.Close();
    }

    /// <summary>The bytes an entry needs for the fields a given acting version has: the end of the last of them.</summary>
    private static void EmitRequiredBlockLength(CodeWriter w, GroupDefinition group)
    {
        var ends = new SortedDictionary<int, int>();
        foreach (FieldDefinition field in group.Fields)
        {
            if (!field.IsConstant)
            {
                int end = field.Offset + field.EncodedLength;
                ends[field.SinceVersion] = Math.Max(ends.TryGetValue(field.SinceVersion, out int known) ? known : 0, end);
            }
        }

        // Walk versions upwards: a version needs what every earlier one needs, and its own fields.
        var steps = new List<(int Version, int Length)>();
        int required = 0;
        foreach (KeyValuePair<int, int> versionEnd in ends)
        {
            required = Math.Max(required, versionEnd.Value);
            steps.Add((versionEnd.Key, required));
        }

        w.Line();
        w.Line("private static int RequiredBlockLength(int actingVersion) =>");
        string expression = "0";
        foreach ((int version, int length) in steps)
        {
            expression = "actingVersion >= " + Inv(version) + " ? " + Inv(length) + " : " + (expression == "0" ? "0" : "(" + expression + ")");
        }

        w.Line("    " + expression + ";");
    }

    private void EmitVarData(CodeWriter w, VarDataDefinition data, bool encoder, string actingVersion, string limit)
    {
        string member = MemberName(data.Name);
        string lengthPrim = PrimitiveTypes.CSharpName(data.LengthPrimitive);
        string lengthAt = "at + " + Inv(data.LengthMember.Offset);
        string? encoding = EncodingExpression(data.CharacterEncoding);
        w.Line("public const int " + member + "HeaderLength = " + Inv(data.HeaderLength) + ";");
        w.Line("public const long " + member + "MaxLength = " + data.MaxLength.ToString(CultureInfo.InvariantCulture) + "L;");
        w.Line();
        if (encoder)
        {
            w.Line("/// <summary>Writes var data " + data.Name + " (length prefix and bytes) at the current position.</summary>");
            w.Open("public void Set" + member + "(global::System.ReadOnlySpan<byte> value)");
            w.Line("int at = " + limit + ";");
            w.Open("if (value.Length > " + member + "MaxLength)");
            w.Line(_schemaClass + ".ThrowInvalid(\"SBE var data " + data.Name + " is longer than \" + " + member + "MaxLength.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" bytes\");");
            w.Close();
            w.Line();
            w.Open("if ((long)at + " + member + "HeaderLength + value.Length > _buffer.Length)");
            w.Line(_schemaClass + ".ThrowTruncated(\"var data " + data.Name + "\", (long)at + " + member + "HeaderLength + value.Length, _buffer.Length);");
            w.Close();
            w.Line();
            w.Line(WriteStatement("_buffer", lengthAt, data.LengthPrimitive, "(" + lengthPrim + ")value.Length"));
            w.Line("value.CopyTo(_buffer.Slice(at + " + member + "HeaderLength));");
            w.Line(limit + " = at + " + member + "HeaderLength + value.Length;");
            w.Close();
            if (encoding is not null)
            {
                w.Line();
                w.Line("/// <summary>Writes var data " + data.Name + " as " + data.CharacterEncoding + " without allocating.</summary>");
                w.Open("public void Set" + member + "(string value)");
                w.Line("int at = " + limit + ";");
                w.Line("int length = " + encoding + ".GetByteCount(value);");
                w.Open("if (length > " + member + "MaxLength)");
                w.Line(_schemaClass + ".ThrowInvalid(\"SBE var data " + data.Name + " is longer than \" + " + member + "MaxLength.ToString(global::System.Globalization.CultureInfo.InvariantCulture) + \" bytes\");");
                w.Close();
                w.Line();
                w.Open("if ((long)at + " + member + "HeaderLength + length > _buffer.Length)");
                w.Line(_schemaClass + ".ThrowTruncated(\"var data " + data.Name + "\", (long)at + " + member + "HeaderLength + length, _buffer.Length);");
                w.Close();
                w.Line();
                w.Line(WriteStatement("_buffer", lengthAt, data.LengthPrimitive, "(" + lengthPrim + ")length"));
                w.Line(encoding + ".GetBytes(value, _buffer.Slice(at + " + member + "HeaderLength, length));");
                w.Line(limit + " = at + " + member + "HeaderLength + length;");
                w.Close();
            }

            return;
        }

        w.Line("/// <summary>Reads var data " + data.Name + " at the current position (empty when older than the acting version).</summary>");
        w.Open("public global::System.ReadOnlySpan<byte> " + member + "()");
        if (data.SinceVersion > 0)
        {
            w.Open("if (" + actingVersion + " < " + Inv(data.SinceVersion) + ")");
            w.Line("return default;");
            w.Close();
            w.Line();
        }

        w.Line("int at = " + limit + ";");
        w.Open("if (at < 0 || (long)at + " + member + "HeaderLength > _buffer.Length)");
        w.Line(_schemaClass + ".ThrowTruncated(\"var data " + data.Name + " length\", (long)at + " + member + "HeaderLength, _buffer.Length);");
        w.Close();
        w.Line();
        w.Line("long length = (long)" + ReadExpression("_buffer", lengthAt, data.LengthPrimitive) + ";");
        w.Open("if (at + " + member + "HeaderLength + length > _buffer.Length)");
        w.Line(_schemaClass + ".ThrowTruncated(\"var data " + data.Name + "\", at + " + member + "HeaderLength + length, _buffer.Length);");
        w.Close();
        w.Line();
        w.Line(limit + " = at + " + member + "HeaderLength + (int)length;");
        w.Line("return _buffer.Slice(at + " + member + "HeaderLength, (int)length);");
        w.Close();
        if (encoding is not null)
        {
            w.Line();
            w.Line("/// <summary>Reads var data " + data.Name + " as a " + data.CharacterEncoding + " string (allocates).</summary>");
            w.Line("public string " + member + "AsString() => " + encoding + ".GetString(" + member + "());");
        }
    }

    private static string? EncodingExpression(string? characterEncoding)
    {
        if (characterEncoding is null)
        {
            return null;
        }

        string normalized = characterEncoding.Replace("-", string.Empty).Replace("_", string.Empty).ToUpperInvariant();
        return normalized switch
        {
            "UTF8" => "global::System.Text.Encoding.UTF8",
            "ASCII" or "USASCII" => "global::System.Text.Encoding.ASCII",
            "ISO88591" or "LATIN1" => "global::System.Text.Encoding.Latin1",
            _ => "global::System.Text.Encoding.GetEncoding(\"" + Escape(characterEncoding) + "\")",
        };
    }

    private void EmitField(CodeWriter w, FieldDefinition field, bool encoder, string actingVersion, string member)
    {
        string at = _fieldBase + Inv(field.Offset);
        bool versioned = field.SinceVersion > 0 && !encoder;
        string versionCheck = actingVersion + " < " + Inv(field.SinceVersion);
        if (field.Description is not null)
        {
            Summary(w, field.Description);
        }

        if (field.SinceVersion > 0)
        {
            w.Line("public const int " + member + "SinceVersion = " + Inv(field.SinceVersion) + ";");
            if (!encoder)
            {
                w.Line("public bool " + member + "InActingVersion => " + actingVersion + " >= " + Inv(field.SinceVersion) + ";");
            }
        }

        switch (field.Type)
        {
            case EnumType enumType:
            {
                string type = Global(Pascal(enumType.Name));
                if (field.ConstantEnumValue is not null)
                {
                    w.Line("public " + type + " " + member + " => " + type + "." + Pascal(field.ConstantEnumValue.Name) + ";");
                    return;
                }

                string cs = PrimitiveTypes.CSharpName(enumType.Encoding);
                if (encoder)
                {
                    w.Line("public " + type + " " + member + " { set => " + WriteStatement(_fieldBuffer, at, enumType.Encoding, "(" + cs + ")value").TrimEnd(';') + "; }");
                }
                else
                {
                    string read = "(" + type + ")" + ReadExpression(_fieldBuffer, at, enumType.Encoding);
                    w.Line("public " + type + " " + member + " => " + (versioned ? versionCheck + " ? " + type + ".NullValue : " : string.Empty) + read + ";");
                }

                return;
            }

            case SetType setType:
            {
                string type = Global(Pascal(setType.Name));
                string cs = PrimitiveTypes.CSharpName(setType.Encoding);
                if (encoder)
                {
                    w.Line("public " + type + " " + member + " { set => " + WriteStatement(_fieldBuffer, at, setType.Encoding, "(" + cs + ")value").TrimEnd(';') + "; }");
                }
                else
                {
                    string read = "(" + type + ")" + ReadExpression(_fieldBuffer, at, setType.Encoding);
                    w.Line("public " + type + " " + member + " => " + (versioned ? versionCheck + " ? (" + type + ")0 : " : string.Empty) + read + ";");
                }

                return;
            }

            case CompositeType composite:
            {
                string type = Global(encoder ? EncoderName(composite.Name) : DecoderName(composite.Name));
                w.Line("public " + type + " " + member + " => new " + type + "(" + _fieldBuffer + ", " + at + (encoder ? string.Empty : ", " + actingVersion) + ");");
                return;
            }

            case EncodedType encoded:
                EmitEncodedField(w, field, encoded, member, at, encoder, versioned ? versionCheck : null);
                return;
        }
    }

    private void EmitEncodedField(CodeWriter w, FieldDefinition field, EncodedType encoded, string member, string at, bool encoder, string? versionCheck)
    {
        PrimitiveType primitive = encoded.Primitive;
        string cs = PrimitiveTypes.CSharpName(primitive);
        int size = PrimitiveTypes.Size(primitive);
        if (field.IsConstant)
        {
            string constant = encoded.ConstantValue ?? string.Empty;
            if (primitive == PrimitiveType.Char && constant.Length != 1)
            {
                w.Line("public global::System.ReadOnlySpan<byte> " + member + " => \"" + Escape(constant) + "\"u8;");
            }
            else
            {
                PrimitiveTypes.TryParseValue(primitive, constant, out ulong raw);
                w.Line("public " + cs + " " + member + " => " + PrimitiveTypes.CSharpLiteral(primitive, raw) + ";");
            }

            return;
        }

        if (!encoded.IsArray)
        {
            w.Line("public const " + cs + " " + member + "NullValue = " + PrimitiveTypes.CSharpLiteral(primitive, encoded.NullValue) + ";");
            w.Line("public const " + cs + " " + member + "MinValue = " + PrimitiveTypes.CSharpLiteral(primitive, encoded.MinValue) + ";");
            w.Line("public const " + cs + " " + member + "MaxValue = " + PrimitiveTypes.CSharpLiteral(primitive, encoded.MaxValue) + ";");
            if (encoder)
            {
                w.Line("public " + cs + " " + member + " { set => " + WriteStatement(_fieldBuffer, at, primitive, "value").TrimEnd(';') + "; }");
            }
            else
            {
                string read = ReadExpression(_fieldBuffer, at, primitive);
                w.Line("public " + cs + " " + member + " => " + (versionCheck is null ? string.Empty : versionCheck + " ? " + member + "NullValue : ") + read + ";");
            }

            return;
        }

        w.Line("public const int " + member + "Length = " + Inv(encoded.Length) + ";");
        if (primitive == PrimitiveType.Char)
        {
            string encoding = EncodingExpression(encoded.CharacterEncoding ?? "US-ASCII")!;
            if (encoder)
            {
                w.Line("/// <summary>Writes the characters and pads the rest of the field with zero bytes.</summary>");
                w.Open("public void Set" + member + "(global::System.ReadOnlySpan<byte> value)");
                w.Open("if (value.Length > " + member + "Length)");
                w.Line(_schemaClass + ".ThrowInvalid(\"SBE field " + field.Name + " holds at most " + Inv(encoded.Length) + " bytes\");");
                w.Close();
                w.Line();
                w.Line("global::System.Span<byte> target = " + _fieldBuffer + ".Slice(" + at + ", " + member + "Length);");
                w.Line("value.CopyTo(target);");
                w.Line("target.Slice(value.Length).Clear();");
                w.Close();
                w.Line();
                w.Line("/// <summary>Writes the string (" + (encoded.CharacterEncoding ?? "US-ASCII") + ") and pads with zero bytes; no allocation.</summary>");
                w.Open("public void Set" + member + "(string value)");
                w.Line("global::System.Span<byte> target = " + _fieldBuffer + ".Slice(" + at + ", " + member + "Length);");
                w.Open("if (" + encoding + ".GetByteCount(value) > " + member + "Length)");
                w.Line(_schemaClass + ".ThrowInvalid(\"SBE field " + field.Name + " holds at most " + Inv(encoded.Length) + " bytes\");");
                w.Close();
                w.Line();
                w.Line("int written = " + encoding + ".GetBytes(value, target);");
                w.Line("target.Slice(written).Clear();");
                w.Close();
            }
            else
            {
                w.Line("public global::System.ReadOnlySpan<byte> " + member + " => " + (versionCheck is null ? string.Empty : versionCheck + " ? default : ") + _fieldBuffer + ".Slice(" + at + ", " + member + "Length);");
                w.Line();
                w.Line("/// <summary>The characters up to the first zero byte, as a string (allocates).</summary>");
                w.Open("public string " + member + "AsString()");
                w.Line("global::System.ReadOnlySpan<byte> value = " + member + ";");
                w.Line("int end = global::System.MemoryExtensions.IndexOf(value, (byte)0);");
                w.Line("return " + encoding + ".GetString(end < 0 ? value : value.Slice(0, end));");
                w.Close();
            }

            return;
        }

        w.Line("public const " + cs + " " + member + "NullValue = " + PrimitiveTypes.CSharpLiteral(primitive, encoded.NullValue) + ";");
        string element = at + " + (index * " + Inv(size) + ")";
        if (encoder)
        {
            w.Open("public void Set" + member + "(int index, " + cs + " value)");
            w.Open("if ((uint)index >= " + member + "Length)");
            w.Line(_schemaClass + ".ThrowIndex(index, " + member + "Length);");
            w.Close();
            w.Line();
            w.Line(WriteStatement(_fieldBuffer, element, primitive, "value"));
            w.Close();
        }
        else
        {
            w.Open("public " + cs + " " + member + "(int index)");
            w.Open("if ((uint)index >= " + member + "Length)");
            w.Line(_schemaClass + ".ThrowIndex(index, " + member + "Length);");
            w.Close();
            w.Line();
            if (versionCheck is not null)
            {
                w.Open("if (" + versionCheck + ")");
                w.Line("return " + member + "NullValue;");
                w.Close();
                w.Line();
            }

            w.Line("return " + ReadExpression(_fieldBuffer, element, primitive) + ";");
            w.Close();
        }
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
