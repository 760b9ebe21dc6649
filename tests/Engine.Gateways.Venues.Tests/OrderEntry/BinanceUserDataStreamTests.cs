using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.VenueSimulators.Binance;
using NUnit.Framework;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// Binance spot's user data stream end to end: a listen key from the simulator's REST API, a WebSocket on
/// <c>/ws/&lt;listenKey&gt;</c>, an order sent with our request writer's bytes, and the events that arrive read by our
/// <see cref="BinanceExecutionReportReader"/>; and the listen key's documented refusals.
/// </summary>
[TestFixture]
public sealed class BinanceUserDataStreamTests
{
    private const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const int PriceScale = 2;
    private const int QuantityScale = 8;

    private long _clock = 1_700_000_000_000;
    private BinanceSpotSimulator _simulator = null!;
    private HttpClient _rest = null!;

    [SetUp]
    public async Task SetUp()
    {
        _simulator = await BinanceSpotSimulator.StartAsync(new BinanceSimulatorOptions
        {
            ApiKey = ApiKey,
            Secret = Encoding.ASCII.GetBytes(Secret),
            Symbols = [new BinanceSymbol("BTCUSDT", "BTC", "USDT", TickSize: 0.01m, StepSize: 0.00001m, MinQuantity: 0.00001m, MinNotional: 5m)],
            Balances = new Dictionary<string, decimal> { ["USDT"] = 10_000m, ["BTC"] = 1m },
            ClockMillis = () => Interlocked.Read(ref _clock),
        });
        _rest = new HttpClient { BaseAddress = _simulator.BaseAddress };
    }

    [TearDown]
    public async Task TearDown()
    {
        _rest.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public async Task Order_that_rests_then_fills_arrives_as_NEW_then_TRADE_FILLED_with_its_ids_prices_and_quantities()
    {
        string listenKey = await StartListenKeyAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://{_simulator.BaseAddress.Authority}/ws/{listenKey}"), timeout.Token);

        using var signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, _simulator.BaseAddress.Authority, ApiKey, signer, "e");
        using var http = new RawHttpClient(_simulator.BaseAddress);
        VenueOrder order = Limit(price: 6_000_000, quantity: 100_000, id: 42);
        Assert.That(writer.WriteNewOrder(in order, _clock), Is.EqualTo(Engine.Primitives.ResultCode.Ok));
        (int status, string body, _) = await http.SendAsync(writer.Request.ToArray());
        Assert.That(status, Is.EqualTo(200), body);
        lock (_simulator.Gate)
        {
            _simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            _simulator.Exchange.AddLiquidity(symbol, buy: false, 59_000m, 0.002m, _clock);
        }

        var reader = new BinanceExecutionReportReader("e");
        var reports = new List<BinanceExecutionReport>();
        var buffer = new byte[64 * 1024];
        while (reports.Count < 2)
        {
            int length = await ReceiveMessageAsync(socket, buffer, timeout.Token);
            BinanceUserEventKind kind = reader.Read(buffer.AsSpan(0, length), PriceScale, QuantityScale, out BinanceExecutionReport report);
            Assert.That(kind, Is.Not.EqualTo(BinanceUserEventKind.Malformed), $"{reader.Error}: {Encoding.UTF8.GetString(buffer, 0, length)}");
            if (kind == BinanceUserEventKind.ExecutionReport)
            {
                reports.Add(report);
            }
        }

        BinanceExecutionReport placed = reports[0];
        Assert.That(placed.ExecutionType, Is.EqualTo(BinanceExecutionType.New));
        Assert.That(placed.OrderStatus, Is.EqualTo(BinanceOrderStatus.New));
        Assert.That(placed.IsEngineOrder && placed.EngineOrderId == 42, Is.True, placed.ClientOrderId.ToString());
        Assert.That(placed.Symbol.ToString(), Is.EqualTo("BTCUSDT"));
        Assert.That(placed.Side, Is.EqualTo(Engine.Primitives.Side.Buy));
        Assert.That((placed.Price, placed.Quantity, placed.LastQuantity, placed.TradeId), Is.EqualTo((6_000_000L, 100_000L, 0L, -1L)));
        Assert.That(placed.IsWorking, Is.True);

        BinanceExecutionReport filled = reports[1];
        Assert.That(filled.ExecutionType, Is.EqualTo(BinanceExecutionType.Trade));
        Assert.That(filled.OrderStatus, Is.EqualTo(BinanceOrderStatus.Filled));
        Assert.That(filled.EngineOrderId, Is.EqualTo(42UL));
        Assert.That(filled.VenueOrderId, Is.EqualTo(placed.VenueOrderId));
        Assert.That(filled.LastPrice, Is.EqualTo(6_000_000L), "the resting order trades at its own price");
        Assert.That((filled.LastQuantity, filled.CumulativeQuantity), Is.EqualTo((100_000L, 100_000L)));
        Assert.That(filled.Commission, Is.EqualTo(100L), "0.1% of 0.001 BTC at 8 decimals");
        Assert.That(filled.CommissionAsset.ToString(), Is.EqualTo("BTC"));
        Assert.That(filled.IsMaker, Is.True);
        Assert.That(filled.TradeId, Is.GreaterThan(0));
        Assert.That(filled.TransactionTimeMillis, Is.EqualTo(_clock));
        Assert.That(reader.AccountPositions, Is.GreaterThanOrEqualTo(1), "a balance change is followed by outboundAccountPosition");
    }

