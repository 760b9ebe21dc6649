using System.Text.Json;

namespace Engine.Journal.Decoding;

/// <summary>
/// Turns a record's SBE payload into a name and JSON for auditors (the <c>dump --json</c> output, the PostgreSQL
/// <c>events.name</c> and <c>events.decoded</c> columns). The journal itself never decodes: the schema-driven
/// decoder of Engine.Sbe implements this, and <see cref="TemplateIdRecordDecoder"/> stands in until it is plugged in.
/// Implementations are stateless or thread-safe.
/// </summary>
public interface IRecordDecoder
{
    /// <summary>The message name of a template id (e.g. "NewOrder"), or a stable placeholder when unknown.</summary>
    string NameOf(int templateId);

    /// <summary>The template id of a message name (for <c>dump --type NAME</c>); false when unknown.</summary>
    bool TryResolveTemplateId(string name, out int templateId);

    /// <summary>
    /// Writes the payload's fields as one JSON object. Returns false, writing nothing, when the template is unknown
    /// to the decoder; throws <see cref="InvalidDataException"/> when the payload does not decode.
    /// </summary>
    bool TryWriteJson(int templateId, ReadOnlySpan<byte> payload, Utf8JsonWriter writer);
}
