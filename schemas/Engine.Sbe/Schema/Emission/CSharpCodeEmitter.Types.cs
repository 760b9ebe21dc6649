using System.Globalization;

namespace Engine.Sbe.Schema.Emission;

/// <summary>SBE enums, sets (flag enums) and composites, each as an encoder and a decoder flyweight.</summary>
public sealed partial class CSharpCodeEmitter
{
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
}
