using System.Globalization;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// Binance spot's user data stream as its documentation describes it: <c>POST /api/v3/userDataStream</c> (API key
/// only, no signature) answers the account's listen key, a new one or the active one extended; <c>PUT</c> keeps it
/// alive, <c>DELETE</c> closes it (and its connections); a key lives 60 minutes after its last keep-alive on the
/// simulator's clock, then its clients get <c>listenKeyExpired</c> and are closed. <c>/ws/{listenKey}</c> is the
/// WebSocket on which every change of an order of the account arrives as an <c>executionReport</c>, followed by an
/// <c>outboundAccountPosition</c> with the balances it may have moved.
/// <para>
/// All state is guarded by the simulator's <see cref="BinanceSpotSimulator.Gate"/>, under which the exchange raises
/// <see cref="BinanceSpotExchange.OrderChanged"/>; events are only queued there (one unbounded channel per socket), and
/// each socket's own task sends them, so a slow client never holds the lock.
/// </para>
/// Expiry is checked whenever the stream is touched (a request, a connection, an event) rather than by a timer, so a
/// test's clock alone decides it.
/// </summary>
public sealed class BinanceUserDataStream : IDisposable
{
    public const long ListenKeyLifetimeMillis = 60 * 60 * 1000;

    private const string Path = "/api/v3/userDataStream";
    private const int Weight = 2;

    private readonly object _gate;
    private readonly BinanceSimulatorOptions _options;
    private readonly BinanceRateLimiter _limiter;
    private readonly BinanceSpotExchange _exchange;
    private readonly List<BinanceUserStreamConnection> _connections = [];
    private readonly CancellationTokenSource _stopping = new();
    private string? _listenKey;
    private bool _suspended;
    private long _lastKeepAlive;
    private long _sequence;

    public BinanceUserDataStream(object gate, BinanceSimulatorOptions options, BinanceRateLimiter limiter, BinanceSpotExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        _gate = gate;
        _options = options;
        _limiter = limiter;
        _exchange = exchange;
        exchange.OrderChanged += OnOrderChanged;
    }

    /// <summary>The active listen key, if any (read under the gate).</summary>
    public string? ListenKey => _listenKey;

    /// <summary>Adds the REST paths and the WebSocket endpoint to the simulator's application.</summary>
    public void MapRoutes(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseWebSockets();
        app.MapPost(Path, context => Answer(context, Start));
        app.MapPut(Path, context => Answer(context, KeepAlive));
        app.MapDelete(Path, context => Answer(context, Close));
        app.Map("/ws/{listenKey}", Connect);
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
        _listenKey ??= RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 60);
        _lastKeepAlive = now;
        return (200, new JsonObject { ["listenKey"] = _listenKey });
    }

    private (int, JsonNode) KeepAlive(BinanceSignedRequest request, long now)
    {
        BinanceError? error = CheckListenKey(request);
        if (error is not null)
        {
            return (error.HttpStatus, BinanceJson.Error(error));
        }

        _lastKeepAlive = now;
        return (200, new JsonObject());
    }

    private (int, JsonNode) Close(BinanceSignedRequest request, long now)
    {
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
        null => BinanceError.Mandatory("listenKey"),
        string key when key == _listenKey => null,
        _ => BinanceError.InvalidListenKey,
    };

    /// <summary>Rate limit, then the API key (no signature: USER_STREAM security), then the endpoint, under the gate.</summary>
    private async Task Answer(HttpContext context, Func<BinanceSignedRequest, long, (int Status, JsonNode Body)> endpoint)
    {
        (string query, string body) = await BinanceHttp.ReadAsync(context).ConfigureAwait(false);

        int status;
        JsonNode answer;
        lock (_gate)
        {
            long now = _options.ClockMillis();
            ExpireIfDue(now);
            BinanceError? error = _limiter.Admit(now, Weight, isOrder: false);
            BinanceSignedRequest? request = null;
            if (error is null)
            {
                request = BinanceSignedRequest.Parse(query, body, out error);
            }

            error ??= BinanceHttp.CheckApiKey(context.Request.Headers["X-MBX-APIKEY"].FirstOrDefault(), _options.ApiKey);
            (status, answer) = error is null ? endpoint(request!, now) : (error.HttpStatus, BinanceJson.Error(error));
            context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = _limiter.UsedWeight.ToString(CultureInfo.InvariantCulture);
        }

        await BinanceHttp.WriteAsync(context, status, answer).ConfigureAwait(false);
    }

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

    /// <summary>Raised by the exchange under the gate: queue the order's report and the account's position.</summary>
    private void OnOrderChanged(BinanceSimOrder order, BinanceFill? fill)
    {
        long now = _options.ClockMillis();
        ExpireIfDue(now);
        if (_connections.Count == 0)
        {
            return;
        }

        byte[] report = BinanceUserDataJson.ExecutionReport(order, fill, now, ++_sequence);
        byte[] position = BinanceUserDataJson.AccountPosition(_exchange, order.Symbol, now, fill?.Time ?? order.UpdateTime);
        foreach (BinanceUserStreamConnection connection in _connections)
        {
            connection.Enqueue(report);
            connection.Enqueue(position);
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
