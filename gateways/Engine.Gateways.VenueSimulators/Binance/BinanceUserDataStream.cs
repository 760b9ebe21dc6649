using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// A Binance user data stream as its documentation describes it, for spot (<c>/api/v3/userDataStream</c>) and USD-M
/// (<c>/fapi/v1/listenKey</c>): <c>POST</c> (API key only, no signature) answers the account's listen key, a new one or
/// the active one extended; <c>PUT</c> keeps it alive, <c>DELETE</c> closes it (and its connections); a key lives 60
/// minutes after its last keep-alive on the simulator's clock, then its clients get <c>listenKeyExpired</c> and are
/// closed. <c>/ws/{listenKey}</c> is the WebSocket on which the market's events arrive (<see cref="Publish"/>).
/// Spot's PUT and DELETE name the key (<c>listenKey</c>, mandatory); USD-M's take no parameter and act on the
/// account's key, and its PUT answers the key.
/// <para>
/// All state is guarded by the simulator's lock, under which the market's events are published; events are only
/// queued there (one unbounded channel per socket), and each socket's own task sends them, so a slow client never
/// holds the lock.
/// </para>
/// Expiry is checked whenever the stream is touched (a request, a connection, an event) rather than by a timer, so a
/// test's clock alone decides it.
/// </summary>
public sealed class BinanceUserDataStream : IDisposable
{
    public const long ListenKeyLifetimeMillis = 60 * 60 * 1000;

    private readonly object _gate;
    private readonly BinanceSimulatorOptions _options;
    private readonly BinanceRequestPipeline _pipeline;
    private readonly BinanceListenKeyApi _api;
    private readonly List<BinanceUserStreamConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private string? _listenKey;
    private bool _suspended;
    private long _lastKeepAlive;

