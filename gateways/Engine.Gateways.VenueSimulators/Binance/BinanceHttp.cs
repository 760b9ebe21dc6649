using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>What every simulated Binance endpoint does the same way: read the raw query and body, check the API key header, write a JSON answer.</summary>
internal static class BinanceHttp
{
    /// <summary>The query string (without '?') and the body, as sent: the signature covers them byte for byte.</summary>
    public static async Task<(string Query, string Body)> ReadAsync(HttpContext context)
    {
        string query = context.Request.QueryString.HasValue ? context.Request.QueryString.Value![1..] : string.Empty;
        string body = string.Empty;
        if (context.Request.HasFormContentType || context.Request.ContentLength > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        return (query, body);
    }

    /// <summary>The <c>X-MBX-APIKEY</c> check: -2014 when missing or malformed, -2015 when not the account's (compared in constant time).</summary>
    public static BinanceError? CheckApiKey(string? header, string expected)
    {
        if (string.IsNullOrEmpty(header) || !header.All(char.IsAsciiLetterOrDigit))
        {
            return BinanceError.BadApiKeyFormat;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(header), Encoding.ASCII.GetBytes(expected))
            ? null
            : BinanceError.RejectedApiKey;
    }

    /// <summary>Writes the answer with a Content-Length (not chunked), as one buffer.</summary>
    public static async Task WriteAsync(HttpContext context, int status, JsonNode answer)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json;charset=UTF-8";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }
}
