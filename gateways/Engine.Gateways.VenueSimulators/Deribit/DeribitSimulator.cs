using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// A local Deribit API v2 on loopback (Kestrel), over <see cref="DeribitExchange"/>: JSON-RPC 2.0 over WebSocket at
/// <c>/ws/api/v2</c> (authorization, subscriptions to <c>user.orders</c> / <c>user.trades</c>, heartbeats and
/// cancel-on-disconnect are per connection) and over HTTP (<c>GET|POST /api/v2/{public|private}/{method}</c>, and a
/// JSON-RPC body posted to <c>/api/v2</c>), with Deribit's method names, parameters, result fields and error codes.
/// A timer every 100 ms sends heartbeats and drops connections that left a test_request unanswered. Control paths
/// outside Deribit's API: <c>POST /sim/v1/liquidity</c> rests the other side's orders, <c>POST /sim/v1/trade</c>
/// prints a trade between other accounts (it moves the last price, which triggers stops), <c>POST /sim/v1/fault</c>
/// queues a fault for the next matching-engine request, <c>POST /sim/v1/disconnect</c> drops every WebSocket.
/// </summary>
public sealed partial class DeribitSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeribitSimulatorOptions _options;
    private readonly DeribitRpc _rpc;
    private readonly Dictionary<long, DeribitConnection> _connections = [];
    private readonly Queue<DeribitFault> _faults = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _nextConnectionId = 1;
    private Task _clock = Task.CompletedTask;

    private DeribitSimulator(WebApplication app, DeribitSimulatorOptions options)
    {
        _app = app;
        _options = options;
        Exchange = new DeribitExchange(options.Instruments, options.Balances, options.MakerFee, options.TakerFee);
        Authority = new DeribitAuthority(options);
        _rpc = new DeribitRpc(Exchange, Authority, options);
        Exchange.OrderChanged += OnOrderChanged;
        Exchange.TradeExecuted += OnTradeExecuted;
    }

    /// <summary>The account and books; lock <see cref="Gate"/> to read them while the server runs.</summary>
    public DeribitExchange Exchange { get; }

    public DeribitAuthority Authority { get; }

    public object Gate { get; } = new();

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>ws://127.0.0.1:PORT/ws/api/v2</summary>
    public Uri WebSocketAddress => new($"ws://{BaseAddress.Authority}/ws/api/v2");

    /// <summary>Faults applied so far.</summary>
    public int FaultsApplied { get; private set; }

    /// <summary>Requests refused with 10028 so far.</summary>
    public int RateLimited
    {
        get
        {
            lock (Gate)
            {
                return _rpc.RateLimited;
            }
        }
    }

    /// <summary>WebSocket connections open now.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (Gate)
            {
                return _connections.Count;
            }
        }
    }

    public static async Task<DeribitSimulator> StartAsync(DeribitSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        WebApplication app = builder.Build();
        var simulator = new DeribitSimulator(app, options);
        simulator.MapRoutes();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        simulator.BaseAddress = new Uri(app.Urls.First());
        simulator._clock = simulator.RunClockAsync();
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _clock.ConfigureAwait(false);
        DropAllConnections();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>Queues a fault for the next matching-engine request (buy, sell, edit, a cancel) that arrives.</summary>
    public void InjectFault(DeribitFault fault)
    {
        lock (Gate)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Drops every WebSocket connection without a close frame (cancel-on-disconnect applies), as a network cut does.</summary>
    public void DropAllConnections()
    {
        lock (Gate)
        {
            foreach (DeribitConnection connection in _connections.Values)
            {
                connection.Abort();
            }
        }
    }

    /// <summary>Sends raw text on every open WebSocket: malformed or foreign notifications, for tests.</summary>
    public void PushRaw(string message)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(message);
        lock (Gate)
        {
            foreach (DeribitConnection connection in _connections.Values)
            {
                connection.Enqueue(bytes);
            }
        }
    }

    private void MapRoutes()
    {
        _app.UseWebSockets();
        _app.Map("/ws/api/v2", AcceptWebSocket);
        _app.MapGet("/api/v2/{scope}/{method}", context => HttpCall(context, fromBody: false));
        _app.MapPost("/api/v2/{scope}/{method}", context => HttpCall(context, fromBody: true));
        _app.MapPost("/api/v2", context => HttpCall(context, fromBody: true));
        MapControlRoutes();
    }

    /// <summary>Every 100 ms: heartbeats and test_requests due go out; a connection that left one unanswered for an interval is dropped.</summary>
    private async Task RunClockAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                lock (Gate)
                {
                    long now = _options.ClockMillis();
                    foreach (DeribitConnection connection in _connections.Values)
                    {
                        Heartbeat(connection, now);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The simulator is stopping.
        }
    }

    private static void Heartbeat(DeribitConnection connection, long now)
    {
        if (connection.HeartbeatSeconds == 0)
        {
            return;
        }

        long interval = connection.HeartbeatSeconds * 1000L;
        if (connection.TestRequestSentMillis != 0 && now - connection.TestRequestSentMillis >= interval)
        {
            connection.Abort();
            return;
        }

        if (now - connection.LastHeartbeatMillis >= interval)
        {
            connection.LastHeartbeatMillis = now;
            connection.Enqueue(Notification("heartbeat", new JsonObject { ["type"] = "test_request" }));
            if (connection.TestRequestSentMillis == 0)
            {
                connection.TestRequestSentMillis = now;
            }
        }
    }

    /// <summary>Raised by the exchange under the gate: the order's notification to every connection subscribed to its channel.</summary>
    private void OnOrderChanged(DeribitSimOrder order)
    {
        long now = _options.ClockMillis();
        foreach (DeribitConnection connection in _connections.Values)
        {
            if (!connection.IsAuthorized(now))
            {
                continue;
            }

            foreach (string channel in connection.Subscriptions)
            {
                if (DeribitRpc.ChannelCovers(channel, "orders", order.Instrument))
                {
                    JsonNode data = channel.EndsWith(".raw", StringComparison.Ordinal) ? DeribitJson.Order(order) : new JsonArray(DeribitJson.Order(order));
                    connection.Enqueue(Subscription(channel, data));
                }
            }
        }
    }

    private void OnTradeExecuted(DeribitUserTrade trade)
    {
        long now = _options.ClockMillis();
        foreach (DeribitConnection connection in _connections.Values)
        {
            if (!connection.IsAuthorized(now))
            {
                continue;
            }

            foreach (string channel in connection.Subscriptions)
            {
                if (DeribitRpc.ChannelCovers(channel, "trades", trade.Instrument))
                {
                    connection.Enqueue(Subscription(channel, new JsonArray(DeribitJson.Trade(trade))));
                }
            }
        }
    }

    private static byte[] Subscription(string channel, JsonNode data) =>
        Notification("subscription", new JsonObject { ["channel"] = channel, ["data"] = data });

    private static byte[] Notification(string method, JsonObject parameters) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>The JSON-RPC answer with Deribit's timing fields (<c>usIn</c>, <c>usOut</c>, <c>usDiff</c>) and <c>testnet</c>.</summary>
    private static byte[] Answer(JsonNode? id, JsonNode? result, DeribitError? error, long usIn)
    {
        long usOut = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        var answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id?.DeepClone() };
        if (error is not null)
        {
            var body = new JsonObject { ["code"] = error.Code, ["message"] = error.Message };
            if (error.Reason is not null)
            {
                var data = new JsonObject { ["reason"] = error.Reason };
                if (error.Param is not null)
                {
                    data["param"] = error.Param;
                }

                body["data"] = data;
            }

            answer["error"] = body;
        }
        else
        {
            answer["result"] = result;
        }

        answer["usIn"] = usIn;
        answer["usOut"] = usOut;
        answer["usDiff"] = usOut - usIn;
        answer["testnet"] = true;
        return JsonSerializer.SerializeToUtf8Bytes(answer);
    }
}
