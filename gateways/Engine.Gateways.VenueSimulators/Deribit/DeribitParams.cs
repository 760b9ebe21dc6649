using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// A request's named parameters: the JSON-RPC <c>params</c> object (WebSocket, HTTP POST) or the query string (HTTP
/// GET, every value a string). Numbers and booleans are read from either form; a value of the wrong kind is
/// Deribit's -32602 "Invalid params" naming the parameter.
/// </summary>
public sealed class DeribitParams
{
    private readonly JsonObject _values;

    public DeribitParams(JsonObject values) => _values = values;

    public static DeribitParams Empty => new(new JsonObject());

    /// <summary>The first error of several parameter reads (every read runs, so every out value is assigned), or null.</summary>
    public static DeribitError? FirstError(params ReadOnlySpan<DeribitError?> errors)
    {
        foreach (DeribitError? error in errors)
        {
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    public bool Has(string name) => _values[name] is not null;

    public JsonNode? this[string name] => _values[name];

    /// <summary>A string parameter (a number is given as its text); null when absent.</summary>
    public string? String(string name) => _values[name] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };

    public DeribitError? RequiredString(string name, out string value)
    {
        value = String(name) ?? string.Empty;
        return value.Length == 0 ? DeribitError.InvalidParams(name, "must be provided") : null;
    }

    /// <summary>A number, or null when absent; an error when present but not a number.</summary>
    public DeribitError? Decimal(string name, out decimal? value)
    {
        value = null;
        switch (_values[name])
        {
            case null:
                return null;
            case JsonValue number when number.GetValueKind() == JsonValueKind.Number && number.TryGetValue(out decimal parsed):
                value = parsed;
                return null;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String
                && decimal.TryParse(text.GetValue<string>(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out decimal fromText):
                value = fromText;
                return null;
            default:
                return DeribitError.InvalidParams(name, "must be a number");
        }
    }

    /// <summary>A boolean (JSON true/false or the text "true"/"false"); <paramref name="fallback"/> when absent.</summary>
    public DeribitError? Boolean(string name, bool fallback, out bool value)
    {
        value = fallback;
        switch (_values[name])
        {
            case null:
                return null;
            case JsonValue flag when flag.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                value = flag.GetValue<bool>();
                return null;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String && text.GetValue<string>() is "true" or "false":
                value = text.GetValue<string>() == "true";
                return null;
            default:
                return DeribitError.InvalidParams(name, "must be a boolean");
        }
    }

    /// <summary>An integer; <paramref name="fallback"/> when absent.</summary>
    public DeribitError? Integer(string name, long fallback, out long value)
    {
        DeribitError? error = Decimal(name, out decimal? number);
        value = fallback;
        if (error is not null)
        {
            return DeribitError.InvalidParams(name, "must be an integer");
        }

        if (number is decimal given)
        {
            if (given != decimal.Truncate(given) || given < long.MinValue || given > long.MaxValue)
            {
                return DeribitError.InvalidParams(name, "must be an integer");
            }

            value = (long)given;
        }

        return null;
    }

    /// <summary>One of the documented values; <paramref name="fallback"/> when absent.</summary>
    public DeribitError? Enumerated(string name, string[] allowed, string fallback, out string value)
    {
        value = String(name) ?? fallback;
        return Array.IndexOf(allowed, value) < 0
            ? DeribitError.InvalidParams(name, $"must be one of {string.Join(", ", allowed)}")
            : null;
    }

    /// <summary>An array of strings (e.g. <c>channels</c>); an error when absent or not an array of strings.</summary>
    public DeribitError? Strings(string name, out List<string> values)
    {
        values = [];
        if (_values[name] is not JsonArray array)
        {
            return DeribitError.InvalidParams(name, "must be an array of strings");
        }

        foreach (JsonNode? item in array)
        {
            if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                return DeribitError.InvalidParams(name, "must be an array of strings");
            }

            values.Add(value.GetValue<string>());
        }

        return null;
    }
}
