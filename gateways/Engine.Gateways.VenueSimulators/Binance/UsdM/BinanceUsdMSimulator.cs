using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// A local Binance USD-M futures REST API and user data stream on loopback (Kestrel), over
/// <see cref="BinanceUsdMExchange"/>: the documented paths, parameters, HMAC-SHA256 signing, JSON fields, error codes
/// and rate-limit headers of <c>/fapi</c>, the same signing, limits and faults as the spot simulator
/// (<see cref="BinanceRequestPipeline"/>) and the same listen-key stream (<see cref="BinanceUserDataStream"/>, at
/// <c>/fapi/v1/listenKey</c>) pushing <c>ORDER_TRADE_UPDATE</c> and <c>ACCOUNT_UPDATE</c>. A timer runs the venue's
/// clock-driven work every 10 ms (countdown cancel-all, GTD expiry), as Binance checks its countdowns. Control paths
/// outside Binance's API: <c>POST /sim/v1/liquidity</c> rests the other side's orders, <c>POST /sim/v1/trade</c>
/// prints a trade between other accounts at a price (it moves the last and mark price, which triggers stops),
/// <c>/sim/v1/fault</c> and <c>/sim/v1/userDataStream/suspend|resume</c> as on spot.
/// </summary>
public sealed partial class BinanceUsdMSimulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BinanceSimulatorOptions _options;
    private readonly BinanceRequestPipeline _pipeline;
    private readonly BinanceUserDataStream _userDataStream;
    private readonly CancellationTokenSource _stopping = new();
    private Task _clock = Task.CompletedTask;

    private BinanceUsdMSimulator(WebApplication app, BinanceSimulatorOptions options)
    {
        _app = app;
        _options = options;
        Exchange = new BinanceUsdMExchange(options.Symbols, options.Balances.GetValueOrDefault("USDT"));
        _pipeline = new BinanceRequestPipeline(Gate, options, now => Exchange.Tick(now));
        _userDataStream = new BinanceUserDataStream(_pipeline, options, BinanceListenKeyApi.UsdM);
        Exchange.OrderChanged += OnOrderChanged;
        Exchange.AccountChanged += OnAccountChanged;
    }

    /// <summary>The account and books; lock <see cref="Gate"/> to read them while the server runs.</summary>
    public BinanceUsdMExchange Exchange { get; }

    public object Gate { get; } = new();

    /// <summary>http://127.0.0.1:PORT</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Faults applied so far.</summary>
    public int FaultsApplied => _pipeline.FaultsApplied;

    public static async Task<BinanceUsdMSimulator> StartAsync(BinanceSimulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        WebApplication app = builder.Build();
        var simulator = new BinanceUsdMSimulator(app, options);
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
        await _userDataStream.StopAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _userDataStream.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Queues a fault for the next order request (new order or modify) that arrives.</summary>
    public void InjectFault(BinanceFault fault) => _pipeline.InjectFault(fault);

    /// <summary>Closes every user-data-stream socket and refuses new ones until <see cref="ResumeUserDataStream"/>.</summary>
    public void SuspendUserDataStream()
    {
        lock (Gate)
        {
            _userDataStream.Suspend();
        }
    }

    public void ResumeUserDataStream()
    {
        lock (Gate)
        {
            _userDataStream.Resume();
        }
    }

    /// <summary>Sends raw bytes on every open user-data-stream socket: malformed or foreign events, for tests.</summary>
    public void PushUserDataMessage(byte[] message)
    {
        lock (Gate)
        {
            _userDataStream.PushRaw(message);
        }
    }

    private void MapRoutes()
    {
        _app.MapGet("/fapi/v1/ping", () => Results.Json(new JsonObject()));
        _app.MapGet("/fapi/v1/time", () => Results.Json(new JsonObject { ["serverTime"] = _options.ClockMillis() }));
        _app.MapGet("/fapi/v1/exchangeInfo", ExchangeInfo);
        _app.MapPost("/fapi/v1/order", context => _pipeline.Signed(context, weight: 0, isOrder: true, PlaceOrder));
        _app.MapPut("/fapi/v1/order", context => _pipeline.Signed(context, weight: 1, isOrder: true, ModifyOrder));
        _app.MapDelete("/fapi/v1/order", context => _pipeline.Signed(context, weight: 1, isOrder: false, CancelOrder));
        _app.MapGet("/fapi/v1/order", context => _pipeline.Signed(context, weight: 1, isOrder: false, QueryOrder));
        _app.MapGet("/fapi/v1/openOrders", context => _pipeline.Signed(context, weight: context.Request.Query.ContainsKey("symbol") ? 1 : 40, isOrder: false, OpenOrders));
        _app.MapDelete("/fapi/v1/allOpenOrders", context => _pipeline.Signed(context, weight: 1, isOrder: false, CancelAllOpenOrders));
        _app.MapPost("/fapi/v1/countdownCancelAll", context => _pipeline.Signed(context, weight: 10, isOrder: false, CountdownCancelAll));
        _app.MapGet("/fapi/v1/userTrades", context => _pipeline.Signed(context, weight: 5, isOrder: false, UserTrades));
        _app.MapPost("/fapi/v1/leverage", context => _pipeline.Signed(context, weight: 1, isOrder: false, ChangeLeverage));
        _app.MapGet("/fapi/v1/positionSide/dual", context => _pipeline.Signed(context, weight: 30, isOrder: false, (_, _) => (200, new JsonObject { ["dualSidePosition"] = false })));
        _app.MapPost("/fapi/v1/positionSide/dual", context => _pipeline.Signed(context, weight: 1, isOrder: false, ChangePositionMode));
        _app.MapGet("/fapi/v2/account", context => _pipeline.Signed(context, weight: 5, isOrder: false, (_, now) => (200, BinanceUsdMJson.Account(Exchange, now))));
        _app.MapGet("/fapi/v2/balance", context => _pipeline.Signed(context, weight: 5, isOrder: false, Balance));
        _app.MapGet("/fapi/v3/balance", context => _pipeline.Signed(context, weight: 5, isOrder: false, Balance));
        _app.MapGet("/fapi/v2/positionRisk", context => _pipeline.Signed(context, weight: 5, isOrder: false, PositionRisk));
        _app.MapPost("/sim/v1/liquidity", context => Control(context, trade: false));
        _app.MapPost("/sim/v1/trade", context => Control(context, trade: true));
        _pipeline.MapFaultRoute(_app);
        _userDataStream.MapRoutes(_app);
    }

    /// <summary>Every 10 ms, under the lock: due countdowns cancel their symbol's orders, GTD orders expire.</summary>
    private async Task RunClockAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false))
            {
                lock (Gate)
                {
                    Exchange.Tick(_options.ClockMillis());
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The simulator is stopping.
        }
    }

    /// <summary>Raised by the exchange under the gate: queue the order's ORDER_TRADE_UPDATE.</summary>
    private void OnOrderChanged(BinanceUsdMOrder order, string executionType, BinanceUsdMFill? fill)
    {
        long now = _options.ClockMillis();
        if (_userDataStream.HasListeners(now))
        {
            _userDataStream.Publish(BinanceUsdMUserDataJson.OrderTradeUpdate(Exchange, order, executionType, fill, now));
        }
    }

    private void OnAccountChanged(BinanceUsdMPosition position)
    {
        long now = _options.ClockMillis();
        if (_userDataStream.HasListeners(now))
        {
            _userDataStream.Publish(BinanceUsdMUserDataJson.AccountUpdate(Exchange, position, now));
        }
    }

    private IResult ExchangeInfo()
    {
        var symbols = new JsonArray();
        foreach (BinanceSymbol symbol in _options.Symbols)
        {
            symbols.Add(new JsonObject
            {
                ["symbol"] = symbol.Name,
                ["pair"] = symbol.Name,
                ["contractType"] = "PERPETUAL",
                ["deliveryDate"] = 4_133_404_800_000,
                ["onboardDate"] = 1_569_398_400_000,
                ["status"] = "TRADING",
                ["baseAsset"] = symbol.BaseAsset,
                ["quoteAsset"] = symbol.QuoteAsset,
                ["marginAsset"] = symbol.QuoteAsset,
                ["pricePrecision"] = symbol.PriceScale,
                ["quantityPrecision"] = symbol.QuantityScale,
                ["baseAssetPrecision"] = 8,
                ["quotePrecision"] = 8,
                ["underlyingType"] = "COIN",
                ["triggerProtect"] = "0.0500",
                ["filters"] = new JsonArray(
                    new JsonObject { ["filterType"] = "PRICE_FILTER", ["minPrice"] = BinanceUsdMJson.Price(symbol.TickSize, symbol), ["maxPrice"] = BinanceUsdMJson.Price(1_000_000m, symbol), ["tickSize"] = BinanceUsdMJson.Price(symbol.TickSize, symbol) },
                    new JsonObject { ["filterType"] = "LOT_SIZE", ["minQty"] = BinanceUsdMJson.Quantity(symbol.MinQuantity, symbol), ["maxQty"] = "1000", ["stepSize"] = BinanceUsdMJson.Quantity(symbol.StepSize, symbol) },
                    new JsonObject { ["filterType"] = "MARKET_LOT_SIZE", ["minQty"] = BinanceUsdMJson.Quantity(symbol.MinQuantity, symbol), ["maxQty"] = "120", ["stepSize"] = BinanceUsdMJson.Quantity(symbol.StepSize, symbol) },
                    new JsonObject { ["filterType"] = "MAX_NUM_ORDERS", ["limit"] = 200 },
                    new JsonObject { ["filterType"] = "MAX_NUM_ALGO_ORDERS", ["limit"] = 10 },
                    new JsonObject { ["filterType"] = "MIN_NOTIONAL", ["notional"] = symbol.MinNotional.ToString(CultureInfo.InvariantCulture) }),
                ["orderTypes"] = new JsonArray("LIMIT", "MARKET", "STOP", "STOP_MARKET"),
                ["timeInForce"] = new JsonArray("GTC", "IOC", "FOK", "GTX", "GTD"),
            });
        }

        return Results.Json(new JsonObject
        {
            ["timezone"] = "UTC",
            ["serverTime"] = _options.ClockMillis(),
            ["futuresType"] = "U_MARGINED",
            ["rateLimits"] = new JsonArray(
                new JsonObject { ["rateLimitType"] = "REQUEST_WEIGHT", ["interval"] = "MINUTE", ["intervalNum"] = 1, ["limit"] = _options.RequestWeightPerMinute },
                new JsonObject { ["rateLimitType"] = "ORDERS", ["interval"] = "SECOND", ["intervalNum"] = 10, ["limit"] = _options.OrdersPerTenSeconds }),
            ["exchangeFilters"] = new JsonArray(),
            ["assets"] = new JsonArray(new JsonObject { ["asset"] = "USDT", ["marginAvailable"] = true, ["autoAssetExchange"] = "-10000" }),
            ["symbols"] = symbols,
        });
    }

    private async Task Control(HttpContext context, bool trade)
    {
        IQueryCollection query = context.Request.Query;
        BinanceSymbol symbol = null!;
        bool valid = Exchange.TryGetSymbol(query["symbol"].ToString(), out symbol)
            & decimal.TryParse(query["price"], CultureInfo.InvariantCulture, out decimal price)
            & decimal.TryParse(query["quantity"], CultureInfo.InvariantCulture, out decimal quantity);
        string side = query["side"].ToString();
        if (!valid || price <= 0 || quantity <= 0 || (!trade && side is not ("BUY" or "SELL")))
        {
            await BinanceHttp.WriteAsync(context, 400, new JsonObject
            {
                ["error"] = trade
                    ? "want symbol (a configured symbol), price > 0 and quantity > 0"
                    : "want symbol (a configured symbol), side (BUY|SELL), price > 0 and quantity > 0",
            }).ConfigureAwait(false);
            return;
        }

        lock (Gate)
        {
            long now = _options.ClockMillis();
            if (trade)
            {
                Exchange.PrintTrade(symbol, price, quantity, now);
            }
            else
            {
                Exchange.AddLiquidity(symbol, side == "BUY", price, quantity, now);
            }
        }

        await BinanceHttp.WriteAsync(context, 200, new JsonObject()).ConfigureAwait(false);
    }
}
