using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// A local Binance spot REST API on loopback (Kestrel): the documented paths, parameters, HMAC-SHA256 signing,
/// JSON fields, error codes and rate-limit headers of <c>/api/v3</c>, over <see cref="BinanceSpotExchange"/>. What a
/// client written from Binance's documentation sends, it answers as Binance would. One control path outside Binance's
/// API, <c>POST /sim/v1/liquidity?symbol=&amp;side=&amp;price=&amp;quantity=</c>, rests the other side's orders so the
/// client's orders can trade. Requests are applied one at a time (a lock), as a venue's matching engine sequences them.
/// The user data stream (listen key and <c>/ws/{listenKey}</c>) is <see cref="BinanceUserDataStream"/>.
/// </summary>
public sealed partial class BinanceSpotSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BinanceSimulatorOptions _options;
    private readonly BinanceRequestPipeline _pipeline;
    private readonly BinanceUserDataStream _userDataStream;
    private long _eventSequence;

    private BinanceSpotSimulator(WebApplication app, BinanceSimulatorOptions options)
    {
        _app = app;
        _options = options;
        _pipeline = new BinanceRequestPipeline(Gate, options);
        Exchange = new BinanceSpotExchange(options.Symbols, options.Balances);
        _userDataStream = new BinanceUserDataStream(_pipeline, options, BinanceListenKeyApi.Spot);
        Exchange.OrderChanged += OnOrderChanged;
    }

    /// <summary>The account and books; lock <see cref="Gate"/> to read them while the server runs.</summary>
    public BinanceSpotExchange Exchange { get; }

    public object Gate { get; } = new();

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<BinanceSpotSimulator> StartAsync(BinanceSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        WebApplication app = builder.Build();
        var simulator = new BinanceSpotSimulator(app, options);
        simulator.MapRoutes();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        simulator.BaseAddress = new Uri(app.Urls.First());
        return simulator;
    }

    public async ValueTask DisposeAsync()
    {
        await _userDataStream.StopAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _userDataStream.Dispose();
    }

    private void MapRoutes()
    {
        _app.MapGet("/api/v3/ping", () => Results.Json(new JsonObject()));
        _app.MapGet("/api/v3/time", () => Results.Json(new JsonObject { ["serverTime"] = _options.ClockMillis() }));
        _app.MapGet("/api/v3/exchangeInfo", ExchangeInfo);
        _app.MapPost("/api/v3/order", context => Signed(context, weight: 1, isOrder: true, PlaceOrder));
        _app.MapDelete("/api/v3/order", context => Signed(context, weight: 1, isOrder: false, CancelOrder));
        _app.MapGet("/api/v3/order", context => Signed(context, weight: 4, isOrder: false, QueryOrder));
        _app.MapGet("/api/v3/openOrders", context => Signed(context, weight: 6, isOrder: false, OpenOrders));
        _app.MapDelete("/api/v3/openOrders", context => Signed(context, weight: 1, isOrder: false, CancelOpenOrders));
        _app.MapPost("/api/v3/order/cancelReplace", context => Signed(context, weight: 1, isOrder: true, CancelReplace));
        _app.MapGet("/api/v3/account", context => Signed(context, weight: 20, isOrder: false, Account));
        _app.MapGet("/api/v3/myTrades", context => Signed(context, weight: 20, isOrder: false, MyTrades));
        _app.MapPost("/sim/v1/liquidity", AddLiquidity);
        MapControlRoutes();
        _userDataStream.MapRoutes(_app);
    }

    private Task Signed(HttpContext context, int weight, bool isOrder, Func<BinanceSignedRequest, long, (int Status, JsonNode Body)> endpoint) =>
        _pipeline.Signed(context, weight, isOrder, endpoint);

    /// <summary>Raised by the exchange under the gate: the order's executionReport, then the account's position.</summary>
    private void OnOrderChanged(BinanceSimOrder order, BinanceFill? fill)
    {
        long now = _options.ClockMillis();
        if (!_userDataStream.HasListeners(now))
        {
            return;
        }

        _userDataStream.Publish(BinanceUserDataJson.ExecutionReport(order, fill, now, ++_eventSequence));
        _userDataStream.Publish(BinanceUserDataJson.AccountPosition(Exchange, order.Symbol, now, fill?.Time ?? order.UpdateTime));
    }

    private static (int, JsonNode) Fail(BinanceError error) => (error.HttpStatus, BinanceJson.Error(error));

    private (int, JsonNode) PlaceOrder(BinanceSignedRequest request, long now)
    {
        BinanceError? error = Exchange.Place(request, now, out BinanceSimOrder? order, out List<BinanceFill> fills);
        if (error is not null)
        {
            return Fail(error);
        }

        // Binance: MARKET and LIMIT orders answer FULL by default, other types ACK.
        string responseType = request["newOrderRespType"] ?? (order!.Type is "MARKET" or "LIMIT" ? "FULL" : "ACK");
        return (200, BinanceJson.NewOrder(order!, responseType, fills, now));
    }

    private (int, JsonNode) CancelOrder(BinanceSignedRequest request, long now)
    {
        if (!TryFindOrder(request, out BinanceSimOrder? order, out BinanceError? error, unknown: BinanceError.UnknownOrder))
        {
            return Fail(error!);
        }

        string cancelClientOrderId = request["newClientOrderId"] ?? Exchange.NextClientOrderId();
        return Exchange.Cancel(order!, now, cancelClientOrderId) is null
            ? Fail(BinanceError.UnknownOrder)
            : (200, BinanceJson.Canceled(order!, cancelClientOrderId, now));
    }

    private (int, JsonNode) QueryOrder(BinanceSignedRequest request, long now) =>
        TryFindOrder(request, out BinanceSimOrder? order, out BinanceError? error, unknown: BinanceError.NoSuchOrder)
            ? (200, BinanceJson.Order(order!))
            : Fail(error!);

    private (int, JsonNode) OpenOrders(BinanceSignedRequest request, long now)
    {
        string? symbol = request["symbol"];
        if (symbol is not null && !Exchange.TryGetSymbol(symbol, out _))
        {
            return Fail(BinanceError.InvalidSymbol);
        }

        return (200, new JsonArray([.. Exchange.OpenOrders(symbol).Select(o => (JsonNode)BinanceJson.Order(o))]));
    }

    private (int, JsonNode) CancelOpenOrders(BinanceSignedRequest request, long now)
    {
        if (request["symbol"] is not string symbol)
        {
            return Fail(BinanceError.Mandatory("symbol"));
        }

        if (!Exchange.TryGetSymbol(symbol, out _))
        {
            return Fail(BinanceError.InvalidSymbol);
        }

        List<BinanceSimOrder> open = [.. Exchange.OpenOrders(symbol)];
        if (open.Count == 0)
        {
            return Fail(BinanceError.UnknownOrder);
        }

        var canceled = new JsonArray();
        foreach (BinanceSimOrder order in open)
        {
            string cancelClientOrderId = Exchange.NextClientOrderId();
            Exchange.Cancel(order, now, cancelClientOrderId);
            canceled.Add(BinanceJson.Canceled(order, cancelClientOrderId, now));
        }

        return (200, canceled);
    }

    /// <summary>
    /// Cancel then place. STOP_ON_FAILURE: no new order when the cancel fails (answered -2022 with both results);
    /// ALLOW_FAILURE: the new order is tried anyway.
    /// </summary>
    private (int, JsonNode) CancelReplace(BinanceSignedRequest request, long now)
    {
        string? mode = request["cancelReplaceMode"];
        if (mode is not ("STOP_ON_FAILURE" or "ALLOW_FAILURE"))
        {
            return Fail(BinanceError.Mandatory("cancelReplaceMode"));
        }

        BinanceSimOrder? target = Exchange.Find(request["symbol"] ?? string.Empty, long.TryParse(request["cancelOrderId"], out long id) ? id : null, request["cancelOrigClientOrderId"]);
        string cancelClientOrderId = request["cancelNewClientOrderId"] ?? Exchange.NextClientOrderId();
        bool canceled = target is not null && Exchange.Cancel(target, now, cancelClientOrderId) is not null;
        JsonNode cancelResponse = canceled
            ? BinanceJson.Canceled(target!, cancelClientOrderId, now)
            : BinanceJson.Error(BinanceError.UnknownOrder);
        if (!canceled && mode == "STOP_ON_FAILURE")
        {
            return (400, CancelReplaceFailure(cancelResponse, "FAILURE", "NOT_ATTEMPTED", null));
        }

        BinanceError? error = Exchange.Place(request, now, out BinanceSimOrder? placed, out List<BinanceFill> fills);
        JsonNode newOrderResponse = error is null
            ? BinanceJson.NewOrder(placed!, request["newOrderRespType"] ?? "FULL", fills, now)
            : BinanceJson.Error(error);
        if (!canceled || error is not null)
        {
            return (400, CancelReplaceFailure(cancelResponse, canceled ? "SUCCESS" : "FAILURE", error is null ? "SUCCESS" : "FAILURE", newOrderResponse));
        }

        return (200, new JsonObject
        {
            ["cancelResult"] = "SUCCESS",
            ["newOrderResult"] = "SUCCESS",
            ["cancelResponse"] = cancelResponse,
            ["newOrderResponse"] = newOrderResponse,
        });
    }

    private static JsonObject CancelReplaceFailure(JsonNode cancelResponse, string cancelResult, string newOrderResult, JsonNode? newOrderResponse) => new()
    {
        ["code"] = -2022,
        ["msg"] = "Order cancel-replace failed.",
        ["data"] = new JsonObject
        {
            ["cancelResult"] = cancelResult,
            ["newOrderResult"] = newOrderResult,
            ["cancelResponse"] = cancelResponse,
            ["newOrderResponse"] = newOrderResponse,
        },
    };

    private (int, JsonNode) Account(BinanceSignedRequest request, long now) => (200, new JsonObject
    {
        ["makerCommission"] = 10,
        ["takerCommission"] = 10,
        ["canTrade"] = true,
        ["canWithdraw"] = true,
        ["canDeposit"] = true,
        ["updateTime"] = now,
        ["accountType"] = "SPOT",
        ["balances"] = new JsonArray([.. Exchange.Assets.Select(asset => (JsonNode)new JsonObject
        {
            ["asset"] = asset,
            ["free"] = BinanceJson.Decimal(Exchange.Free(asset)),
            ["locked"] = BinanceJson.Decimal(Exchange.Locked(asset)),
        })]),
        ["permissions"] = new JsonArray("SPOT"),
    });

    private (int, JsonNode) MyTrades(BinanceSignedRequest request, long now)
    {
        if (request["symbol"] is not string symbol)
        {
            return Fail(BinanceError.Mandatory("symbol"));
        }

        // orderId: that order's trades only; fromId: trades from that id on, else the most recent ones; limit: at most
        // that many (default 500, at most 1000); oldest first.
        int limit = int.TryParse(request["limit"], out int asked) ? Math.Clamp(asked, 1, 1000) : 500;
        IEnumerable<BinanceFill> matching = Exchange.Fills.Where(f => f.Symbol == symbol);
        if (long.TryParse(request["orderId"], out long orderId))
        {
            matching = matching.Where(f => f.OrderId == orderId);
        }

        List<BinanceFill> selected = long.TryParse(request["fromId"], out long fromId)
            ? [.. matching.Where(f => f.TradeId >= fromId).Take(limit)]
            : [.. matching.TakeLast(limit)];
        var trades = new JsonArray();
        foreach (BinanceFill fill in selected)
        {
            trades.Add(BinanceJson.Trade(fill, Exchange.Find(symbol, fill.OrderId, null)?.ClientOrderId ?? string.Empty));
        }

        return (200, trades);
    }

    private bool TryFindOrder(BinanceSignedRequest request, out BinanceSimOrder? order, out BinanceError? error, BinanceError unknown)
    {
        order = null;
        error = null;
        if (request["symbol"] is not string symbol)
        {
            error = BinanceError.Mandatory("symbol");
            return false;
        }

        long? orderId = long.TryParse(request["orderId"], out long id) ? id : null;
        string? clientOrderId = request["origClientOrderId"];
        if (orderId is null && clientOrderId is null)
        {
            error = new BinanceError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
            return false;
        }

        order = Exchange.Find(symbol, orderId, clientOrderId);
        error = order is null ? unknown : null;
        return order is not null;
    }

    private IResult ExchangeInfo()
    {
        var symbols = new JsonArray();
        foreach (BinanceSymbol symbol in _options.Symbols)
        {
            symbols.Add(new JsonObject
            {
                ["symbol"] = symbol.Name,
                ["status"] = "TRADING",
                ["baseAsset"] = symbol.BaseAsset,
                ["quoteAsset"] = symbol.QuoteAsset,
                ["orderTypes"] = new JsonArray("LIMIT", "LIMIT_MAKER", "MARKET"),
                ["filters"] = new JsonArray(
                    new JsonObject { ["filterType"] = "PRICE_FILTER", ["minPrice"] = BinanceJson.Decimal(symbol.TickSize), ["maxPrice"] = BinanceJson.Decimal(1_000_000m), ["tickSize"] = BinanceJson.Decimal(symbol.TickSize) },
                    new JsonObject { ["filterType"] = "LOT_SIZE", ["minQty"] = BinanceJson.Decimal(symbol.MinQuantity), ["maxQty"] = BinanceJson.Decimal(9_000m), ["stepSize"] = BinanceJson.Decimal(symbol.StepSize) },
                    new JsonObject { ["filterType"] = "NOTIONAL", ["minNotional"] = BinanceJson.Decimal(symbol.MinNotional), ["applyMinToMarket"] = true }),
            });
        }

        return Results.Json(new JsonObject { ["timezone"] = "UTC", ["serverTime"] = _options.ClockMillis(), ["symbols"] = symbols });
    }

    private IResult AddLiquidity(HttpContext context)
    {
        IQueryCollection query = context.Request.Query;
        if (!Exchange.TryGetSymbol(query["symbol"].ToString(), out BinanceSymbol symbol)
            || query["side"].ToString() is not ("BUY" or "SELL")
            || !decimal.TryParse(query["price"], System.Globalization.CultureInfo.InvariantCulture, out decimal price)
            || !decimal.TryParse(query["quantity"], System.Globalization.CultureInfo.InvariantCulture, out decimal quantity)
            || price <= 0 || quantity <= 0)
        {
            return Results.BadRequest(new JsonObject { ["error"] = "want symbol (a configured symbol), side (BUY|SELL), price > 0 and quantity > 0" });
        }

        lock (Gate)
        {
            Exchange.AddLiquidity(symbol, query["side"] == "BUY", price, quantity, _options.ClockMillis());
        }

        return Results.Json(new JsonObject());
    }
}
