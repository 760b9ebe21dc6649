using System.Globalization;
using Engine.Sbe.Schema;
using Engine.Sbe.Schema.Emission;

namespace Engine.Sbe.Tests;

/// <summary>
/// Writes a C# test driver for a schema's generated codecs: <c>Encode(message, seed)</c> fills every field, group
/// and var data of a message with values drawn from <c>new Random(seed)</c>; <c>Verify(message, seed, bytes)</c>
/// draws the same values again and compares them with what the generated decoder reads. Both walk the schema in
/// the same order, so the two draws agree. Reflection cannot call ref struct codecs, hence generated code.
/// </summary>
public sealed class RoundTripDriverWriter
{
    private readonly MessageSchema _schema;
    private readonly string _ns;
    private readonly CodeWriter _w = new();
    private int _variables;

    private RoundTripDriverWriter(MessageSchema schema, string ns)
    {
        _schema = schema;
        _ns = ns;
    }

    public static string Write(MessageSchema schema, string ns) => new RoundTripDriverWriter(schema, ns).WriteDriver();

    private string WriteDriver()
    {
        _w.Line("#nullable enable");
        _w.Line("namespace Sbe.RoundTrip;");
        _w.Open("public static class Driver");
        _w.Open("public static byte[] Encode(string message, int seed)");
        _w.Line("var buffer = new byte[1 << 20];");
        _w.Line("var r = new global::System.Random(seed);");
        foreach (MessageDefinition message in _schema.Messages)
        {
            _w.Open("if (message == \"" + message.Name + "\")");
            _w.Line("var m = global::" + _ns + "." + CSharpCodeEmitter.EncoderName(message.Name) + ".WrapAndApplyHeader(buffer, 0);");
            Block(message, "m", encode: true, isMessage: true);
            _w.Line("return global::System.MemoryExtensions.AsSpan(buffer, 0, " + _ns + "." + CSharpCodeEmitter.SchemaClassName(_schema) + ".HeaderLength + m.EncodedLength).ToArray();");
            _w.Close();
        }

        _w.Line("throw new global::System.ArgumentException(message);");
        _w.Close();
        _w.Line();
        _w.Open("public static string Verify(string message, int seed, byte[] data)");
        _w.Line("var r = new global::System.Random(seed);");
        _w.Line("var failures = new global::System.Text.StringBuilder();");
        foreach (MessageDefinition message in _schema.Messages)
        {
            _w.Open("if (message == \"" + message.Name + "\")");
            _w.Line("var m = global::" + _ns + "." + CSharpCodeEmitter.DecoderName(message.Name) + ".WrapWithHeader(data, 0);");
            Block(message, "m", encode: false, isMessage: true);
            _w.Line("Check(failures, m.EncodedLength + " + _ns + "." + CSharpCodeEmitter.SchemaClassName(_schema) + ".HeaderLength == data.Length, \"decoded length\");");
            _w.Line("return failures.ToString();");
            _w.Close();
        }

        _w.Line("throw new global::System.ArgumentException(message);");
        _w.Close();
        _w.Line();
        _w.Open("private static void Check(global::System.Text.StringBuilder failures, bool ok, string what)");
        _w.Open("if (!ok)");
        _w.Line("failures.Append(what).Append(\"; \");");
        _w.Close();
        _w.Close();
        _w.Line();
        _w.Open("private static string Ascii(global::System.Random r, int max)");
        _w.Line("int length = r.Next(0, max + 1);");
        _w.Line("var chars = new char[length];");
        _w.Open("for (int i = 0; i < length; i++)");
        _w.Line("chars[i] = (char)r.Next('a', 'z' + 1);");
        _w.Close();
        _w.Line("return new string(chars);");
        _w.Close();
        _w.Line();
        _w.Open("private static byte[] Bytes(global::System.Random r, int max)");
        _w.Line("var bytes = new byte[r.Next(0, max + 1)];");
        _w.Open("for (int i = 0; i < bytes.Length; i++)");
        _w.Line("bytes[i] = (byte)r.Next('a', 'z' + 1);");
        _w.Close();
        _w.Line("return bytes;");
        _w.Close();
        _w.Close();
        return _w.ToString();
    }