    [Test]
    public async Task Cancel_arrives_as_CANCELED_under_the_cancels_client_id_with_the_orders_in_C()
    {
        string listenKey = await StartListenKeyAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://{_simulator.BaseAddress.Authority}/ws/{listenKey}"), timeout.Token);
        using var signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, _simulator.BaseAddress.Authority, ApiKey, signer, "e");
        using var http = new RawHttpClient(_simulator.BaseAddress);
        VenueOrder order = Limit(6_000_000, 100_000, id: 7);
        writer.WriteNewOrder(in order, _clock);
        await http.SendAsync(writer.Request.ToArray());
        VenueOrder cancel = Limit(6_000_000, 100_000, id: 8);
        cancel.OrigClientOrderId = 7;
        writer.WriteCancel(in cancel, _clock);
        (int status, string body, _) = await http.SendAsync(writer.Request.ToArray());
        Assert.That(status, Is.EqualTo(200), body);

        var reader = new BinanceExecutionReportReader("e");
        var buffer = new byte[64 * 1024];
        BinanceExecutionReport report;
        do
        {
            int length = await ReceiveMessageAsync(socket, buffer, timeout.Token);
            Assert.That(reader.Read(buffer.AsSpan(0, length), PriceScale, QuantityScale, out report), Is.Not.EqualTo(BinanceUserEventKind.Malformed), reader.Error);
        }
        while (report.ExecutionType != BinanceExecutionType.Canceled);

