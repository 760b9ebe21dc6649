using System.Security.Cryptography;
using System.Text;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// The parameters of a Binance request and the checks of a SIGNED (TRADE, USER_DATA) endpoint, in Binance's order:
/// the API key header, then the signature (HMAC-SHA256 in hex of <c>totalParams</c> = the query string followed by the
/// body, without the <c>signature</c> parameter), then <c>timestamp</c> against <c>recvWindow</c> (default 5,000 ms,
/// at most 60,000) and the server's clock.
/// </summary>
public sealed class BinanceSignedRequest
{
    private readonly Dictionary<string, string> _parameters;

    private BinanceSignedRequest(Dictionary<string, string> parameters) => _parameters = parameters;

    /// <summary>Parses <paramref name="query"/> (without '?') and a form <paramref name="body"/>; null with an error for a repeated parameter.</summary>
    public static BinanceSignedRequest? Parse(string query, string body, out BinanceError? error)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        error = null;
        foreach (string part in $"{query}&{body}".Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string name = Uri.UnescapeDataString(equals < 0 ? part : part[..equals]);
            string value = equals < 0 ? string.Empty : Uri.UnescapeDataString(part[(equals + 1)..].Replace('+', ' '));
            if (!parameters.TryAdd(name, value))
            {
                error = new BinanceError(400, -1101, $"Duplicate values for parameter '{name}'.");
                return null;
            }
        }

        return new BinanceSignedRequest(parameters);
    }

    public string? this[string name] => _parameters.TryGetValue(name, out string? value) && value.Length > 0 ? value : null;

    public bool Has(string name) => _parameters.ContainsKey(name);

    /// <summary>Checks key, signature and time; null when the request may proceed.</summary>
    public BinanceError? Authenticate(string? apiKeyHeader, string expectedApiKey, byte[] secret, string query, string body, long serverTimeMillis)
    {
        if (BinanceHttp.CheckApiKey(apiKeyHeader, expectedApiKey) is { } keyError)
        {
            return keyError;
        }

        string? signature = this["signature"];
        if (signature is null)
        {
            return BinanceError.Mandatory("signature");
        }

        string signed = WithoutSignature(query) + WithoutSignature(body);
        byte[] expected = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(signed));
        byte[] given;
        try
        {
            given = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            return BinanceError.InvalidSignature;
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return BinanceError.InvalidSignature;
        }

        if (!long.TryParse(this["timestamp"], out long timestamp))
        {
            return BinanceError.Mandatory("timestamp");
        }

        long recvWindow = 5_000;
        if (Has("recvWindow") && (!long.TryParse(this["recvWindow"], out recvWindow) || recvWindow is <= 0 or > 60_000))
        {
            return new BinanceError(400, -1131, "recvWindow must be less than 60000");
        }

        if (timestamp > serverTimeMillis + 1_000)
        {
            return BinanceError.TimestampAhead;
        }

        return serverTimeMillis - timestamp > recvWindow ? BinanceError.TimestampOutsideWindow : null;
    }

    /// <summary>The text with its <c>signature=...</c> parameter (and the '&amp;' joining it) taken out.</summary>
    private static string WithoutSignature(string text)
    {
        string[] parts = text.Split('&');
        return string.Join('&', parts.Where(part => !part.StartsWith("signature=", StringComparison.Ordinal)));
    }
}
