using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>The two ways a JSON-RPC call arrives: a WebSocket message, or an HTTP request.</summary>
public sealed partial class DeribitSimulator
{
    private const int MaxMessageBytes = 1 << 20;

    private async Task AcceptWebSocket(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Answer(null, null, new DeribitError(11050, "bad_request", "a WebSocket upgrade is expected on /ws/api/v2"), MicrosNow())).ConfigureAwait(false);
            return;
        }

        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        DeribitConnection connection;
        lock (Gate)
        {
            connection = new DeribitConnection(_nextConnectionId++);
            _connections.Add(connection.Id, connection);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, connection.Aborted);
        Task sender = connection.SendAsync(socket, linked.Token);
        try
        {
            await ReceiveAsync(socket, connection, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (Gate)
            {
                _connections.Remove(connection.Id);
                if (connection.AuthorizedUntil != 0 && (connection.CancelOnDisconnect || _rpc.AccountCancelOnDisconnect))
                {
                    long id = connection.Id;
                    Exchange.CancelWhere(o => o.ConnectionId == id, "cancel_on_disconnect", _options.ClockMillis());
                }
            }

            connection.Complete();
            if (linked.IsCancellationRequested)
            {
                socket.Abort();
            }

            await sender.ConfigureAwait(false);
            connection.DisposeAbort();
        }
    }

    private async Task ReceiveAsync(WebSocket socket, DeribitConnection connection, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                int length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= MaxMessageBytes)
                        {
                            await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken).ConfigureAwait(false);
                            return;
                        }

                        Array.Resize(ref buffer, buffer.Length * 2);
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
                    }

                    return;
                }

                Call(connection, buffer.AsSpan(0, length));
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away, the connection was dropped, or the simulator is stopping.
        }
    }

    /// <summary>One WebSocket message: parsed, handled under the lock (with a queued fault when it is a matching-engine request), answered.</summary>
    private void Call(DeribitConnection connection, ReadOnlySpan<byte> message)
    {
        long usIn = MicrosNow();
        if (!TryReadRequest(message, out JsonNode? id, out string method, out JsonObject parameters, out DeribitError? invalid))
        {
            connection.Enqueue(Answer(id, null, invalid, usIn));
            return;
        }

        DeribitFault? fault;
        byte[] answer;
        lock (Gate)
        {
            connection.TestRequestSentMillis = 0;
            fault = DeribitRpc.IsMatchingMethod(method) && _faults.Count > 0 ? _faults.Dequeue() : null;
            if (fault?.Kind == DeribitFaultKind.Drop)
            {
                // The connection is gone before the request takes effect: neither its answer nor its notifications reach this client.
                connection.Abort();
            }

            answer = Handle(method, new DeribitParams(parameters), connection, httpAuthorized: false, id, usIn, fault);
            switch (fault?.Kind)
            {
                case null:
                    connection.Enqueue(answer);
                    break;
                case DeribitFaultKind.Drop:
                    break;
                case DeribitFaultKind.Delay:
                    _ = EnqueueLaterAsync(connection, answer, fault.DelayMillis);
                    break;
                default:
                    connection.Enqueue(answer);
                    break;
            }
        }
    }

    private async Task EnqueueLaterAsync(DeribitConnection connection, byte[] answer, int delayMillis)
    {
        try
        {
            await Task.Delay(delayMillis, _stopping.Token).ConfigureAwait(false);
            connection.Enqueue(answer);
        }
        catch (OperationCanceledException)
        {
            // The simulator stopped before the answer was due.
        }
    }

    /// <summary>Under the lock: the call, or the fault's answer instead (13028 without applying it, 11094 after applying it).</summary>
    private byte[] Handle(string method, DeribitParams parameters, DeribitConnection? connection, bool httpAuthorized, JsonNode? id, long usIn, DeribitFault? fault)
    {
        if (fault is not null)
        {
            FaultsApplied++;
            if (fault.Kind == DeribitFaultKind.Unavailable)
            {
                return Answer(id, null, DeribitError.TemporarilyUnavailable, usIn);
            }
        }

        (JsonNode? result, DeribitError? error) = _rpc.Handle(method, parameters, connection, httpAuthorized, _options.ClockMillis());
        return fault?.Kind == DeribitFaultKind.InternalError
            ? Answer(id, null, DeribitError.InternalServerError, usIn)
            : Answer(id, result, error, usIn);
    }

    /// <summary>
    /// <c>GET /api/v2/{scope}/{method}?params</c>, <c>POST</c> of a JSON-RPC body to the same path or to <c>/api/v2</c>;
    /// private methods authorized by <c>Authorization: bearer ACCESS_TOKEN</c> or <c>Basic base64(client_id:client_secret)</c>.
    /// Answers 200 with a result, 400 with an error.
    /// </summary>
    private async Task HttpCall(HttpContext context, bool fromBody)
    {
        long usIn = MicrosNow();
        JsonNode? id = null;
        string method;
        JsonObject parameters;
        string? scope = context.Request.RouteValues["scope"] as string;
        string? name = context.Request.RouteValues["method"] as string;
        if (fromBody)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted).ConfigureAwait(false);
            if (!TryReadRequest(body.ToArray(), out id, out string bodyMethod, out parameters, out DeribitError? invalid, methodRequired: scope is null))
            {
                await WriteHttpAsync(context, Answer(id, null, invalid, usIn), 400).ConfigureAwait(false);
                return;
            }

            method = scope is null ? bodyMethod : $"{scope}/{name}";
        }
        else
        {
            method = $"{scope}/{name}";
            parameters = new JsonObject();
            foreach (KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues> pair in context.Request.Query)
            {
                parameters[pair.Key] = pair.Value.ToString();
            }
        }

        byte[] answer;
        DeribitFault? fault;
        lock (Gate)
        {
            fault = DeribitRpc.IsMatchingMethod(method) && _faults.Count > 0 ? _faults.Dequeue() : null;
            bool authorized = HttpAuthorized(context.Request.Headers.Authorization.ToString(), _options.ClockMillis());
            answer = Handle(method, new DeribitParams(parameters), null, authorized, id, usIn, fault);
        }

        if (fault?.Kind == DeribitFaultKind.Drop)
        {
            context.Abort();
            return;
        }

        if (fault?.Kind == DeribitFaultKind.Delay)
        {
            await Task.Delay(fault.DelayMillis, context.RequestAborted).ConfigureAwait(false);
        }

        bool failed = answer.AsSpan().IndexOf("\"error\":"u8) >= 0 && answer.AsSpan().IndexOf("\"result\":"u8) < 0;
        await WriteHttpAsync(context, answer, failed ? 400 : 200).ConfigureAwait(false);
    }

    private bool HttpAuthorized(string header, long nowMillis)
    {
        if (header.StartsWith("bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Authority.Validate(header[7..].Trim(), connectionId: 0, nowMillis) is null;
        }

        if (header.StartsWith("basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                string decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                int colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 && Authority.IsClientCredentials(decoded[..colon], decoded[(colon + 1)..]);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        return false;
    }

    private static async Task WriteHttpAsync(HttpContext context, byte[] answer, int status)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A JSON-RPC 2.0 request: <c>id</c> (echoed), <c>method</c>, <c>params</c> (an object, or absent).</summary>
    private static bool TryReadRequest(ReadOnlySpan<byte> message, out JsonNode? id, out string method, out JsonObject parameters, out DeribitError? error, bool methodRequired = true)
    {
        id = null;
        method = string.Empty;
        parameters = new JsonObject();
        error = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(message);
        }
        catch (JsonException)
        {
            error = DeribitError.ParseError;
            return false;
        }

        if (root is not JsonObject request)
        {
            error = DeribitError.ParseError;
            return false;
        }

        id = request["id"];
        if (request["method"] is JsonValue name && name.GetValueKind() == JsonValueKind.String)
        {
            method = name.GetValue<string>();
        }
        else if (methodRequired)
        {
            error = DeribitError.MethodNotFound;
            return false;
        }

        switch (request["params"])
        {
            case null:
                break;
            case JsonObject given:
                request.Remove("params");
                parameters = given;
                break;
            default:
                error = DeribitError.InvalidParams("params", "must be an object");
                return false;
        }

        return true;
    }

    private static long MicrosNow() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
}
