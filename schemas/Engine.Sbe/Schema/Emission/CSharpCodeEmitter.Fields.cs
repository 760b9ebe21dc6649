using System.Globalization;

namespace Engine.Sbe.Schema.Emission;

/// <summary>One block field: primitive, array, enum, set or composite, with its null value and acting-version checks.</summary>
public sealed partial class CSharpCodeEmitter
{
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
}
