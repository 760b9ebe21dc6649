using System.Globalization;

namespace Engine.Sbe.Schema.Emission;

/// <summary>A message's encoder and decoder: header, block fields in offset order, groups, var data.</summary>
public sealed partial class CSharpCodeEmitter
{
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
}
