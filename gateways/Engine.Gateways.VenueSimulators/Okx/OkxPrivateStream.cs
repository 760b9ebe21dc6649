using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// OKX's private WebSocket (<c>/ws/v5/private</c>) as documented: <c>login</c> (apiKey, passphrase, timestamp in
/// seconds, sign = Base64 HMAC-SHA256 of timestamp + GET + /users/self/verify; errors 60004-60024 and a close), then
/// <c>subscribe</c>/<c>unsubscribe</c> to the <c>orders</c> channel by <c>instType</c> (SPOT, SWAP, ANY, ...) and
/// optionally <c>instId</c>, whose pushes carry the order fields of every change; the order operations <c>order</c>,
/// <c>batch-orders</c>, <c>cancel-order</c>, <c>amend-order</c>; the text <c>ping</c> answered <c>pong</c>; a
/// connection that sends nothing for 30 seconds is closed (4004). State is guarded by the simulator's lock.
/// </summary>
internal sealed class OkxPrivateStream : IDisposable
{
    private static readonly byte[] s_pong = "pong"u8.ToArray();

    private readonly OkxSimulator _simulator;
    private readonly OkxSimulatorOptions _options;
    private readonly OkxAuthenticator _authenticator;
    private readonly List<OkxSocketConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private bool _suspended;

    public OkxPrivateStream(OkxSimulator simulator, OkxSimulatorOptions options, OkxAuthenticator authenticator)
    {
        _simulator = simulator;
        _options = options;
        _authenticator = authenticator;
    }

    private object Gate => _simulator.Gate;

    public void MapRoutes(WebApplication app)
    {
        app.UseWebSockets();
        app.Map("/ws/v5/private", Connect);
    }

    /// <summary>Under the gate: pushes an order change to every logged-in connection subscribed to it.</summary>
    public void PublishOrder(OkxSimOrder order, OkxFill? fill)
    {
        JsonObject? data = null;
        foreach (OkxSocketConnection connection in _connections)
        {
            if (!connection.LoggedIn)
            {
                continue;
            }

            foreach ((string instType, string? instId) in connection.Subscriptions)
            {
                if ((instType != "ANY" && instType != order.Instrument.InstType) || (instId is not null && instId != order.Instrument.InstId))
                {
                    continue;
                }

                data ??= OkxJson.Order(order, fill, null, order.Instrument.IsSwap ? _simulator.Exchange.Position(order.Instrument.InstId).Lever : 0m);
                var arg = new JsonObject { ["channel"] = "orders", ["instType"] = instType, ["uid"] = "1" };
                if (instId is not null)
                {
                    arg["instId"] = instId;
                }

                var push = new JsonObject { ["arg"] = arg, ["data"] = new JsonArray(data.DeepClone()) };
                connection.Enqueue(Encoding.UTF8.GetBytes(push.ToJsonString(OkxJson.Wire)));
                break;
            }
        }
    }

    /// <summary>Under the gate: raw bytes to every logged-in connection.</summary>
    public void PushRaw(byte[] message)
    {
        foreach (OkxSocketConnection connection in _connections.Where(c => c.LoggedIn))
        {
            connection.Enqueue(message);
        }
    }

    /// <summary>Under the gate: closes every connection and refuses new ones (503) until <see cref="Resume"/>.</summary>
    public void Suspend()
    {
        _suspended = true;
        CloseAll();
    }

    public void Resume() => _suspended = false;

