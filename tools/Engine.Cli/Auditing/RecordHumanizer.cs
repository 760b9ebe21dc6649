using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Journal.Postgres;
using Engine.Sbe.Schema;

namespace Engine.Cli.Auditing;

/// <summary>
/// Turns a record's decoded SBE fields into what an auditor reads: prices and quantities as exact decimals at the
/// scales of the message's listing (its venueId and instrumentId; an InstrumentDefinition's own exponents), amounts
/// at the ledger scale, self-describing decimals as decimals, times as ISO-8601 UTC, durations in seconds, and next to
/// each venue, instrument, asset and account id its name. The field types come from the schema (Price, Quantity,
/// Amount, Timestamp, InstrumentId, ...), never from field names. A number whose scale cannot be known stays its
/// mantissa, with the reason beside it; a name that cannot be known is the reason. One instance per command run; not
/// thread-safe (it reuses its JSON buffer).
/// </summary>
public sealed class RecordHumanizer
{
    private readonly SbeRecordDecoder _decoder;
    private readonly JournalReference _reference;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private readonly Utf8JsonWriter _writer;

    public RecordHumanizer(SbeRecordDecoder decoder, JournalReference reference)
    {
        _decoder = decoder;
        _reference = reference;
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>The human fields of the payload, or null when the schema does not know the template.</summary>
    public JsonObject? Fields(int templateId, ReadOnlySpan<byte> payload)
    {
        MessageDefinition? message = _decoder.Schema.FindMessage(templateId);
        if (message is null)
        {
            return null;
        }

        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        if (!_decoder.TryWriteJson(templateId, payload, _writer))
        {
            return null;
        }

        _writer.Flush();
        JsonObject decoded = JsonNode.Parse(_buffer.WrittenSpan)!.AsObject();
        JsonObject fields = decoded["fields"]!.AsObject();
        return Block(fields, message, ScalesOf(fields));
    }

    /// <summary>The scales of the message's prices and quantities, or why they are unknown.</summary>
    private Scales ScalesOf(JsonObject fields)
    {
        if (fields["priceExponent"] is JsonValue priceExponent && fields["quantityExponent"] is JsonValue quantityExponent)
        {
            return new Scales(-priceExponent.GetValue<int>(), -quantityExponent.GetValue<int>(), null);
        }

        long? venue = Number(fields["venueId"]);
        long? instrument = Number(fields["instrumentId"]);
        if (venue is null || instrument is null)
        {
            return new Scales(0, 0, _reference.Unknown ?? "the message names no venue and instrument (a message of schema version 0-1)");
        }

        return _reference.TryScales(venue.Value, instrument.Value, out int price, out int quantity, out string why)
            ? new Scales(price, quantity, null)
            : new Scales(0, 0, why);
    }

    private JsonObject Block(JsonObject source, BlockDefinition block, Scales scales)
    {
        var result = new JsonObject();
        foreach (FieldDefinition field in block.Fields)
        {
            JsonNode? value = source[field.Name];
            switch (field.Type.Name)
            {
                case "Price" or "PriceOptional":
                    result[field.Name] = Scaled(value, scales.Price, scales.Unknown);
                    break;
                case "Quantity":
                    result[field.Name] = Scaled(value, scales.Quantity, scales.Unknown);
                    break;
                case "Amount":
                    result[field.Name] = Scaled(value, _reference.LedgerScale, _reference.Unknown);
                    break;
                case "Decimal64":
                    result[field.Name] = SelfDescribing(value);
                    break;
                case "Timestamp" or "TimestampOptional":
                    result[field.Name] = Number(value) is long time and not 0 ? AuditTime.Iso(time) : null;
                    break;
                case "DurationNanos":
                    result[field.Name] = Number(value) is long nanos ? LedgerAmounts.Format(nanos, 9) + " s" : null;
                    break;
                case "VenueId" or "VenueIdOptional":
                    result[field.Name] = value?.DeepClone();
                    result[Named(field.Name)] = Number(value) is long venue ? Name(_reference.TryVenue(venue, out string code), code) : null;
                    break;
                case "InstrumentId" or "InstrumentIdOptional":
                    result[field.Name] = value?.DeepClone();
                    result[Named(field.Name)] = Number(value) is long instrument and not 0 ? Name(_reference.TryInstrument(instrument, out string symbol), symbol) : null;
                    break;
                case "AssetId":
                    result[field.Name] = value?.DeepClone();
                    result[Named(field.Name)] = Number(value) is long asset ? Name(_reference.TryAsset(asset, out string assetCode), assetCode) : null;
                    break;
                case "AccountId":
                    result[field.Name] = value?.DeepClone();
                    result[Named(field.Name)] = Number(value) is long account and not 0 ? _reference.AccountLabel(account) : null;
                    break;
                default:
                    result[field.Name] = value?.DeepClone();
                    break;
            }
        }

        foreach (GroupDefinition group in block.Groups)
        {
            var entries = new JsonArray();
            foreach (JsonNode? entry in source[group.Name]?.AsArray() ?? [])
            {
                entries.Add(Block(entry!.AsObject(), group, scales));
            }

            result[group.Name] = entries;
        }

        foreach (VarDataDefinition data in block.VarData)
        {
            result[data.Name] = source[data.Name]?.DeepClone();
        }

        return result;
    }

    /// <summary>"instrumentId" names "instrument", "baseAssetId" "baseAsset".</summary>
    private static string Named(string idField) => idField.EndsWith("Id", StringComparison.Ordinal) ? idField[..^2] : idField + "Name";

    private static JsonNode Name(bool known, string nameOrReason) => known ? nameOrReason : "unknown: " + nameOrReason;

    private static JsonNode? Scaled(JsonNode? composite, int scale, string? unknown)
    {
        long? mantissa = Number(composite?["mantissa"]);
        if (mantissa is null)
        {
            return null;
        }

        return unknown is null
            ? LedgerAmounts.Format(mantissa.Value, scale)
            : new JsonObject { ["mantissa"] = mantissa.Value, ["scale"] = "unknown: " + unknown };
    }

    private static JsonNode? SelfDescribing(JsonNode? composite)
    {
        long? mantissa = Number(composite?["mantissa"]);
        long? exponent = Number(composite?["exponent"]);
        if (mantissa is null || exponent is null)
        {
            return null;
        }

        return exponent <= 0
            ? LedgerAmounts.Format(mantissa.Value, (int)-exponent.Value)
            : LedgerAmounts.Format((Int128)mantissa.Value * Int128.Parse("1" + new string('0', (int)exponent.Value), System.Globalization.CultureInfo.InvariantCulture), 0);
    }

    private static long? Number(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            ? value.TryGetValue(out long signed) ? signed : (long)value.GetValue<ulong>()
            : null;

    private readonly record struct Scales(int Price, int Quantity, string? Unknown);
}
