using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// The parameters of one request as text, whether they came as a JSON body object (POST: OKX sends strings, and
/// booleans for flags such as <c>reduceOnly</c>) or as a query string (GET).
/// </summary>
public sealed class OkxArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private OkxArgs()
    {
    }

    /// <summary>A parameter's text; null when absent or empty (OKX treats "" as not given).</summary>
    public string? this[string name] => _values.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;

    public static OkxArgs FromQuery(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var args = new OkxArgs();
        foreach ((string key, Microsoft.Extensions.Primitives.StringValues value) in query)
        {
            args._values[key] = value.ToString();
        }

        return args;
    }

    /// <summary>The members of one JSON object; null when a member is neither a string, a number nor a boolean.</summary>
    public static OkxArgs? FromObject(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var args = new OkxArgs();
        foreach ((string key, JsonNode? node) in body)
        {
            if (node is null)
            {
                continue;
            }

            if (node is not JsonValue value)
            {
                if (node is JsonArray)
                {
                    // attachAlgoOrds and the like: not simulated, so not read.
                    continue;
                }

                return null;
            }

            args._values[key] = value.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => value.ToJsonString(),
                _ => string.Empty,
            };
        }

        return args;
    }

    /// <summary>A positive decimal parameter; false when it is not one.</summary>
    public bool TryDecimal(string name, out decimal value) =>
        decimal.TryParse(this[name], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && value > 0m;
}
