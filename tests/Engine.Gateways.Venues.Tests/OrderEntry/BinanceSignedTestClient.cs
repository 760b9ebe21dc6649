using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// A minimal Binance client written from the "SIGNED endpoint security" section of Binance's documentation, for the
/// simulators' tests of endpoints the adapter's writer has no request for: the parameters form-encoded, then
/// <c>recvWindow</c>, <c>timestamp</c> and the lowercase-hex HMAC-SHA256 of everything before it as <c>signature</c>;
/// in the query string for GET and DELETE, in the body for POST and PUT; the key in <c>X-MBX-APIKEY</c>.
/// </summary>
internal sealed class BinanceSignedTestClient(Uri baseAddress, string apiKey, string secret, Func<long> clock) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress };

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string parameters, bool signed = true)
    {
        string text = parameters;
        if (signed)
        {
            text += (text.Length > 0 ? "&" : string.Empty) + $"recvWindow=5000&timestamp={clock()}";
            string signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(secret), Encoding.ASCII.GetBytes(text)));
            text += $"&signature={signature}";
        }

        bool inBody = method == HttpMethod.Post || method == HttpMethod.Put;
        using var request = new HttpRequestMessage(method, inBody || text.Length == 0 ? path : $"{path}?{text}");
        request.Headers.Add("X-MBX-APIKEY", apiKey);
        if (inBody)
        {
            request.Content = new StringContent(text, Encoding.ASCII, "application/x-www-form-urlencoded");
        }

        using HttpResponseMessage response = await _http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(body.Length == 0 ? "{}" : body).RootElement.Clone());
    }

    public void Dispose() => _http.Dispose();
}
