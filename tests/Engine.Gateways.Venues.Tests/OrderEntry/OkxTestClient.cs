using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// A minimal OKX v5 client written from the "REST Authentication" and "WebSocket Login" sections of OKX's
/// documentation, for the simulator's tests: OK-ACCESS-KEY, OK-ACCESS-PASSPHRASE, OK-ACCESS-TIMESTAMP (ISO 8601 UTC
/// with milliseconds) and OK-ACCESS-SIGN, the Base64 HMAC-SHA256 of timestamp + method + requestPath (with the query
/// string) + body; JSON bodies; the private WebSocket's login signs timestamp (seconds) + GET + /users/self/verify.
/// </summary>
internal sealed class OkxTestClient(Uri baseAddress, string apiKey, string secret, string passphrase, Func<long> clock) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress };

    public static string Sign(string secret, string prehash) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(prehash)));

    public Task<(int Status, JsonElement Body)> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery, string.Empty);

    public Task<(int Status, JsonElement Body)> PostAsync(string path, string body) => SendAsync(HttpMethod.Post, path, body);

    /// <summary>A signed request; the headers can be spoiled one at a time to see the documented errors.</summary>
    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string pathAndQuery, string body, string? key = null, string? pass = null, string? sign = null, long? timestampMillis = null)
    {
        string timestamp = DateTimeOffset.FromUnixTimeMilliseconds(timestampMillis ?? clock()).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(method, pathAndQuery);
        request.Headers.Add("OK-ACCESS-KEY", key ?? apiKey);
        request.Headers.Add("OK-ACCESS-PASSPHRASE", pass ?? passphrase);
        request.Headers.Add("OK-ACCESS-TIMESTAMP", timestamp);
        request.Headers.Add("OK-ACCESS-SIGN", sign ?? Sign(secret, timestamp + method.Method + pathAndQuery + body));
        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await _http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text.Length == 0 ? "{}" : text).RootElement.Clone());
    }

    public async Task<(int Status, JsonElement Body)> PublicAsync(string pathAndQuery)
    {
        using HttpResponseMessage response = await _http.GetAsync(new Uri(pathAndQuery, UriKind.Relative));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    /// <summary>The private WebSocket, logged in (with <paramref name="spoilSign"/>, a wrong signature).</summary>
    public async Task<(ClientWebSocket Socket, JsonElement Answer)> LoginAsync(Uri address, bool spoilSign = false)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(address, CancellationToken.None);
        string timestamp = (clock() / 1000).ToString(CultureInfo.InvariantCulture);
        string sign = spoilSign ? Sign("not-the-secret", timestamp + "GET/users/self/verify") : Sign(secret, timestamp + "GET/users/self/verify");
        await SendTextAsync(socket, $$"""{"op":"login","args":[{"apiKey":"{{apiKey}}","passphrase":"{{passphrase}}","timestamp":"{{timestamp}}","sign":"{{sign}}"}]}""");
        return (socket, JsonDocument.Parse(await ReceiveTextAsync(socket)).RootElement.Clone());
    }

    public static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next text message; null when the server closed the socket.</summary>
    public static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return "CLOSED " + (int?)socket.CloseStatus;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.ToArray());
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
