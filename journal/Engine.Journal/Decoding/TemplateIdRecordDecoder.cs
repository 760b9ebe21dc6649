using System.Globalization;
using System.Text.Json;

namespace Engine.Journal.Decoding;

/// <summary>
/// The decoder used until the SBE schema decoder is plugged in: names are <c>template-&lt;id&gt;</c>, and
/// <c>template-17</c> or <c>17</c> resolve back to 17; no payload is decoded to JSON.
/// </summary>
public sealed class TemplateIdRecordDecoder : IRecordDecoder
{
    public const string Prefix = "template-";

    public static TemplateIdRecordDecoder Instance { get; } = new();

    public string NameOf(int templateId) => Prefix + templateId.ToString(CultureInfo.InvariantCulture);

    public bool TryResolveTemplateId(string name, out int templateId)
    {
        ArgumentNullException.ThrowIfNull(name);
        ReadOnlySpan<char> digits = name.StartsWith(Prefix, StringComparison.Ordinal) ? name.AsSpan(Prefix.Length) : name.AsSpan();
        return int.TryParse(digits, NumberStyles.Integer, CultureInfo.InvariantCulture, out templateId);
    }

    public bool TryWriteJson(int templateId, ReadOnlySpan<byte> payload, Utf8JsonWriter writer) => false;
}
