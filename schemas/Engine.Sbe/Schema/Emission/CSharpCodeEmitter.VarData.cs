using System.Globalization;

namespace Engine.Sbe.Schema.Emission;

/// <summary>Var data: length-prefixed bytes (and text in the declared character encoding) at the shared limit.</summary>
public sealed partial class CSharpCodeEmitter
{
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
}
