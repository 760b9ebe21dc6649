using System.Globalization;
using System.Text.Json;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// Reading Binance's REST answers on the adapter's REST thread: errors, order states, trades, balances, the server
/// time. These are the rare paths (answers to orders carry only ids: fills and states come from the user data stream),
/// so a <see cref="JsonDocument"/> is fine here. Numbers are read from their decimal strings exactly, never through a
/// double; a field that is missing or wrong throws <see cref="FormatException"/> naming it.
/// </summary>
internal static class BinanceRestJson
{
    /// <summary><c>{"code": -2010, "msg": "..."}</c>; false when the body is not that.</summary>
    public static bool TryReadError(ReadOnlySpan<byte> body, out int code, out string message)
    {
        code = 0;
        message = string.Empty;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("code", out JsonElement c) && c.TryGetInt32(out code)
                && document.RootElement.TryGetProperty("msg", out JsonElement m) && m.ValueKind == JsonValueKind.String)
            {
                message = m.GetString()!;
                return true;
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    public static JsonDocument Parse(ReadOnlySpan<byte> body, string what)
    {
        try
        {
            return JsonDocument.Parse(body.ToArray());
        }
        catch (JsonException)
        {
            throw new FormatException($"{what}: the answer is not JSON ({body.Length} bytes)");
        }
    }

    public static long Long(JsonElement element, string field)
    {
        if (element.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number))
        {
            return number;
        }

        throw new FormatException($"field \"{field}\" is missing or not an integer");
    }

    public static string Text(JsonElement element, string field)
    {
        if (element.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        throw new FormatException($"field \"{field}\" is missing or not a string");
    }

    public static bool Flag(JsonElement element, string field) =>
        element.TryGetProperty(field, out JsonElement value) && value.ValueKind == JsonValueKind.True;

    public static decimal Decimal(JsonElement element, string field)
    {
        string text = Text(element, field);
        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out decimal value)
            ? value
            : throw new FormatException($"field \"{field}\" is not a decimal");
    }

    /// <summary>A decimal string as units at <paramref name="scale"/>; more decimals than the scale that are not zeros is an error.</summary>
    public static long Units(JsonElement element, string field, int scale)
    {
        decimal value = Decimal(element, field);
        decimal scaled = value * Pow10(scale);
        if (scaled != decimal.Truncate(scaled))
        {
            throw new FormatException($"field \"{field}\" has more decimals than the listing's scale {scale}");
        }

        return (long)scaled;
    }

    public static decimal Pow10(int scale)
    {
        decimal value = 1m;
        for (int i = 0; i < scale; i++)
        {
            value *= 10m;
        }

        return value;
    }

    /// <summary>The engine's order id in a Binance client id, when it is the prefix followed by digits only.</summary>
    public static bool TryEngineId(string clientOrderId, string prefix, out ulong id)
    {
        id = 0;
        return clientOrderId.Length > prefix.Length
            && clientOrderId.StartsWith(prefix, StringComparison.Ordinal)
            && clientOrderId.AsSpan(prefix.Length).IndexOfAnyExceptInRange('0', '9') < 0
            && ulong.TryParse(clientOrderId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }

    /// <summary>Binance's order status after a query, as the adapter acts on it.</summary>
    /// <summary>When Binance did it: spot's <c>transactTime</c>, USD-M's <c>updateTime</c> (its order answers have no transactTime).</summary>
    public static long TransactionTime(JsonElement element) =>
        element.TryGetProperty("transactTime", out _) ? Long(element, "transactTime") : Long(element, "updateTime");

    public static bool IsTerminal(string status) => status is "CANCELED" or "EXPIRED" or "EXPIRED_IN_MATCH" or "REJECTED" or "FILLED";

    public static ResultCode RejectReasonOf(string status) => status == "REJECTED" ? ResultCode.VenueRejected : ResultCode.Ok;
}
