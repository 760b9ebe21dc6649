using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// A local OKX v5 API on loopback (Kestrel), written from OKX's public documentation over <see cref="OkxExchange"/>:
/// the documented paths, parameters, signing, JSON fields, error codes and rate limits of the REST API, and the
/// private WebSocket (<c>/ws/v5/private</c>: login, the <c>orders</c> channel, order operations, ping/pong). What a
/// client written from OKX's documentation sends, it answers as OKX would. Requests are applied one at a time (a
/// lock), as a venue's matching engine sequences them. Control paths outside OKX's API (<c>/sim/v1/...</c>) rest
/// liquidity, print trades, queue faults and cut the private sockets.
/// </summary>
public sealed partial class OkxSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OkxSimulatorOptions _options;
    private readonly OkxAuthenticator _authenticator;
    private readonly OkxRateLimiter _limiter = new();
    private readonly Queue<OkxFault> _faults = new();
    private readonly OkxPrivateStream _stream;
    private readonly Timer _countdown;

    private OkxSimulator(WebApplication app, OkxSimulatorOptions options)
    {
        _app = app;
        _options = options;
        _authenticator = new OkxAuthenticator(options);
        Exchange = new OkxExchange(options);
        _stream = new OkxPrivateStream(this, options, _authenticator);
        Exchange.OrderChanged += (order, fill) => _stream.PublishOrder(order, fill);

        // cancel-all-after fires on the simulator's clock, checked often and before every request.
        _countdown = new Timer(_ => Tick(), null, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50));
    }

    /// <summary>The account and books; lock <see cref="Gate"/> to read them while the server runs.</summary>
    public OkxExchange Exchange { get; }

    public object Gate { get; } = new();

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>ws://127.0.0.1:PORT/ws/v5/private</summary>
    public Uri PrivateSocketAddress => new($"ws://{BaseAddress.Authority}/ws/v5/private");

    /// <summary>Faults applied so far.</summary>
    public int FaultsApplied { get; private set; }

    public static async Task<OkxSimulator> StartAsync(OkxSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        WebApplication app = builder.Build();
        var simulator = new OkxSimulator(app, options);
        simulator.MapRoutes();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        simulator.BaseAddress = new Uri(app.Urls.First());
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _countdown.DisposeAsync().ConfigureAwait(false);
        await _stream.StopAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stream.Dispose();
    }

    /// <summary>Queues a fault for the next order request (place, batch place, amend) that arrives over REST.</summary>
    public void InjectFault(OkxFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Closes every private socket and refuses new ones (503) until <see cref="ResumePrivateSockets"/>: a network cut.</summary>
    public void SuspendPrivateSockets()
    {
        lock (Gate)
        {
            _stream.Suspend();
        }
    }

    public void ResumePrivateSockets()
    {
        lock (Gate)
        {
            _stream.Resume();
        }
    }

    /// <summary>Sends raw text on every logged-in private socket: malformed or foreign pushes, for tests.</summary>
    public void PushRaw(string message)
    {
        lock (Gate)
        {
            _stream.PushRaw(Encoding.UTF8.GetBytes(message));
        }
    }

    /// <summary>Under the gate: an order operation of the private WebSocket (op order, batch-orders, cancel-order, amend-order); its envelope code, message and entries.</summary>
    internal (string Code, string Msg, JsonArray Data) SocketOperation(string op, JsonArray args)
    {
        long now = _options.ClockMillis();
        Exchange.Tick(now);
        var results = new List<JsonObject>();
        foreach (JsonNode? node in args)
        {
            OkxArgs? parsed = node is JsonObject body ? OkxArgs.FromObject(body) : null;
            if (parsed is null)
            {
                return ("60013", "Invalid args", []);
            }

            JsonObject? result = op switch
            {
                "order" or "batch-orders" => PlaceOne(parsed, now, out OkxError? requestError) ?? Refused(requestError!),
                "cancel-order" => CancelOne(parsed, now, out OkxError? cancelError) ?? Refused(cancelError!),
                _ => AmendOne(parsed, now, out OkxError? amendError) ?? Refused(amendError!),
            };
            results.Add(result);
        }

        JsonObject envelope = OkxJson.Operation(results, now * 1000, now * 1000);
        return ((string)envelope["code"]!, (string)envelope["msg"]!, (JsonArray)envelope["data"]!.DeepClone());
    }

    private static JsonObject Refused(OkxError error) => OkxJson.Result(string.Empty, string.Empty, string.Empty, 0, error);

    private void Tick()
    {
        lock (Gate)
        {
            Exchange.Tick(_options.ClockMillis());
        }
    }

    private void MapRoutes()
    {
        _app.MapGet("/api/v5/public/time", context => Public(context, "time", 10, _ => Ok([new JsonObject { ["ts"] = OkxJson.Millis(_options.ClockMillis()) }])));
        _app.MapGet("/api/v5/public/instruments", context => Public(context, "instruments", 20, InstrumentsAnswer));
        _app.MapPost("/api/v5/trade/order", context => Private(context, "order", isOrder: true, PlaceOrder));
        _app.MapPost("/api/v5/trade/batch-orders", context => Private(context, "batch-orders", isOrder: true, PlaceBatch));
        _app.MapPost("/api/v5/trade/cancel-order", context => Private(context, "cancel-order", isOrder: false, CancelOrder));
        _app.MapPost("/api/v5/trade/amend-order", context => Private(context, "amend-order", isOrder: true, AmendOrder));
        _app.MapPost("/api/v5/trade/cancel-all-after", context => Private(context, "cancel-all-after", isOrder: false, CancelAllAfter));
        _app.MapGet("/api/v5/trade/order", context => Private(context, "get-order", isOrder: false, QueryOrder));
        _app.MapGet("/api/v5/trade/orders-pending", context => Private(context, "orders-pending", isOrder: false, PendingOrders));
        _app.MapGet("/api/v5/trade/fills", context => Private(context, "fills", isOrder: false, FillsAnswer));
        _app.MapGet("/api/v5/trade/fills-history", context => Private(context, "fills-history", isOrder: false, FillsAnswer));
        _app.MapGet("/api/v5/account/balance", context => Private(context, "balance", isOrder: false, Balance));
        _app.MapGet("/api/v5/account/positions", context => Private(context, "positions", isOrder: false, PositionsAnswer));
        MapControlRoutes();
        _stream.MapRoutes(_app);
    }

    private static (int, JsonNode) Ok(JsonArray data) => (200, OkxJson.Success(data));

    private static (int, JsonNode) Fail(OkxError error) => (error.HttpStatus, OkxJson.Error(error));

    private async Task Public(HttpContext context, string endpoint, int limit, Func<OkxArgs, (int Status, JsonNode Body)> handler)
    {
        int status;
        JsonNode answer;
        lock (Gate)
        {
            long now = _options.ClockMillis();
            (status, answer) = _limiter.Admit("public/" + endpoint, limit, now)
                ? handler(OkxArgs.FromQuery(context.Request.Query))
                : Fail(OkxError.TooManyRequests);
        }

        await WriteAsync(context, status, answer).ConfigureAwait(false);
    }

    /// <summary>
    /// A private endpoint: the signature headers, then the rate limit (per endpoint and instrument), then the
    /// endpoint, all under the lock; an order request takes the next queued fault.
    /// </summary>
    private async Task Private(HttpContext context, string endpoint, bool isOrder, Func<JsonNode?, OkxArgs, long, (int Status, JsonNode Body)> handler)
    {
        string body = string.Empty;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        string pathAndQuery = context.Request.Path.Value + context.Request.QueryString.Value;
        OkxFault? fault = isOrder ? TakeFault() : null;
        int status;
        JsonNode answer;
        lock (Gate)
        {
            long now = _options.ClockMillis();
            Exchange.Tick(now);
            IHeaderDictionary headers = context.Request.Headers;
            OkxError? error = _authenticator.Check(
                headers["OK-ACCESS-KEY"].FirstOrDefault(),
                headers["OK-ACCESS-SIGN"].FirstOrDefault(),
                headers["OK-ACCESS-TIMESTAMP"].FirstOrDefault(),
                headers["OK-ACCESS-PASSPHRASE"].FirstOrDefault(),
                context.Request.Method,
                pathAndQuery,
                body,
                now);
            JsonNode? json = null;
            OkxArgs args = OkxArgs.FromQuery(context.Request.Query);
            if (error is null && HttpMethods.IsPost(context.Request.Method))
            {
                error = ReadBody(body, out json, out OkxArgs? bodyArgs);
                args = bodyArgs ?? args;
            }

            string instId = args["instId"] ?? string.Empty;
            if (error is null && !_limiter.Admit(endpoint + "/" + instId, _options.TradeRequestsPerTwoSeconds, now))
            {
                error = OkxError.TooManyRequests;
            }

            if (error is null && fault?.Kind == OkxFaultKind.ServerErrorNotApplied)
            {
                // Refused before anything happened, as a venue's front end can.
                error = OkxError.SystemError;
            }

            (status, answer) = error is null ? handler(json, args, now) : Fail(error);
        }

        if (fault is not null && !await ApplyFaultAsync(context, fault).ConfigureAwait(false))
        {
            return;
        }

        if (fault?.Kind == OkxFaultKind.ServerError)
        {
            (status, answer) = Fail(OkxError.SystemError);
        }

        await WriteAsync(context, status, answer).ConfigureAwait(false);
    }

    /// <summary>A POST body: a JSON object (its members as the arguments) or, for batch-orders, an array of them.</summary>
    private static OkxError? ReadBody(string body, out JsonNode? json, out OkxArgs? args)
    {
        json = null;
        args = null;
        if (body.Length == 0)
        {
            return OkxError.BodyEmpty;
        }

        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return OkxError.JsonSyntax;
        }

        if (json is JsonObject single)
        {
            args = OkxArgs.FromObject(single);
            return args is null ? OkxError.JsonSyntax : null;
        }

        return json is JsonArray ? null : OkxError.JsonSyntax;
    }

    private OkxFault? TakeFault()
    {
        lock (_faults)
        {
            if (!_faults.TryDequeue(out OkxFault? fault))
            {
                return null;
            }

            FaultsApplied++;
            return fault;
        }
    }

    /// <summary>Delays or drops the answer of an applied request; false when there is no answer to write.</summary>
    private static async Task<bool> ApplyFaultAsync(HttpContext context, OkxFault fault)
    {
        switch (fault.Kind)
        {
            case OkxFaultKind.Delay:
                try
                {
                    await Task.Delay(fault.DelayMillis, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up and closed the connection: nobody to answer.
                    return false;
                }

                return !context.RequestAborted.IsCancellationRequested;
            case OkxFaultKind.Drop:
                context.Abort();
                return false;
            default:
                return true;
        }
    }

    /// <summary>Writes the answer with a Content-Length (not chunked), as one buffer.</summary>
    private static async Task WriteAsync(HttpContext context, int status, JsonNode answer)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(answer.ToJsonString(OkxJson.Wire));
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private (int, JsonNode) InstrumentsAnswer(OkxArgs args)
    {
        string? instType = args["instType"];
        if (instType is null)
        {
            return Fail(OkxError.Empty("instType"));
        }

        if (instType is not ("SPOT" or "MARGIN" or "SWAP" or "FUTURES" or "OPTION"))
        {
            return Fail(OkxError.Parameter("instType"));
        }

        var data = new JsonArray();
        foreach (OkxInstrument instrument in Exchange.Instruments.Where(i => i.InstType == instType && (args["instId"] is null || args["instId"] == i.InstId)))
        {
            data.Add(new JsonObject
            {
                ["instType"] = instrument.InstType,
                ["instId"] = instrument.InstId,
                ["uly"] = instrument.IsSwap ? $"{instrument.BaseCurrency}-{instrument.QuoteCurrency}" : string.Empty,
                ["instFamily"] = instrument.IsSwap ? $"{instrument.BaseCurrency}-{instrument.QuoteCurrency}" : string.Empty,
                ["baseCcy"] = instrument.IsSwap ? string.Empty : instrument.BaseCurrency,
                ["quoteCcy"] = instrument.IsSwap ? string.Empty : instrument.QuoteCurrency,
                ["settleCcy"] = instrument.IsSwap ? instrument.SettleCurrency : string.Empty,
                ["ctVal"] = instrument.IsSwap ? OkxJson.Decimal(instrument.ContractValue) : string.Empty,
                ["ctMult"] = instrument.IsSwap ? "1" : string.Empty,
                ["ctValCcy"] = instrument.IsSwap ? instrument.BaseCurrency : string.Empty,
                ["ctType"] = instrument.IsSwap ? "linear" : string.Empty,
                ["tickSz"] = OkxJson.Decimal(instrument.TickSize),
                ["lotSz"] = OkxJson.Decimal(instrument.LotSize),
                ["minSz"] = OkxJson.Decimal(instrument.MinSize),
                ["maxLmtSz"] = "100000000",
                ["maxMktSz"] = instrument.IsSwap ? "10000" : "1000000",
                ["lever"] = instrument.IsSwap ? "100" : string.Empty,
                ["state"] = "live",
                ["listTime"] = "1606468572000",
                ["expTime"] = string.Empty,
                ["ruleType"] = "normal",
            });
        }

        return Ok(data);
    }

    private void MapControlRoutes()
    {
        _app.MapPost("/sim/v1/liquidity", (HttpContext context) =>
        {
            IQueryCollection query = context.Request.Query;
            if (!TryReadControl(query, "size", out OkxInstrument instrument, out decimal price, out decimal size) || query["side"].ToString() is not ("buy" or "sell"))
            {
                return Results.BadRequest(new JsonObject { ["error"] = "want instId (a configured instrument), side (buy|sell), price > 0 and size > 0" });
            }

            lock (Gate)
            {
                Exchange.AddLiquidity(instrument, query["side"] == "buy", price, size, _options.ClockMillis());
            }

            return Results.Json(new JsonObject());
        });
        _app.MapPost("/sim/v1/trade", (HttpContext context) =>
        {
            if (!TryReadControl(context.Request.Query, "size", out OkxInstrument instrument, out decimal price, out _))
            {
                return Results.BadRequest(new JsonObject { ["error"] = "want instId (a configured instrument), price > 0 and size > 0" });
            }

            lock (Gate)
            {
                Exchange.PrintTrade(instrument, price);
            }

            return Results.Json(new JsonObject());
        });
        _app.MapPost("/sim/v1/fault", (HttpContext context) =>
        {
            OkxFault? fault = OkxFault.Parse(context.Request.Query["kind"], context.Request.Query["delayMillis"]);
            if (fault is null)
            {
                return Results.BadRequest(new JsonObject { ["error"] = "want kind=delay (with delayMillis > 0), 500, 500-not-applied or drop" });
            }

            InjectFault(fault);
            return Results.Json(new JsonObject());
        });
        _app.MapPost("/sim/v1/ws/suspend", () =>
        {
            SuspendPrivateSockets();
            return Results.Json(new JsonObject());
        });
        _app.MapPost("/sim/v1/ws/resume", () =>
        {
            ResumePrivateSockets();
            return Results.Json(new JsonObject());
        });
    }

    private bool TryReadControl(IQueryCollection query, string sizeName, out OkxInstrument instrument, out decimal price, out decimal size)
    {
        size = 0m;
        price = 0m;
        return Exchange.TryGetInstrument(query["instId"].ToString(), out instrument)
            && decimal.TryParse(query["price"], CultureInfo.InvariantCulture, out price)
            && decimal.TryParse(query[sizeName], CultureInfo.InvariantCulture, out size)
            && price > 0m && size > 0m;
    }
}