        Assert.That(report.OrderStatus, Is.EqualTo(BinanceOrderStatus.Canceled));
        Assert.That((report.EngineOrderId, report.EngineOrigOrderId), Is.EqualTo((8UL, 7UL)));
        Assert.That(report.IsWorking, Is.False);
    }

    [Test]
    public async Task Keep_alive_of_an_unknown_listen_key_is_refused_with_1125()
    {
        await StartListenKeyAsync();

        (int status, JsonElement body) = await SendAsync(HttpMethod.Put, "/api/v3/userDataStream?listenKey=notAKeyWeGaveOut", ApiKey);

        AssertError(status, body, 400, -1125, "This listenKey does not exist.");
    }

    [Test]
    public async Task Listen_key_is_the_same_while_active_and_expires_60_minutes_after_its_last_keep_alive()
    {
        string key = await StartListenKeyAsync();
        Assert.That(await StartListenKeyAsync(), Is.EqualTo(key), "POST on an account with an active key answers that key");

        Interlocked.Add(ref _clock, 59 * 60_000);
        (int status, _) = await SendAsync(HttpMethod.Put, $"/api/v3/userDataStream?listenKey={key}", ApiKey);
        Assert.That(status, Is.EqualTo(200));

        Interlocked.Add(ref _clock, (60 * 60_000) + 1);
        (status, JsonElement body) = await SendAsync(HttpMethod.Put, $"/api/v3/userDataStream?listenKey={key}", ApiKey);
        AssertError(status, body, 400, -1125, "This listenKey does not exist.");
        Assert.That(await StartListenKeyAsync(), Is.Not.EqualTo(key));
    }

    [Test]
    public async Task Listen_key_requests_with_a_missing_or_wrong_API_key_are_refused_with_2014_and_2015()
    {
        (int status, JsonElement body) = await SendAsync(HttpMethod.Post, "/api/v3/userDataStream", apiKey: null);
        AssertError(status, body, 401, -2014, "API-key format invalid.");

        (status, body) = await SendAsync(HttpMethod.Post, "/api/v3/userDataStream", "someoneElsesKey123");
        AssertError(status, body, 401, -2015, "Invalid API-key, IP, or permissions for action.");
    }

    [Test]
    public async Task Closing_the_listen_key_closes_its_WebSocket()
    {
        string key = await StartListenKeyAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://{_simulator.BaseAddress.Authority}/ws/{key}"), timeout.Token);

        (int status, _) = await SendAsync(HttpMethod.Delete, $"/api/v3/userDataStream?listenKey={key}", ApiKey);
        Assert.That(status, Is.EqualTo(200));

        WebSocketReceiveResult result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Close));
        (status, _) = await SendAsync(HttpMethod.Put, $"/api/v3/userDataStream?listenKey={key}", ApiKey);
        Assert.That(status, Is.EqualTo(400));
    }

    [Test]
    public async Task Socket_of_an_expired_listen_key_gets_listenKeyExpired_then_a_close()
    {
        string key = await StartListenKeyAsync();
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync(new Uri($"ws://{_simulator.BaseAddress.Authority}/ws/{key}"), timeout.Token);

        Interlocked.Add(ref _clock, BinanceUserDataStream.ListenKeyLifetimeMillis + 1);
        (int status, _) = await SendAsync(HttpMethod.Put, $"/api/v3/userDataStream?listenKey={key}", ApiKey);
        Assert.That(status, Is.EqualTo(400));

        var buffer = new byte[4096];
        int length = await ReceiveMessageAsync(socket, buffer, timeout.Token);
        var reader = new BinanceExecutionReportReader("e");
        Assert.That(reader.Read(buffer.AsSpan(0, length), PriceScale, QuantityScale, out _), Is.EqualTo(BinanceUserEventKind.ListenKeyExpired), Encoding.UTF8.GetString(buffer, 0, length));
        WebSocketReceiveResult close = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.That(close.MessageType, Is.EqualTo(WebSocketMessageType.Close));
    }

    private async Task<string> StartListenKeyAsync()
    {
        (int status, JsonElement body) = await SendAsync(HttpMethod.Post, "/api/v3/userDataStream", ApiKey);
        Assert.That(status, Is.EqualTo(200), body.ToString());
        return body.GetProperty("listenKey").GetString()!;
    }

    private async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? apiKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (apiKey is not null)
        {
            request.Headers.Add("X-MBX-APIKEY", apiKey);
        }

        using HttpResponseMessage response = await _rest.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>One whole text message into <paramref name="buffer"/>; its length.</summary>
    private static async Task<int> ReceiveMessageAsync(ClientWebSocket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        int length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
            Assert.That(result.MessageType, Is.EqualTo(WebSocketMessageType.Text), "the stream closed before the expected events");
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return length;
    }

    private static void AssertError(int status, JsonElement body, int expectedStatus, int code, string message)
    {
        Assert.That(status, Is.EqualTo(expectedStatus), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code));
        Assert.That(body.GetProperty("msg").GetString(), Is.EqualTo(message));
    }

    private static VenueOrder Limit(long price, long quantity, ulong id) => new()
    {
        Symbol = "BTCUSDT"u8.ToArray(),
        Side = Sbe.Side.Buy,
        Type = Sbe.OrderType.Limit,
        TimeInForce = Sbe.TimeInForce.GoodTillCancel,
        Price = price,
        PriceScale = PriceScale,
        StopPrice = VenueOrder.NullPrice,
        Quantity = quantity,
        QuantityScale = QuantityScale,
        ClientOrderId = id,
        ExpireTimeNanos = VenueOrder.NullTime,
    };
}