    private void Block(BlockDefinition block, string v, bool encode, bool isMessage)
    {
        foreach (FieldDefinition field in block.Fields)
        {
            Field(field, v, CSharpCodeEmitter.MemberName(field.Name), encode, block.Name + "." + field.Name);
        }

        foreach (GroupDefinition group in block.Groups)
        {
            string member = CSharpCodeEmitter.MemberName(group.Name);
            string count = Next("count");
            string g = Next("g");
            _w.Line("int " + count + " = r.Next(0, 4);");
            _w.Open("");
            if (encode)
            {
                _w.Line("var " + g + " = " + v + "." + member + "Count(" + count + ");");
            }
            else
            {
                _w.Line("var " + g + " = " + v + "." + member + "();");
                _w.Line("Check(failures, " + g + ".Count == " + count + ", \"" + group.Name + " count\");");
            }

            string index = Next("i");
            _w.Open("for (int " + index + " = 0; " + index + " < " + count + "; " + index + "++)");
            _w.Line(encode ? g + ".Next();" : g + ".MoveNext();");
            Block(group, g, encode, isMessage: false);
            _w.Close();
            _w.Close();
        }

        foreach (VarDataDefinition data in block.VarData)
        {
            string member = CSharpCodeEmitter.MemberName(data.Name);
            string expected = Next("data");
            ulong max = Math.Min(data.MaxLength, 40);
            _w.Line("byte[] " + expected + " = Bytes(r, " + max.ToString(CultureInfo.InvariantCulture) + ");");
            _w.Line(encode
                ? v + ".Set" + member + "((global::System.ReadOnlySpan<byte>)" + expected + ");"
                : "Check(failures, global::System.MemoryExtensions.SequenceEqual(" + v + "." + member + "(), (global::System.ReadOnlySpan<byte>)" + expected + "), \"" + data.Name + "\");");
        }
    }

    private void Field(FieldDefinition field, string v, string member, bool encode, string what)
    {
        if (field.IsConstant)
        {
            return;
        }

        switch (field.Type)
        {
            case EnumType enumType:
            {
                string type = "global::" + _ns + "." + CSharpCodeEmitter.Pascal(enumType.Name);
                string expected = Next("e");
                string values = string.Join(", ", enumType.Values.Select(value => type + "." + CSharpCodeEmitter.Pascal(value.Name)));
                _w.Line("var " + expected + "Values = new " + type + "[] { " + values + " };");
                _w.Line("var " + expected + " = " + expected + "Values[r.Next(" + expected + "Values.Length)];");
                Assign(v, member, expected, encode, what);
                return;
            }

            case SetType setType:
            {
                string type = "global::" + _ns + "." + CSharpCodeEmitter.Pascal(setType.Name);
                ulong mask = 0;
                foreach (SetChoice choice in setType.Choices)
                {
                    mask |= 1UL << choice.Bit;
                }

                string expected = Next("s");
                _w.Line("var " + expected + " = (" + type + ")(unchecked((ulong)r.NextInt64()) & " + mask.ToString(CultureInfo.InvariantCulture) + "UL);");
                Assign(v, member, expected, encode, what);
                return;
            }

            case CompositeType composite:
            {
                string c = Next("c");
                _w.Open("");
                _w.Line("var " + c + " = " + v + "." + member + ";");
                foreach (FieldDefinition inner in composite.Members)
                {
                    Field(inner, c, CSharpCodeEmitter.CompositeMemberName(inner.Name), encode, what + "." + inner.Name);
                }

                _w.Close();
                return;
            }

            case EncodedType encoded:
            {
                string cs = PrimitiveTypes.CSharpName(encoded.Primitive);
                if (encoded.Primitive == PrimitiveType.Char && encoded.IsArray)
                {
                    string expected = Next("text");
                    _w.Line("string " + expected + " = Ascii(r, " + encoded.Length.ToString(CultureInfo.InvariantCulture) + ");");
                    _w.Line(encode
                        ? v + ".Set" + member + "(" + expected + ");"
                        : "Check(failures, " + v + "." + member + "AsString() == " + expected + ", \"" + what + "\");");
                    return;
                }

                if (encoded.IsArray)
                {
                    string k = Next("k");
                    _w.Open("for (int " + k + " = 0; " + k + " < " + encoded.Length.ToString(CultureInfo.InvariantCulture) + "; " + k + "++)");
                    string expected = Next("a");
                    _w.Line(cs + " " + expected + " = " + RandomValue(encoded.Primitive) + ";");
                    _w.Line(encode
                        ? v + ".Set" + member + "(" + k + ", " + expected + ");"
                        : "Check(failures, " + v + "." + member + "(" + k + ") == " + expected + ", \"" + what + "[]\");");
                    _w.Close();
                    return;
                }

                string scalar = Next("x");
                _w.Line(cs + " " + scalar + " = " + RandomValue(encoded.Primitive) + ";");
                Assign(v, member, scalar, encode, what);
                return;
            }
        }
    }

    private void Assign(string v, string member, string expected, bool encode, string what) =>
        _w.Line(encode ? v + "." + member + " = " + expected + ";" : "Check(failures, " + v + "." + member + " == " + expected + ", \"" + what + "\");");

    private static string RandomValue(PrimitiveType primitive) => primitive switch
    {
        PrimitiveType.Float => "(float)r.Next(-1000000, 1000000) / 8f",
        PrimitiveType.Double => "(double)r.NextInt64(-1000000000000, 1000000000000) / 16d",
        _ => "unchecked((" + PrimitiveTypes.CSharpName(primitive) + ")r.NextInt64(long.MinValue, long.MaxValue))",
    };

    private string Next(string prefix) => prefix + (_variables++).ToString(CultureInfo.InvariantCulture);
}
