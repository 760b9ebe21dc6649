using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Engine.Sbe.Schema;

namespace Engine.Sbe.Decoding;

/// <summary>
/// Decodes any message of a schema to JSON without generated code, for auditors and journal tools. Every read is
/// bounds-checked: a bad buffer gives an <see cref="SbeDecodeException"/> with one line naming the problem and the
/// offset, never an out-of-range read. Output: <c>templateId</c>, <c>schemaId</c>, <c>version</c>,
/// <c>blockLength</c>, <c>name</c> and <c>fields</c> (names exactly as in the schema; composites as objects, enums as
/// value names, sets as arrays of choice names, groups as arrays of objects, character var data as strings, other var
/// data as hex, null values and fields newer than the message's version as null). Stateless and thread-safe.
/// </summary>
public sealed class SchemaDrivenDecoder
{
    private readonly MessageSchema _schema;

    public SchemaDrivenDecoder(MessageSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
    }

    /// <summary>Decodes the message whose header starts at <paramref name="offset"/>.</summary>
    public DecodedMessage Decode(ReadOnlySpan<byte> buffer, int offset, bool indented = true)
    {
        if (offset < 0 || offset > buffer.Length)
        {
            throw new SbeDecodeException($"offset {offset} is outside the buffer of {buffer.Length} bytes");
        }

        var reader = new Reader(buffer, _schema.ByteOrder);
        CompositeType header = _schema.Header;
        reader.Require(offset, header.EncodedLength, "message header");
        ulong blockLength = reader.Unsigned(offset + _schema.HeaderBlockLength.Offset, Primitive(_schema.HeaderBlockLength));
        ulong templateId = reader.Unsigned(offset + _schema.HeaderTemplateId.Offset, Primitive(_schema.HeaderTemplateId));
        ulong schemaId = reader.Unsigned(offset + _schema.HeaderSchemaId.Offset, Primitive(_schema.HeaderSchemaId));
        ulong version = reader.Unsigned(offset + _schema.HeaderVersion.Offset, Primitive(_schema.HeaderVersion));
        if (schemaId != (ulong)_schema.Id)
        {
            throw new SbeDecodeException(
                $"schema id mismatch at offset {offset}: the header says schemaId {schemaId} but schema '{_schema.Package}' has id {_schema.Id}");
        }

        MessageDefinition? message = templateId > int.MaxValue ? null : _schema.FindMessage((int)templateId);
        if (message is null)
        {
            throw new SbeDecodeException(
                $"unknown templateId {templateId} at offset {offset}: schema '{_schema.Package}' (id {_schema.Id}) defines {TemplateList()}");
        }

        int body = offset + header.EncodedLength;
        reader.Require(body, (long)blockLength, $"message {message.Name} block of {blockLength} bytes");
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteNumber("templateId", templateId);
            json.WriteNumber("schemaId", schemaId);
            json.WriteNumber("version", version);
            json.WriteNumber("blockLength", blockLength);
            json.WriteString("name", message.Name);
            json.WritePropertyName("fields");
            int limit = body + (int)blockLength;
            WriteBlock(json, reader, message, body, (int)blockLength, (int)Math.Min(version, int.MaxValue), ref limit);
            json.WriteEndObject();
            json.Flush();
            return new DecodedMessage(Encoding.UTF8.GetString(stream.ToArray()), limit - offset, message.Name);
        }
    }

    private string TemplateList()
    {
        var ids = new StringBuilder();
        foreach (MessageDefinition message in _schema.Messages)
        {
            ids.Append(ids.Length == 0 ? "templates " : ", ").Append(message.Id.ToString(CultureInfo.InvariantCulture));
        }

        return ids.Length == 0 ? "no templates" : ids.ToString();
    }

    private static void WriteBlock(Utf8JsonWriter json, Reader reader, BlockDefinition block, int offset, int actingBlockLength, int actingVersion, ref int limit)
    {
        json.WriteStartObject();
        foreach (FieldDefinition field in block.Fields)
        {
            json.WritePropertyName(field.Name);
            bool absent = !field.IsConstant && (field.SinceVersion > actingVersion || field.Offset + field.EncodedLength > actingBlockLength);
            if (absent)
            {
                json.WriteNullValue();
                continue;
            }

            WriteValue(json, reader, field, offset + field.Offset, actingVersion);
        }

        foreach (GroupDefinition group in block.Groups)
        {
            json.WritePropertyName(group.Name);
            json.WriteStartArray();
            if (group.SinceVersion <= actingVersion)
            {
                int at = limit;
                reader.Require(at, group.Dimension.EncodedLength, $"group '{group.Name}' dimension");
                ulong entryLength = reader.Unsigned(at + group.BlockLengthMember.Offset, group.BlockLengthPrimitive);
                ulong count = reader.Unsigned(at + group.NumInGroupMember.Offset, group.NumInGroupPrimitive);
                long end = at + group.Dimension.EncodedLength + ((long)Math.Min(count, int.MaxValue) * (long)entryLength);
                if (end > reader.Length || count > int.MaxValue)
                {
                    throw new SbeDecodeException(
                        $"group '{group.Name}' at offset {at} declares {count} entries of {entryLength} bytes, ending at {end}, beyond the buffer end {reader.Length}");
                }

                limit = at + group.Dimension.EncodedLength;
                for (ulong i = 0; i < count; i++)
                {
                    int entry = limit;
                    limit = entry + (int)entryLength;
                    WriteBlock(json, reader, group, entry, (int)entryLength, actingVersion, ref limit);
                }
            }

            json.WriteEndArray();
        }

        foreach (VarDataDefinition data in block.VarData)
        {
            json.WritePropertyName(data.Name);
            if (data.SinceVersion > actingVersion)
            {
                json.WriteNullValue();
                continue;
            }

            int at = limit;
            reader.Require(at, data.HeaderLength, $"var data '{data.Name}' length");
            ulong length = reader.Unsigned(at + data.LengthMember.Offset, data.LengthPrimitive);
            reader.Require(at + data.HeaderLength, (long)Math.Min(length, int.MaxValue), $"var data '{data.Name}' of {length} bytes");
            ReadOnlySpan<byte> bytes = reader.Slice(at + data.HeaderLength, (int)length);
            limit = at + data.HeaderLength + (int)length;
            if (data.CharacterEncoding is null)
            {
                json.WriteStringValue(Convert.ToHexString(bytes));
            }
            else
            {
                json.WriteStringValue(TextOf(bytes, data.CharacterEncoding));
            }
        }

        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, Reader reader, FieldDefinition field, int at, int actingVersion)
    {
        switch (field.Type)
        {
            case EncodedType encoded:
                WriteEncoded(json, reader, field, encoded, at);
                return;
            case EnumType enumType:
            {
                EnumValue? constant = field.ConstantEnumValue;
                if (constant is not null)
                {
                    json.WriteStringValue(constant.Name);
                    return;
                }

                reader.Require(at, enumType.EncodedLength, $"field '{field.Name}'");
                ulong raw = reader.Unsigned(at, enumType.Encoding);
                if (raw == enumType.NullValue)
                {
                    json.WriteNullValue();
                    return;
                }

                EnumValue? match = null;
                foreach (EnumValue value in enumType.Values)
                {
                    if (value.Value == raw)
                    {
                        match = value;
                        break;
                    }
                }

                if (match is null)
                {
                    // A value this schema version does not know (a newer sender): show the number, do not guess.
                    WriteNumber(json, enumType.Encoding, raw);
                }
                else
                {
                    json.WriteStringValue(match.Name);
                }

                return;
            }

            case SetType setType:
            {
                reader.Require(at, setType.EncodedLength, $"field '{field.Name}'");
                ulong raw = reader.Unsigned(at, setType.Encoding);
                json.WriteStartArray();
                foreach (SetChoice choice in setType.Choices)
                {
                    if ((raw & (1UL << choice.Bit)) != 0)
                    {
                        json.WriteStringValue(choice.Name);
                    }
                }

                json.WriteEndArray();
                return;
            }

            case CompositeType composite:
            {
                reader.Require(at, composite.EncodedLength, $"field '{field.Name}'");
                json.WriteStartObject();
                foreach (FieldDefinition member in composite.Members)
                {
                    json.WritePropertyName(member.Name);
                    if (!member.IsConstant && member.SinceVersion > actingVersion)
                    {
                        json.WriteNullValue();
                        continue;
                    }

                    WriteValue(json, reader, member, at + member.Offset, actingVersion);
                }

                json.WriteEndObject();
                return;
            }
        }
    }

    private static void WriteEncoded(Utf8JsonWriter json, Reader reader, FieldDefinition field, EncodedType encoded, int at)
    {
        PrimitiveType primitive = encoded.Primitive;
        if (field.IsConstant)
        {
            string constant = encoded.ConstantValue ?? string.Empty;
            if (primitive == PrimitiveType.Char)
            {
                json.WriteStringValue(constant);
            }
            else
            {
                PrimitiveTypes.TryParseValue(primitive, constant, out ulong raw);
                WriteNumber(json, primitive, raw);
            }

            return;
        }

        int size = PrimitiveTypes.Size(primitive);
        reader.Require(at, (long)size * encoded.Length, $"field '{field.Name}'");
        if (primitive == PrimitiveType.Char && encoded.Length != 1)
        {
            ReadOnlySpan<byte> chars = reader.Slice(at, encoded.Length);
            int end = chars.IndexOf((byte)0);
            ReadOnlySpan<byte> text = end < 0 ? chars : chars[..end];
            if (text.IsEmpty && field.Presence == Presence.Optional)
            {
                json.WriteNullValue();
                return;
            }

            json.WriteStringValue(TextOf(text, encoded.CharacterEncoding ?? "US-ASCII"));
            return;
        }

        if (encoded.Length != 1)
        {
            json.WriteStartArray();
            for (int i = 0; i < encoded.Length; i++)
            {
                WriteScalar(json, reader, field, encoded, at + (i * size));
            }

            json.WriteEndArray();
            return;
        }

        WriteScalar(json, reader, field, encoded, at);
    }

    private static void WriteScalar(Utf8JsonWriter json, Reader reader, FieldDefinition field, EncodedType encoded, int at)
    {
        PrimitiveType primitive = encoded.Primitive;
        ulong raw = reader.Unsigned(at, primitive);
        bool isNull = PrimitiveTypes.IsFloatingPoint(primitive)
            ? IsNaN(primitive, raw)
            : raw == encoded.NullValue;
        if (isNull && (field.Presence == Presence.Optional || PrimitiveTypes.IsFloatingPoint(primitive)))
        {
            json.WriteNullValue();
            return;
        }

        if (primitive == PrimitiveType.Char)
        {
            json.WriteStringValue(((char)raw).ToString());
            return;
        }

        WriteNumber(json, primitive, raw);
    }

    private static bool IsNaN(PrimitiveType primitive, ulong raw) => primitive == PrimitiveType.Float
        ? !float.IsFinite(PrimitiveTypes.BitsToFloat(raw))
        : !double.IsFinite(PrimitiveTypes.BitsToDouble(raw));

    private static void WriteNumber(Utf8JsonWriter json, PrimitiveType primitive, ulong raw)
    {
        switch (primitive)
        {
            case PrimitiveType.Float:
                float f = PrimitiveTypes.BitsToFloat(raw);
                if (float.IsFinite(f))
                {
                    json.WriteNumberValue(f);
                }
                else
                {
                    json.WriteNullValue();
                }

                return;
            case PrimitiveType.Double:
                double d = PrimitiveTypes.BitsToDouble(raw);
                if (double.IsFinite(d))
                {
                    json.WriteNumberValue(d);
                }
                else
                {
                    json.WriteNullValue();
                }

                return;
            default:
                if (PrimitiveTypes.IsSigned(primitive))
                {
                    json.WriteNumberValue(PrimitiveTypes.ToSigned(primitive, raw));
                }
                else
                {
                    json.WriteNumberValue(raw);
                }

                return;
        }
    }

    private static string TextOf(ReadOnlySpan<byte> bytes, string characterEncoding)
    {
        string normalized = characterEncoding.Replace("-", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        Encoding encoding = normalized switch
        {
            "ASCII" or "USASCII" => Encoding.ASCII,
            "ISO88591" or "LATIN1" => Encoding.Latin1,
            _ => Encoding.UTF8,
        };
        return encoding.GetString(bytes);
    }

    private static PrimitiveType Primitive(FieldDefinition member) => ((EncodedType)member.Type).Primitive;

    /// <summary>Bounds-checked reads in the schema's byte order.</summary>
    private readonly ref struct Reader
    {
        private readonly ReadOnlySpan<byte> _buffer;
        private readonly bool _bigEndian;

        public Reader(ReadOnlySpan<byte> buffer, ByteOrder byteOrder)
        {
            _buffer = buffer;
            _bigEndian = byteOrder == ByteOrder.BigEndian;
        }

        public int Length => _buffer.Length;

        public void Require(int offset, long length, string what)
        {
            if (offset < 0 || length < 0 || offset + length > _buffer.Length)
            {
                ThrowTruncated(offset, length, what, _buffer.Length);
            }
        }

        public ReadOnlySpan<byte> Slice(int offset, int length) => _buffer.Slice(offset, length);

        /// <summary>The raw bits of one primitive (caller has checked the bounds).</summary>
        public ulong Unsigned(int offset, PrimitiveType primitive)
        {
            ReadOnlySpan<byte> at = _buffer[offset..];
            return PrimitiveTypes.Size(primitive) switch
            {
                1 => at[0],
                2 => _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(at) : BinaryPrimitives.ReadUInt16LittleEndian(at),
                4 => _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(at) : BinaryPrimitives.ReadUInt32LittleEndian(at),
                _ => _bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(at) : BinaryPrimitives.ReadUInt64LittleEndian(at),
            };
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void ThrowTruncated(int offset, long length, string what, int available) =>
            throw new SbeDecodeException($"truncated buffer: {what} at offset {offset} needs {length} bytes but the buffer ends at {available}");
    }
}
