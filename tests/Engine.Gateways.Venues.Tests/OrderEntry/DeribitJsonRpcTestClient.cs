using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// A plain JSON-RPC 2.0 client over WebSocket written from Deribit's API documentation (and nothing of ours): each
/// call gets the answer with its id; notifications (<c>subscription</c>, <c>heartbeat</c>) are queued apart.
/// </summary>
internal sealed class DeribitJsonRpcTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _answers = Channel.CreateUnbounded<JsonElement>();
    private readonly Channel<JsonElement> _notifications = Channel.CreateUnbounded<JsonElement>();
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId = 1;

    public static async Task<DeribitJsonRpcTestClient> ConnectAsync(Uri address)
    {
        var client = new DeribitJsonRpcTestClient();
        await client._socket.ConnectAsync(address, CancellationToken.None);
        client._reader = client.ReadAsync();
        return client;
    }

    public WebSocketState State => _socket.State;

    /// <summary>Sends one call and waits for the answer with its id (the whole answer: result or error).</summary>
    public async Task<JsonElement> CallAsync(string method, JsonObject? parameters = null, TimeSpan? timeout = null)
    {
        int id = _nextId++;
        var request = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await SendRawAsync(request.ToJsonString());
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            JsonElement answer = await _answers.Reader.ReadAsync(wait.Token);
            if (answer.TryGetProperty("id", out JsonElement answerId) && answerId.ValueKind == JsonValueKind.Number && answerId.GetInt32() == id)
            {
                return answer;
            }
        }
    }

    /// <summary>The result of a call that must succeed.</summary>
    public async Task<JsonElement> ResultAsync(string method, JsonObject? parameters = null)
    {
        JsonElement answer = await CallAsync(method, parameters);
        return answer.TryGetProperty("result", out JsonElement result)
            ? result
            : throw new InvalidOperationException($"{method} failed: {answer}");
    }

    public Task SendRawAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    public async Task AuthenticateAsync(string clientId, string secret) =>
        await ResultAsync("public/auth", new JsonObject { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret });

    /// <summary>The next notification whose method (and channel, when given) matches, waiting at most 10 s.</summary>
    public async Task<JsonElement> NextNotificationAsync(string method, string? channel = null)
    {
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            JsonElement message = await _notifications.Reader.ReadAsync(wait.Token);
            if (message.GetProperty("method").GetString() == method
                && (channel is null || message.GetProperty("params").GetProperty("channel").GetString() == channel))
            {
                return message;
            }
        }
    }

    /// <summary>Notifications received so far and not yet read.</summary>
    public List<JsonElement> DrainNotifications()
    {
        var list = new List<JsonElement>();
        while (_notifications.Reader.TryRead(out JsonElement message))
        {
            list.Add(message);
        }

        return list;
    }

    /// <summary>Waits until the server closes or drops the connection.</summary>
    public Task WaitClosedAsync() => _reader.WaitAsync(TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        byte[] buffer = new byte[1 << 20];
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                using JsonDocument document = JsonDocument.Parse(buffer.AsMemory(0, length));
                JsonElement message = document.RootElement.Clone();
                await (message.TryGetProperty("method", out _) ? _notifications : _answers).Writer.WriteAsync(message);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Dropped by the server, or stopped.
        }
        finally
        {
            _answers.Writer.TryComplete();
            _notifications.Writer.TryComplete();
        }
    }
}
