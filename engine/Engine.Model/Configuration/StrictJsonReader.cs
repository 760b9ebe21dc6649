using System.Globalization;
using System.Text.Json;
using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// The strict JSON reading every engine config shares: unknown and duplicate keys, missing keys, wrong types,
/// out-of-range integers and inexact decimals are errors of the form <c>source: $.path.key: what is wrong</c>, thrown
/// as the config's own exception type (<paramref name="createException"/>). Used while loading, never on a hot path.
/// </summary>
public sealed class StrictJsonReader(string sourceName, Func<string, Exception> createException)
{
    public string SourceName => sourceName;

    /// <summary>The config's own exception type, with the message <c>source: path: message</c>.</summary>
    public Exception Error(string path, string message) => createException($"{sourceName}: {path}: {message}");

    public void RequireObject(JsonElement element, string path, string[] allowedKeys)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, $"expected an object, found {Describe(element.ValueKind)}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (Array.IndexOf(allowedKeys, property.Name) < 0)
            {
                throw Error($"{path}.{property.Name}", $"unknown key (allowed: {string.Join(", ", allowedKeys)})");
            }

            if (!seen.Add(property.Name))
            {
                throw Error($"{path}.{property.Name}", "duplicate key");
            }
        }
    }

    public JsonElement RequireArray(JsonElement parent, string path, string key)
    {
        JsonElement value = Require(parent, path, key);
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Error($"{path}.{key}", $"expected an array, found {Describe(value.ValueKind)}");
        }

        return value;
    }

    public string RequireString(JsonElement parent, string path, string key)
    {
        JsonElement value = Require(parent, path, key);
        if (value.ValueKind != JsonValueKind.String)
        {
            throw Error($"{path}.{key}", $"expected a string, found {Describe(value.ValueKind)}");
        }

        return value.GetString()!;
    }

    /// <summary>A non-empty string of printable ASCII without spaces (codes, symbols, assets).</summary>
    public string RequireName(JsonElement parent, string path, string key)
    {
        string text = RequireString(parent, path, key);
        if (text.Length == 0)
        {
            throw Error($"{path}.{key}", "must not be empty");
        }

        foreach (char c in text)
        {
            if (c <= ' ' || c > '~')
            {
                throw Error($"{path}.{key}", $"'{text}' contains a space or a non-ASCII character");
            }
        }

        return text;
    }

    public bool OptionalBool(JsonElement parent, string path, string key)
    {
        if (!parent.TryGetProperty(key, out JsonElement value))
        {
            return false;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{path}.{key}", $"expected true or false, found {Describe(value.ValueKind)}"),
        };
    }

    public int RequireInt(JsonElement parent, string path, string key, int min, int max)
    {
        JsonElement value = Require(parent, path, key);
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out int result) || result < min || result > max)
        {
            throw Error($"{path}.{key}", $"expected an integer in {min.ToString(CultureInfo.InvariantCulture)}..{max.ToString(CultureInfo.InvariantCulture)}, found {value.GetRawText()}");
        }

        return result;
    }

    public long RequireDecimal(JsonElement parent, string path, string key, int scale, bool positive)
    {
        string text = RequireString(parent, path, key);
        FixedPointParseStatus status = FixedPointMath.TryParse(text, scale, out long units);
        if (status != FixedPointParseStatus.Ok)
        {
            throw Error($"{path}.{key}", $"'{text}': {FixedPointMath.Describe(status, scale)}");
        }

        if (positive ? units <= 0 : units < 0)
        {
            throw Error($"{path}.{key}", $"'{text}' must be {(positive ? "positive" : "zero or positive")}");
        }

        return units;
    }

    public TEnum RequireEnum<TEnum>(JsonElement parent, string path, string key)
        where TEnum : struct, Enum
    {
        string text = RequireString(parent, path, key);
        foreach (TEnum candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(candidate.ToString(), text, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw Error($"{path}.{key}", $"'{text}' is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");
    }

    public JsonElement Require(JsonElement parent, string path, string key)
    {
        if (!parent.TryGetProperty(key, out JsonElement value))
        {
            throw Error(path, $"missing key '{key}'");
        }

        return value;
    }

    /// <summary>A JSON kind in words ("a string", "an array"), for error messages.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