    public async Task StopAsync()
    {
        lock (Gate)
        {
            CloseAll();
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    private void CloseAll()
    {
        foreach (OkxSocketConnection connection in _connections)
        {
            connection.Complete();
        }

        _connections.Clear();
    }

    private async Task Connect(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var connection = new OkxSocketConnection(RandomNumberGenerator.GetHexString(8, lowercase: true));
        lock (Gate)
        {
            if (_suspended || _stopping.IsCancellationRequested)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return;
            }

            _connections.Add(connection);
        }

        try
        {
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            Task sending = connection.SendAsync(socket, stop.Token);
            await ReceiveAsync(socket, connection, stop.Token).ConfigureAwait(false);
            connection.Complete();
            await sending.ConfigureAwait(false);
        }
        finally
        {
            lock (Gate)
            {
                _connections.Remove(connection);
            }

            connection.Complete();
        }
    }

    /// <summary>Reads the client's messages until it closes, goes idle (4004) or is told to close.</summary>
    private async Task ReceiveAsync(WebSocket socket, OkxSocketConnection connection, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (socket.State == WebSocketState.Open && connection.CloseWith is null)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(_options.SocketIdleTimeout);
                WebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(buffer, idle.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    connection.CloseWith = ((WebSocketCloseStatus)4004, "No data received in 30s");
                    return;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                string text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                Handle(connection, text);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone or the simulator is stopping.
        }
    }

    private void Handle(OkxSocketConnection connection, string text)
    {
        if (text == "ping")
        {
            connection.Enqueue(s_pong);
            return;
        }

        JsonObject? request;
        try
        {
            request = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            request = null;
        }

        string? op = (request?["op"] as JsonValue)?.TryGetValue(out string? value) == true ? value : null;
        JsonArray? args = request?["args"] as JsonArray;
        string? id = (request?["id"] as JsonValue)?.TryGetValue(out string? given) == true ? given : null;
        if (request is null || op is null || args is null)
        {
            Send(connection, Event(null, "error", "60012", $"Invalid request: {text}", connection));
            return;
        }

        lock (Gate)
        {
            switch (op)
            {
                case "login":
                    Login(connection, args);
                    break;
                case "subscribe" or "unsubscribe":
                    Subscribe(connection, op, id, args);
                    break;
                case "order" or "batch-orders" or "cancel-order" or "amend-order":
                    if (!connection.LoggedIn)
                    {
                        Send(connection, Event(id, "error", "60011", "Please log in", connection));
                        break;
                    }

                    (string code, string msg, JsonArray data) = _simulator.SocketOperation(op, args);
                    long now = _options.ClockMillis();
                    var answer = new JsonObject
                    {
                        ["op"] = op,
                        ["code"] = code,
                        ["msg"] = msg,
                        ["data"] = data,
                        ["inTime"] = (now * 1000).ToString(CultureInfo.InvariantCulture),
                        ["outTime"] = (now * 1000).ToString(CultureInfo.InvariantCulture),
                    };
                    if (id is not null)
                    {
                        answer["id"] = id;
                    }

                    Send(connection, answer);
                    break;
                default:
                    Send(connection, Event(id, "error", "60019", $"Invalid op: {op}", connection));
                    break;
            }
        }
    }

    private void Login(OkxSocketConnection connection, JsonArray args)
    {
        if (connection.LoggedIn)
        {
            Send(connection, Event(null, "error", "60031", "The WebSocket endpoint does not allow multiple or repeated logins.", connection));
            return;
        }

        JsonObject? arg = args.Count == 1 ? args[0] as JsonObject : null;
        (string Code, string Message)? error = arg is null
            ? ("60009", "Login failure")
            : _authenticator.CheckLogin(Text(arg, "apiKey"), Text(arg, "passphrase"), Text(arg, "timestamp"), Text(arg, "sign"), _options.ClockMillis());
        if (error is { } failure)
        {
            Send(connection, Event(null, "error", failure.Code, failure.Message, connection));
            connection.CloseWith = ((WebSocketCloseStatus)4001, "Login Failed");
            connection.Complete();
            return;
        }

        connection.LoggedIn = true;
        Send(connection, Event(null, "login", "0", string.Empty, connection));
    }

    private void Subscribe(OkxSocketConnection connection, string op, string? id, JsonArray args)
    {
        foreach (JsonNode? node in args)
        {
            if (node is not JsonObject arg)
            {
                Send(connection, Event(id, "error", "60013", "Invalid args", connection));
                continue;
            }

            string channel = Text(arg, "channel") ?? string.Empty;
            string? instType = Text(arg, "instType");
            string? instId = Text(arg, "instId");
            if (!connection.LoggedIn)
            {
                Send(connection, Event(id, "error", "60011", "Please log in", connection));
                continue;
            }

            if (channel != "orders")
            {
                Send(connection, Event(id, "error", "60018", $"Wrong URL or channel:{channel},instType:{instType} doesn't exist. Please use the correct URL, channel and parameters referring to API document.", connection));
                continue;
            }

            if (instType is not ("SPOT" or "MARGIN" or "SWAP" or "FUTURES" or "OPTION" or "ANY"))
            {
                Send(connection, Event(id, "error", "60018", $"Wrong URL or channel:{channel},instType:{instType} doesn't exist. Please use the correct URL, channel and parameters referring to API document.", connection));
                continue;
            }

            connection.Subscriptions.RemoveAll(s => s.InstType == instType && s.InstId == instId);
            if (op == "subscribe")
            {
                connection.Subscriptions.Add((instType, instId));
            }

            var answer = Event(id, op, null, null, connection);
            answer["arg"] = arg.DeepClone();
            Send(connection, answer);
        }
    }

    private static string? Text(JsonObject arg, string name) => (arg[name] as JsonValue)?.TryGetValue(out string? value) == true ? value : null;

    private static JsonObject Event(string? id, string name, string? code, string? msg, OkxSocketConnection connection)
    {
        var answer = new JsonObject();
        if (id is not null)
        {
            answer["id"] = id;
        }

        answer["event"] = name;
        if (code is not null)
        {
            answer["code"] = code;
            answer["msg"] = msg;
        }

        answer["connId"] = connection.ConnId;
        return answer;
    }

    private static void Send(OkxSocketConnection connection, JsonObject message) => connection.Enqueue(Encoding.UTF8.GetBytes(message.ToJsonString(OkxJson.Wire)));
}
