using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Gateways.VenueSimulators.Binance.UsdM;
using NUnit.Framework;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// The Binance USD-M simulator as a client written from Binance's documentation sees it: our request writer's USD-M
/// bytes (new order, modify, cancel, cancel-all, countdown) and a plain signed client for the rest; positions, margin,
/// realized profit and commissions; reduce-only and STOP_MARKET close-position; the countdown dead-man switch; the
/// documented error codes; the user data stream's ORDER_TRADE_UPDATE and ACCOUNT_UPDATE; rate limits.
/// </summary>
[TestFixture]
public sealed class BinanceUsdMSimulatorTests
{
    private const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    private long _clock = 1_700_000_000_000;
    private BinanceUsdMSimulator _simulator = null!;
    private HmacSha256Signer _signer = null!;
    private BinanceRequestWriter _writer = null!;
    private RawHttpClient _http = null!;
    private BinanceSignedTestClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        await StartAsync(ordersPerTenSeconds: 300);
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        _http.Dispose();
        _signer.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public async Task Signed_limit_order_from_our_writer_rests_and_answers_the_documented_order_fields()
    {
        (int status, JsonElement body) = await NewOrderAsync(Limit(Sbe.Side.Buy, price: 500_000, quantity: 10, id: 42));

        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("clientOrderId").GetString(), Is.EqualTo("e42"));
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("NEW"));
        Assert.That(body.GetProperty("price").GetString(), Is.EqualTo("50000.0"));
        Assert.That(body.GetProperty("origQty").GetString(), Is.EqualTo("0.010"));
        Assert.That(body.GetProperty("positionSide").GetString(), Is.EqualTo("BOTH"));
        Assert.That(body.GetProperty("reduceOnly").GetBoolean(), Is.False);
        (status, JsonElement open) = await GetAsync("/fapi/v1/openOrders", "symbol=BTCUSDT");
        Assert.That(status, Is.EqualTo(200));
        Assert.That(open.GetArrayLength(), Is.EqualTo(1));
        (_, JsonElement balance) = await GetAsync("/fapi/v2/balance", string.Empty);
        Assert.That(decimal.Parse(balance[0].GetProperty("availableBalance").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            Is.EqualTo(10_000m - (500m / 20m)), "the open order holds its notional over the leverage");
    }

    [Test]
    public async Task Fills_open_then_close_a_position_with_realized_profit_and_commissions_in_the_wallet()
    {
        await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 10, 1));
        AddLiquidity(buy: false, 50_000m, 0.010m);

        (_, JsonElement risk) = await GetAsync("/fapi/v2/positionRisk", "symbol=BTCUSDT");
        Assert.That(risk[0].GetProperty("positionAmt").GetString(), Is.EqualTo("0.010"));
        Assert.That(risk[0].GetProperty("entryPrice").GetString(), Is.EqualTo("50000.0"));
        Assert.That(risk[0].GetProperty("leverage").GetString(), Is.EqualTo("20"));

        AddLiquidity(buy: true, 51_000m, 0.010m);
        VenueOrder close = Market(Sbe.Side.Sell, 10, 2);
        close.Flags = Sbe.OrderFlags.ReduceOnly;
        (int status, JsonElement body) = await NewOrderAsync(close);
        Assert.That(status, Is.EqualTo(200), body.ToString());

        (_, risk) = await GetAsync("/fapi/v2/positionRisk", "symbol=BTCUSDT");
        Assert.That(risk[0].GetProperty("positionAmt").GetString(), Is.EqualTo("0.000"));
        (_, JsonElement trades) = await GetAsync("/fapi/v1/userTrades", "symbol=BTCUSDT");
        Assert.That(trades.GetArrayLength(), Is.EqualTo(2));
        Assert.That(trades[0].GetProperty("maker").GetBoolean(), Is.True);
        Assert.That(trades[1].GetProperty("realizedPnl").GetString(), Is.EqualTo("10.00000000"));
        Assert.That(trades[1].GetProperty("commission").GetString(), Is.EqualTo("0.25500000"), "taker 0.05% of 510");
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.WalletBalance, Is.EqualTo(10_000m - 0.1m + 10m - 0.255m), "maker 0.02% of 500, the profit, taker 0.05% of 510");
        }
    }

    [Test]
    public async Task Reduce_only_without_a_position_is_refused_with_2022()
    {
        VenueOrder order = Limit(Sbe.Side.Sell, 510_000, 10, 1);
        order.Flags = Sbe.OrderFlags.ReduceOnly;

        (int status, JsonElement body) = await NewOrderAsync(order);

        AssertError(status, body, -2022, "ReduceOnly Order is rejected.");
    }

    [Test]
    public async Task Stop_market_close_position_waits_for_the_last_trade_then_flattens_the_position()
    {
        await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 10, 1));
        AddLiquidity(buy: false, 50_000m, 0.010m);
        (int status, JsonElement stop) = await PostAsync("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=STOP_MARKET&stopPrice=49000&closePosition=true&workingType=MARK_PRICE&newClientOrderId=stop1");
        Assert.That(status, Is.EqualTo(200), stop.ToString());
        Assert.That(stop.GetProperty("closePosition").GetBoolean(), Is.True);
        AddLiquidity(buy: true, 48_900m, 1m);

        await PrintTradeAsync(49_500m);
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.Position("BTCUSDT").Amount, Is.EqualTo(0.010m), "49,500 has not reached the stop");
        }

        await PrintTradeAsync(49_000m);

        (_, JsonElement order) = await GetAsync("/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=stop1");
        Assert.That(order.GetProperty("status").GetString(), Is.EqualTo("FILLED"));
        Assert.That(order.GetProperty("avgPrice").GetString(), Is.EqualTo("48900.0"));
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.Position("BTCUSDT").Amount, Is.Zero);
        }
    }

    [Test]
    public async Task Stop_that_the_last_price_already_reached_is_refused_with_2021()
    {
        await PrintTradeAsync(50_000m);

        (int status, JsonElement body) = await PostAsync("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=STOP_MARKET&stopPrice=49000&quantity=0.010");

        AssertError(status, body, -2021, "Order would immediately trigger.");
    }

    [Test]
    public async Task Modify_moves_price_and_quantity_and_an_unchanged_modify_is_5027()
    {
        await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 10, 1));
        VenueOrder amend = Limit(Sbe.Side.Buy, 499_000, 20, 2);
        amend.OrigClientOrderId = 1;

        Assert.That(_writer.WriteAmend(in amend, _clock), Is.EqualTo(Engine.Primitives.ResultCode.Ok));
        (int status, JsonElement body) = await SendAsync();

        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("price").GetString(), Is.EqualTo("49900.0"));
        Assert.That(body.GetProperty("origQty").GetString(), Is.EqualTo("0.020"));
        Assert.That(body.GetProperty("clientOrderId").GetString(), Is.EqualTo("e1"), "a modify keeps the order's ids");
        _writer.WriteAmend(in amend, _clock);
        (status, body) = await SendAsync();
        AssertError(status, body, -5027, "No need to modify the order.");
    }

    [Test]
    public async Task Cancel_then_cancel_again_is_2011_and_cancel_all_answers_code_200()
    {
        await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 10, 1));
        await NewOrderAsync(Limit(Sbe.Side.Buy, 499_000, 10, 2));
        await NewOrderAsync(Limit(Sbe.Side.Sell, 510_000, 10, 3));
        VenueOrder cancel = Limit(Sbe.Side.Buy, 500_000, 10, 4);
        cancel.OrigClientOrderId = 1;

        _writer.WriteCancel(in cancel, _clock);
        (int status, JsonElement body) = await SendAsync();
        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("CANCELED"));
        _writer.WriteCancel(in cancel, _clock);
        (status, body) = await SendAsync();
        AssertError(status, body, -2011, "Unknown order sent.");

        _writer.WriteCancelAll("BTCUSDT"u8, _clock);
        (status, body) = await SendAsync();
        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(200));
        Assert.That(body.GetProperty("msg").GetString(), Is.EqualTo("The operation of cancel all open order is done."));
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OpenOrders(null), Is.Empty);
        }
    }

    [Test]
    public async Task Countdown_cancels_every_open_order_of_the_symbol_once_it_runs_out_unless_renewed_or_disarmed()
    {
        await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 10, 1));
        await PostAsync("/fapi/v1/order", "symbol=BTCUSDT&side=SELL&type=STOP_MARKET&stopPrice=40000&closePosition=true");
        _writer.WriteCountdownCancelAll("BTCUSDT"u8, 2_000, _clock);
        (int status, JsonElement body) = await SendAsync();
        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("countdownTime").GetString(), Is.EqualTo("2000"));

        Interlocked.Add(ref _clock, 1_500);
        _writer.WriteCountdownCancelAll("BTCUSDT"u8, 2_000, _clock);
        await SendAsync();
        Interlocked.Add(ref _clock, 1_500);
        await Task.Delay(100);
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OpenOrders("BTCUSDT").Count(), Is.EqualTo(2), "the heartbeat renewed the countdown");
        }

        Interlocked.Add(ref _clock, 1_000);
        await WaitUntilAsync(() => !_simulator.Exchange.OpenOrders("BTCUSDT").Any());
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.CountdownDeadline("BTCUSDT"), Is.Null, "a countdown that fired is disarmed");
        }

        await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 10, 5));
        _writer.WriteCountdownCancelAll("BTCUSDT"u8, 1_000, _clock);
        await SendAsync();
        _writer.WriteCountdownCancelAll("BTCUSDT"u8, 0, _clock);
        await SendAsync();
        Interlocked.Add(ref _clock, 5_000);
        await Task.Delay(100);
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OpenOrders("BTCUSDT").Count(), Is.EqualTo(1), "countdownTime 0 disarmed it");
        }
    }

    [Test]
    public async Task Refusals_carry_the_USD_M_codes_and_texts()
    {
        VenueOrder offTick = Limit(Sbe.Side.Buy, 5_000_005, 10, 1);
        offTick.PriceScale = 2;
        (int status, JsonElement body) = await NewOrderAsync(offTick);
        AssertError(status, body, -4014, "Price not increased by tick size.");

        (status, body) = await PostAsync("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&price=50000&quantity=0.0105");
        AssertError(status, body, -4023, "Qty not increased by step size.");

        (status, body) = await PostAsync("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&price=50000.000000001&quantity=0.010");
        AssertError(status, body, -1111, "Precision is over the maximum defined for this asset.");

        (status, body) = await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 1, 2));
        AssertError(status, body, -4164, "Order's notional must be no smaller than 100 (unless you choose reduce only).");

        (status, body) = await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 5_000, 3));
        AssertError(status, body, -2019, "Margin is insufficient.");

        (status, body) = await PostAsync("/fapi/v1/order", "symbol=BTCUSDT&side=BUY&positionSide=LONG&type=LIMIT&timeInForce=GTC&price=50000&quantity=0.010");
        AssertError(status, body, -4061, "Order's position side does not match user's setting.");

        AddLiquidity(buy: false, 50_000m, 1m);
        VenueOrder maker = Limit(Sbe.Side.Buy, 500_000, 10, 4);
        maker.Flags = Sbe.OrderFlags.PostOnly;
        (status, body) = await NewOrderAsync(maker);
        AssertError(status, body, -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history");

        (status, body) = await GetAsync("/fapi/v1/order", "symbol=BTCUSDT&origClientOrderId=nope");
        AssertError(status, body, -2013, "Order does not exist.");

        _writer.WriteNewOrder(Limit(Sbe.Side.Buy, 490_000, 10, 5), _clock - 5_001);
        (status, body) = await SendAsync();
        AssertError(status, body, -1021, "Timestamp for this request is outside of the recvWindow.");

        _writer.WriteNewOrder(Limit(Sbe.Side.Buy, 490_000, 10, 6), _clock);
        byte[] request = _writer.Request.ToArray();
        request[^1] = request[^1] == (byte)'0' ? (byte)'1' : (byte)'0';
        (status, string text, _) = await _http.SendAsync(request);
        AssertError(status, JsonDocument.Parse(text).RootElement, -1022, "Signature for this request is not valid.");
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OpenOrders(null), Is.Empty, "no refused order was recorded");
        }
    }

    [Test]
    public async Task User_data_stream_pushes_ORDER_TRADE_UPDATE_for_each_change_and_ACCOUNT_UPDATE_for_each_fill()
    {
        (int status, JsonElement key) = await _client.SendAsync(HttpMethod.Post, "/fapi/v1/listenKey", string.Empty, signed: false);
        Assert.That(status, Is.EqualTo(200), key.ToString());
        string listenKey = key.GetProperty("listenKey").GetString()!;
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://{_simulator.BaseAddress.Authority}/ws/{listenKey}"), timeout.Token);

        await NewOrderAsync(Limit(Sbe.Side.Buy, 500_000, 10, 7));
        AddLiquidity(buy: false, 50_000m, 0.004m);

        JsonElement placed = await ReceiveAsync(socket, timeout.Token);
        JsonElement traded = await ReceiveAsync(socket, timeout.Token);
        JsonElement account = await ReceiveAsync(socket, timeout.Token);
        Assert.That(placed.GetProperty("e").GetString(), Is.EqualTo("ORDER_TRADE_UPDATE"));
        JsonElement order = placed.GetProperty("o");
        Assert.That((order.GetProperty("c").GetString(), order.GetProperty("x").GetString(), order.GetProperty("X").GetString(), order.GetProperty("o").GetString()),
            Is.EqualTo(("e7", "NEW", "NEW", "LIMIT")));
        Assert.That(order.TryGetProperty("N", out _), Is.False, "no commission fields without a fill");
        JsonElement fill = traded.GetProperty("o");
        Assert.That((fill.GetProperty("x").GetString(), fill.GetProperty("X").GetString(), fill.GetProperty("l").GetString(), fill.GetProperty("L").GetString(), fill.GetProperty("z").GetString()),
            Is.EqualTo(("TRADE", "PARTIALLY_FILLED", "0.004", "50000.0", "0.004")));
        Assert.That((fill.GetProperty("N").GetString(), fill.GetProperty("n").GetString(), fill.GetProperty("m").GetBoolean(), fill.GetProperty("ps").GetString()),
            Is.EqualTo(("USDT", "0.04000000", true, "BOTH")));
        Assert.That(account.GetProperty("e").GetString(), Is.EqualTo("ACCOUNT_UPDATE"));
        JsonElement position = account.GetProperty("a").GetProperty("P")[0];
        Assert.That((position.GetProperty("s").GetString(), position.GetProperty("pa").GetString(), position.GetProperty("ep").GetString()),
            Is.EqualTo(("BTCUSDT", "0.004", "50000.0")));
        Assert.That(account.GetProperty("a").GetProperty("B")[0].GetProperty("wb").GetString(), Is.EqualTo("9999.96000000"));

        (status, key) = await _client.SendAsync(HttpMethod.Put, "/fapi/v1/listenKey", string.Empty, signed: false);
        Assert.That(key.GetProperty("listenKey").GetString(), Is.EqualTo(listenKey), "USD-M's keep-alive answers the key");
        (status, _) = await _client.SendAsync(HttpMethod.Delete, "/fapi/v1/listenKey", string.Empty, signed: false);
        Assert.That(status, Is.EqualTo(200));
        (status, key) = await _client.SendAsync(HttpMethod.Put, "/fapi/v1/listenKey", string.Empty, signed: false);
        AssertError(status, key, -1125, "This listenKey does not exist.");
    }

    [Test]
    public async Task Order_burst_past_the_limit_gets_429_with_the_used_counts_then_a_418_ban()
    {
        await _simulator.DisposeAsync();
        _http.Dispose();
        _client.Dispose();
        await StartAsync(ordersPerTenSeconds: 3);

        var statuses = new List<int>();
        for (int i = 1; i <= 16; i++)
        {
            _writer.WriteNewOrder(Limit(Sbe.Side.Buy, 400_000, 10, (ulong)i), _clock);
            (int status, string text, Dictionary<string, string> headers) = await _http.SendAsync(_writer.Request.ToArray());
            statuses.Add(status);
            Assert.That(headers.ContainsKey("X-MBX-ORDER-COUNT-10S"), Is.True);
            if (status == 429)
            {
                Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32(), Is.EqualTo(-1015));
            }
        }

        Assert.That(statuses.Take(3), Is.All.EqualTo(200));
        Assert.That(statuses[3], Is.EqualTo(429));
        Assert.That(statuses[^1], Is.EqualTo(418));
    }

    private async Task StartAsync(int ordersPerTenSeconds)
    {
        _simulator = await BinanceUsdMSimulator.StartAsync(new BinanceSimulatorOptions
        {
            ApiKey = ApiKey,
            Secret = Encoding.ASCII.GetBytes(Secret),
            Symbols = [new BinanceSymbol("BTCUSDT", "BTC", "USDT", TickSize: 0.1m, StepSize: 0.001m, MinQuantity: 0.001m, MinNotional: 100m)],
            Balances = new Dictionary<string, decimal> { ["USDT"] = 10_000m },
            ClockMillis = () => Interlocked.Read(ref _clock),
            RequestWeightPerMinute = 2_400,
            OrdersPerTenSeconds = ordersPerTenSeconds,
        });
        _writer = new BinanceRequestWriter(BinanceMarket.UsdM, _simulator.BaseAddress.Authority, ApiKey, _signer, "e");
        _http = new RawHttpClient(_simulator.BaseAddress);
        _client = new BinanceSignedTestClient(_simulator.BaseAddress, ApiKey, Secret, () => Interlocked.Read(ref _clock));
    }

    private static VenueOrder Limit(Sbe.Side side, long price, long quantity, ulong id) => new()
    {
        Symbol = "BTCUSDT"u8.ToArray(),
        Side = side,
        Type = Sbe.OrderType.Limit,
        TimeInForce = Sbe.TimeInForce.GoodTillCancel,
        Price = price,
        PriceScale = 1,
        StopPrice = VenueOrder.NullPrice,
        Quantity = quantity,
        QuantityScale = 3,
        ClientOrderId = id,
        ExpireTimeNanos = VenueOrder.NullTime,
    };

    private static VenueOrder Market(Sbe.Side side, long quantity, ulong id)
    {
        VenueOrder order = Limit(side, VenueOrder.NullPrice, quantity, id);
        order.Type = Sbe.OrderType.Market;
        order.TimeInForce = Sbe.TimeInForce.ImmediateOrCancel;
        return order;
    }

    private void AddLiquidity(bool buy, decimal price, decimal quantity)
    {
        lock (_simulator.Gate)
        {
            _simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            _simulator.Exchange.AddLiquidity(symbol, buy, price, quantity, Interlocked.Read(ref _clock));
        }
    }

    private async Task PrintTradeAsync(decimal price)
    {
        using var http = new HttpClient { BaseAddress = _simulator.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync($"/sim/v1/trade?symbol=BTCUSDT&price={price.ToString(System.Globalization.CultureInfo.InvariantCulture)}&quantity=0.001", null);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }

    private async Task<(int Status, JsonElement Body)> NewOrderAsync(VenueOrder order)
    {
        Assert.That(_writer.WriteNewOrder(in order, _clock), Is.EqualTo(Engine.Primitives.ResultCode.Ok));
        return await SendAsync();
    }

    private async Task<(int Status, JsonElement Body)> SendAsync()
    {
        (int status, string text, _) = await _http.SendAsync(_writer.Request.ToArray());
        return (status, JsonDocument.Parse(text).RootElement);
    }

    private Task<(int Status, JsonElement Body)> GetAsync(string path, string parameters) => _client.SendAsync(HttpMethod.Get, path, parameters);

    private Task<(int Status, JsonElement Body)> PostAsync(string path, string parameters) => _client.SendAsync(HttpMethod.Post, path, parameters);

    /// <summary>Polls the exchange under its lock until <paramref name="condition"/> holds (the simulator's 10 ms clock acts on its own).</summary>
    private async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500; i++)
        {
            lock (_simulator.Gate)
            {
                if (condition())
                {
                    return;
                }
            }

            await Task.Delay(20);
        }

        Assert.Fail("the simulator never reached the expected state");
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        int length = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancellationToken);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return JsonDocument.Parse(buffer.AsMemory(0, length)).RootElement.Clone();
    }

    private static void AssertError(int status, JsonElement body, int code, string message)
    {
        Assert.That(status, Is.EqualTo(code is -1003 or -1015 ? 429 : 400), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code), body.ToString());
        Assert.That(body.GetProperty("msg").GetString(), Is.EqualTo(message));
    }
}
