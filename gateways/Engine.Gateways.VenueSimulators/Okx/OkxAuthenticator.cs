using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// OKX's request signing as documented: <c>OK-ACCESS-SIGN</c> is the Base64 of HMAC-SHA256(secret, timestamp + method
/// + requestPath (with its query string) + body), <c>OK-ACCESS-TIMESTAMP</c> an ISO 8601 UTC time with milliseconds
/// within 30 seconds of the server's clock, <c>OK-ACCESS-KEY</c> and <c>OK-ACCESS-PASSPHRASE</c> the account's. The
/// WebSocket login signs timestamp (Unix seconds) + <c>GET</c> + <c>/users/self/verify</c> the same way.
/// </summary>
public sealed class OkxAuthenticator
{
    private readonly OkxSimulatorOptions _options;

    public OkxAuthenticator(OkxSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>The Base64 signature of <paramref name="prehash"/> with the account's secret.</summary>
    public string Sign(string prehash) => Convert.ToBase64String(HMACSHA256.HashData(_options.Secret, Encoding.UTF8.GetBytes(prehash)));

    /// <summary>Checks a REST request's four headers; null when they are the account's and the signature matches.</summary>
    public OkxError? Check(string? key, string? sign, string? timestamp, string? passphrase, string method, string pathAndQuery, string body, long nowMillis)
    {
        if (string.IsNullOrEmpty(key))
        {
            return OkxError.KeyEmpty;
        }

        if (string.IsNullOrEmpty(passphrase))
        {
            return OkxError.PassphraseEmpty;
        }

        if (string.IsNullOrEmpty(sign))
        {
            return OkxError.SignEmpty;
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            return OkxError.TimestampEmpty;
        }

        if (!DateTimeOffset.TryParseExact(timestamp, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset time))
        {
            return OkxError.InvalidTimestamp;
        }

        if (Math.Abs(nowMillis - time.ToUnixTimeMilliseconds()) > _options.TimestampToleranceMillis)
        {
            return OkxError.TimestampExpired;
        }

        if (!Same(key, _options.ApiKey))
        {
            return OkxError.InvalidKey;
        }

        if (!Same(passphrase, _options.Passphrase))
        {
            return OkxError.PassphraseIncorrect;
        }

        return Same(sign, Sign(timestamp + method + pathAndQuery + body)) ? null : OkxError.InvalidSignature;
    }

    /// <summary>Checks a WebSocket login's arguments; null, or the code and message of the documented WebSocket error.</summary>
    public (string Code, string Message)? CheckLogin(string? key, string? passphrase, string? timestamp, string? sign, long nowMillis)
    {
        if (string.IsNullOrEmpty(key) || string.IsNullOrEmpty(passphrase) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(sign))
        {
            return ("60009", "Login failure");
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            && !(decimal.TryParse(timestamp, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal fractional) && (seconds = (long)fractional) > 0))
        {
            return ("60004", "Invalid timestamp");
        }

        // The login expires 30 seconds after its timestamp.
        if (Math.Abs(nowMillis - (seconds * 1000)) > _options.TimestampToleranceMillis)
        {
            return ("60006", "Timestamp request expired");
        }

        if (!Same(key, _options.ApiKey))
        {
            return ("60005", "Invalid apiKey");
        }

        if (!Same(passphrase, _options.Passphrase))
        {
            return ("60024", "Wrong passphrase");
        }

        return Same(sign, Sign(timestamp + "GET/users/self/verify")) ? null : ("60007", "Invalid sign");
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));
}