    public BinanceUserDataStream(BinanceRequestPipeline pipeline, BinanceSimulatorOptions options, BinanceListenKeyApi api)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(api);
        _pipeline = pipeline;
        _gate = pipeline.Gate;
        _options = options;
        _api = api;
    }

    /// <summary>The active listen key, if any (read under the gate).</summary>
    public string? ListenKey => _listenKey;

    /// <summary>Adds the REST paths, the WebSocket endpoint and the cut/resume controls to the simulator's application.</summary>
    public void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.MapPost(_api.Path, context => _pipeline.KeyedOnly(context, _api.Weight, Start));
        app.MapPut(_api.Path, context => _pipeline.KeyedOnly(context, _api.Weight, KeepAlive));
        app.MapDelete(_api.Path, context => _pipeline.KeyedOnly(context, _api.Weight, Close));
        app.Map("/ws/{listenKey}", Connect);
        app.MapPost("/sim/v1/userDataStream/suspend", () =>
        {
            lock (_gate)
            {
                Suspend();
            }

            return Results.Json(new JsonObject());
        });
        app.MapPost("/sim/v1/userDataStream/resume", () =>
        {
            lock (_gate)
            {
                Resume();
            }

            return Results.Json(new JsonObject());
        });
    }

    /// <summary>Under the gate: whether any socket would receive an event published now (an expired key's are closed first).</summary>
    public bool HasListeners(long now)
    {
        ExpireIfDue(now);
        return _connections.Count > 0;
    }

    /// <summary>Under the gate: queues one event (a text message) for every open socket.</summary>
    public void Publish(byte[] message)
    {
        foreach (BinanceUserStreamConnection connection in _connections)
        {
            connection.Enqueue(message);
        }
    }
    /// <summary>Closes every connection (the simulator is stopping), so none holds the server open.</summary>
    public async Task StopAsync()
    {
        lock (_gate)
        {
            CloseConnections(expiredAt: null);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose() => _stopping.Dispose();

    /// <summary>Under the gate: closes every socket and refuses new ones (503) until <see cref="Resume"/>; the listen key stays valid.</summary>
    public void Suspend()
    {
        _suspended = true;
        CloseConnections(expiredAt: null);
    }

    /// <summary>Under the gate: sends <paramref name="message"/> as it is on every open socket (a test's way to send what Binance never should).</summary>
    public void PushRaw(byte[] message)
    {
        foreach (BinanceUserStreamConnection connection in _connections)
        {
            connection.Enqueue(message);
        }
    }

    /// <summary>Under the gate: sockets are accepted again.</summary>
    public void Resume() => _suspended = false;

    private (int, JsonNode) Start(BinanceSignedRequest request, long now)
    {
        ExpireIfDue(now);
        _listenKey ??= RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 60);
        _lastKeepAlive = now;
        return (200, new JsonObject { ["listenKey"] = _listenKey });
    }

    private (int, JsonNode) KeepAlive(BinanceSignedRequest request, long now)
    {
        ExpireIfDue(now);
        BinanceError? error = CheckListenKey(request);
        if (error is not null)
        {
            return (error.HttpStatus, BinanceJson.Error(error));
        }

        _lastKeepAlive = now;
        return (200, _api.KeepAliveAnswersKey ? new JsonObject { ["listenKey"] = _listenKey } : new JsonObject());
    }

    private (int, JsonNode) Close(BinanceSignedRequest request, long now)
    {
        ExpireIfDue(now);
        BinanceError? error = CheckListenKey(request);
        if (error is not null)
        {
            return (error.HttpStatus, BinanceJson.Error(error));
        }

        _listenKey = null;
        CloseConnections(expiredAt: null);
        return (200, new JsonObject());
    }

    private BinanceError? CheckListenKey(BinanceSignedRequest request) => request["listenKey"] switch
    {
        null when !_api.KeyParameterRequired => _listenKey is null ? BinanceError.InvalidListenKey : null,
        null => BinanceError.Mandatory("listenKey"),
        string key when key == _listenKey => null,
        _ => BinanceError.InvalidListenKey,
    };

    private async Task Connect(HttpContext context)
    {
        string key = context.Request.RouteValues["listenKey"] as string ?? string.Empty;
        bool upgrade = context.WebSockets.IsWebSocketRequest;
        var connection = new BinanceUserStreamConnection();
        bool known;
        bool suspended;
        lock (_gate)
        {
            suspended = _suspended;
            ExpireIfDue(_options.ClockMillis());
            known = key == _listenKey && !_stopping.IsCancellationRequested;
            if (known && upgrade && !suspended)
            {
                _connections.Add(connection);
            }
        }

        if (suspended)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (!upgrade || !known)
        {
            BinanceError error = known ? new BinanceError(400, -1100, "A WebSocket upgrade is expected on /ws/<listenKey>.") : BinanceError.InvalidListenKey;
            await BinanceHttp.WriteAsync(context, error.HttpStatus, BinanceJson.Error(error)).ConfigureAwait(false);
            return;
        }

        try
        {
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            Task sending = connection.SendAsync(socket, stop.Token);
            await BinanceUserStreamConnection.ReceiveUntilClosedAsync(socket, stop.Token).ConfigureAwait(false);
            connection.Complete();
            await sending.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _connections.Remove(connection);
            }

            connection.Complete();
        }
    }

    private void ExpireIfDue(long now)
    {
        if (_listenKey is not null && now - _lastKeepAlive > ListenKeyLifetimeMillis)
        {
            CloseConnections(expiredAt: now);
            _listenKey = null;
        }
    }

    /// <summary>Ends every connection of the key, telling them first when it expired.</summary>
    private void CloseConnections(long? expiredAt)
    {
        foreach (BinanceUserStreamConnection connection in _connections)
        {
            if (expiredAt is long now)
            {
                connection.Enqueue(BinanceUserDataJson.ListenKeyExpired(_listenKey!, now));
            }

            connection.Complete();
        }

        _connections.Clear();
    }

}
