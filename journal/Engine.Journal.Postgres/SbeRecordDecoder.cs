using System.Globalization;
using System.Text.Json;
using Engine.Journal.Decoding;
using Engine.Sbe.Decoding;
using Engine.Sbe.Schema;

namespace Engine.Journal.Postgres;

/// <summary>
/// Names and decodes journal payloads with the schema-driven SBE decoder (no generated code): message names from
/// the schema, fields as JSON. A record whose template the schema does not define is reported as undecoded
/// (named <c>template-&lt;id&gt;</c>); a payload that does not decode, or whose SBE header disagrees with the
/// record's template id, is an <see cref="InvalidDataException"/>. Stateless and thread-safe.
/// </summary>
public sealed class SbeRecordDecoder : IRecordDecoder
{
    private readonly MessageSchema _schema;
    private readonly SchemaDrivenDecoder _decoder;

    public SbeRecordDecoder(MessageSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        _schema = schema;
        _decoder = new SchemaDrivenDecoder(schema);
    }

    /// <summary>The schema the payloads are decoded with (the auditor's tools read field types from it).</summary>
    public MessageSchema Schema => _schema;

    public string NameOf(int templateId) => _schema.FindMessage(templateId)?.Name ?? TemplateIdRecordDecoder.Instance.NameOf(templateId);

    public bool TryResolveTemplateId(string name, out int templateId)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (MessageDefinition message in _schema.Messages)
        {
            if (string.Equals(message.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                templateId = message.Id;
                return true;
            }
        }

        return TemplateIdRecordDecoder.Instance.TryResolveTemplateId(name, out templateId);
    }

    public bool TryWriteJson(int templateId, ReadOnlySpan<byte> payload, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_schema.FindMessage(templateId) is null)
        {
            return false;
        }

        DecodedMessage decoded;
        try
        {
            decoded = _decoder.Decode(payload, 0, indented: false);
        }
        catch (SbeDecodeException e)
        {
            throw new InvalidDataException(e.Message, e);
        }

        if (!string.Equals(decoded.Name, NameOf(templateId), StringComparison.Ordinal))
        {
            throw new InvalidDataException(string.Create(
                CultureInfo.InvariantCulture, $"the record says template {templateId} ({NameOf(templateId)}) but its SBE header holds a {decoded.Name}"));
        }

        writer.WriteRawValue(decoded.Json, skipInputValidation: true);
        return true;
    }
}
