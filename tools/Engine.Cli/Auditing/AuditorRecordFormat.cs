using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Codecs;
using Engine.Journal.Decoding;
using Engine.Journal.Postgres;
using Engine.Journal.Reading;

namespace Engine.Cli.Auditing;

/// <summary>
/// How <c>engine journal dump</c> and <c>export</c> print a record for an auditor (their default; <c>--raw</c> prints
/// the stored integers and hex instead): ISO-8601 UTC times with the clock each is on, the payload decoded by the
/// schema with decimal prices and quantities and names beside ids (<see cref="RecordHumanizer"/>), and for an admin
/// input what the engine did with it (<see cref="AdminOutcomes"/>). A record the schema does not know keeps its payload
/// as hex. One instance per command run; not thread-safe.
/// </summary>
public sealed class AuditorRecordFormat
{
    public const string CsvHeader = "seq,template_id,name,engine_time,engine_clock,exchange_time,exchange_clock,payload_length,crc32c,result,fields";

    private static readonly JsonSerializerOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly IRecordDecoder _decoder;
    private readonly RecordHumanizer? _humanizer;
    private readonly JournalReference _reference;
    private readonly RecordClocks _clocks;
    private readonly AdminOutcomes _outcomes;
    private readonly bool _engineJournal;

    /// <param name="engineJournal">The journal's segment header names the engine's schema: its 3xx records are admin inputs.</param>
    public AuditorRecordFormat(IRecordDecoder decoder, JournalReference reference, AdminOutcomes outcomes, bool engineJournal)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(outcomes);
        _decoder = decoder;
        _reference = reference;
        _outcomes = outcomes;
        _engineJournal = engineJournal;
        _clocks = new RecordClocks(reference.Origin);
        _humanizer = decoder is SbeRecordDecoder sbe ? new RecordHumanizer(sbe, reference) : null;
    }

    /// <summary>Comment lines a text dump starts with: the clocks, and where names and scales come from.</summary>
    public IEnumerable<string> TextPreamble()
    {
        yield return "# engine_time: " + _clocks.EngineTime;
        yield return "# exchange_time: " + _clocks.ExchangeTime + "; none for inputs that are not market data";
        yield return _reference.ConfigFile is { } config
            ? "# names and scales: " + config
            : "# names and scales: unknown: " + _reference.Unknown;
        yield return "# payload times: exchangeTime, fundingTime: " + _clocks.OfField("exchangeTime") + "; gatewayReceiveTime, triggerTime: " +
            _clocks.OfField("gatewayReceiveTime") + "; sendingTime: " + _clocks.OfField("sendingTime") + "; requestTime: " + _clocks.OfField("requestTime") +
            "; time, detectedTime, postedTime: " + _clocks.OfField("time");
        yield return "# times: ISO-8601 UTC; prices and quantities: decimals at the listing's scales; amounts at the ledger scale";
    }

    public string Text(in JournalRecord record)
    {
        var line = new StringBuilder();
        line.Append(record.Sequence.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(_decoder.NameOf(record.TemplateId));
        line.Append(" engine_time=").Append(AuditTime.Iso(record.EngineTime));
        line.Append(" exchange_time=").Append(record.ExchangeTime == 0 ? "none" : AuditTime.Iso(record.ExchangeTime));
        JsonObject? fields = _humanizer?.Fields(record.TemplateId, record.Payload);
        if (fields is null)
        {
            line.Append(" payload=").Append(Convert.ToHexStringLower(record.Payload));
        }
        else
        {
            foreach (KeyValuePair<string, JsonNode?> field in fields)
            {
                line.Append(' ').Append(field.Key).Append('=');
                AppendText(line, field.Value);
            }
        }

        if (Outcome(record) is { } outcome)
        {
            line.Append(" result=").Append(outcome);
        }

        return line.ToString();
    }

    public string Json(in JournalRecord record) => JsonObjectOf(record).ToJsonString(s_compact);

    public string Csv(in JournalRecord record)
    {
        JsonObject? fields = _humanizer?.Fields(record.TemplateId, record.Payload);
        string[] columns =
        [
            record.Sequence.ToString(CultureInfo.InvariantCulture),
            record.TemplateId.ToString(CultureInfo.InvariantCulture),
            _decoder.NameOf(record.TemplateId),
            AuditTime.Iso(record.EngineTime),
            _clocks.EngineTime,
            record.ExchangeTime == 0 ? string.Empty : AuditTime.Iso(record.ExchangeTime),
            record.ExchangeTime == 0 ? string.Empty : _clocks.ExchangeTime,
            record.Payload.Length.ToString(CultureInfo.InvariantCulture),
            record.Checksum.ToString("x8", CultureInfo.InvariantCulture),
            Outcome(record) ?? string.Empty,
            fields?.ToJsonString(s_compact) ?? "payload " + Convert.ToHexStringLower(record.Payload),
        ];
        var row = new StringBuilder();
        foreach (string column in columns)
        {
            if (row.Length > 0)
            {
                row.Append(',');
            }

            row.Append(CsvField(column));
        }

        return row.ToString();
    }

    private JsonObject JsonObjectOf(in JournalRecord record)
    {
        var result = new JsonObject
        {
            ["seq"] = record.Sequence,
            ["templateId"] = record.TemplateId,
            ["name"] = _decoder.NameOf(record.TemplateId),
            ["engineTime"] = AuditTime.Iso(record.EngineTime),
            ["exchangeTime"] = record.ExchangeTime == 0 ? null : AuditTime.Iso(record.ExchangeTime),
        };
        var clocks = new JsonObject { ["engineTime"] = _clocks.EngineTime };
        if (record.ExchangeTime != 0)
        {
            clocks["exchangeTime"] = _clocks.ExchangeTime;
        }

        JsonObject? fields = _humanizer?.Fields(record.TemplateId, record.Payload);
        if (fields is not null)
        {
            foreach (KeyValuePair<string, JsonNode?> field in fields)
            {
                if (field.Value is not null && _clocks.OfField(field.Key) is { } clock)
                {
                    clocks["fields." + field.Key] = clock;
                }
            }
        }

        result["clocks"] = clocks;
        result["length"] = record.Payload.Length;
        result["crc32c"] = record.Checksum.ToString("x8", CultureInfo.InvariantCulture);
        if (fields is null)
        {
            result["payload"] = Convert.ToHexStringLower(record.Payload);
            result["fields"] = null;
        }
        else
        {
            result["fields"] = fields;
        }

        if (IsAdminInput(record.TemplateId))
        {
            result["result"] = _outcomes.TryGet(record.Sequence, out AdminOutcome? outcome)
                ? new JsonObject
                {
                    ["applied"] = outcome.Applied,
                    ["affectedOrders"] = outcome.Affected,
                    ["resultCode"] = outcome.Result is { } code ? (int)(ushort)code : null,
                    ["result"] = outcome.Result?.ToString(),
                    ["reason"] = outcome.Applied ? null : outcome.Reason,
                }
                : new JsonObject { ["unknown"] = UnknownOutcome() };
        }

        return result;
    }

    /// <summary>"applied", "refused: why", or why it is unknown; null for a record that is not an admin input.</summary>
    private string? Outcome(in JournalRecord record)
    {
        if (!IsAdminInput(record.TemplateId))
        {
            return null;
        }

        if (!_outcomes.TryGet(record.Sequence, out AdminOutcome? outcome))
        {
            return UnknownOutcome();
        }

        string affected = outcome.Affected > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({outcome.Affected} orders canceled)") : string.Empty;
        return outcome.Applied
            ? "applied" + affected
            : string.Create(CultureInfo.InvariantCulture, $"refused {outcome.Result} ({(ushort)outcome.Result!.Value}): {outcome.Reason}{affected}");
    }

    private bool IsAdminInput(int templateId) => _engineJournal && MessageCatalog.IsAdmin(templateId);

    private string UnknownOutcome() =>
        _outcomes.Unknown ?? "unknown: the replay published no AdminResult for it (a replay stops at a torn tail)";

    private static void AppendText(StringBuilder line, JsonNode? node)
    {
        switch (node)
        {
            case null:
                line.Append("null");
                break;
            case JsonObject obj:
                line.Append('{');
                bool first = true;
                foreach (KeyValuePair<string, JsonNode?> member in obj)
                {
                    line.Append(first ? string.Empty : " ").Append(member.Key).Append('=');
                    AppendText(line, member.Value);
                    first = false;
                }

                line.Append('}');
                break;
            case JsonArray array:
                line.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    line.Append(i == 0 ? string.Empty : " ");
                    AppendText(line, array[i]);
                }

                line.Append(']');
                break;
            default:
                string text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
                line.Append(text.Length == 0 || text.AsSpan().IndexOfAny(" \"=[]{}") >= 0 ? node.ToJsonString(s_compact) : text);
                break;
        }
    }

    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
