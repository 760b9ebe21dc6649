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
/// The Binance spot simulator against the bytes our request writer produces, sent unchanged over TCP: orders are
/// accepted, trade, cancel; and each documented refusal comes back with Binance's code (-1022 bad signature, -1021
/// outside recvWindow, -2011 unknown order, -2010 balance or post-only, -1013 filters, 429 -1015 then 418).
/// </summary>
[TestFixture]
public sealed class BinanceSpotSimulatorTests
{
    private const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    private readonly long _clock = 1_700_000_000_000;
    private BinanceSpotSimulator _simulator = null!;
    private HmacSha256Signer _signer = null!;
    private BinanceRequestWriter _writer = null!;
    private RawHttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _simulator = await StartAsync(ordersPerTenSeconds: 100);
        _signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        _writer = new BinanceRequestWriter(BinanceMarket.Spot, _simulator.BaseAddress.Authority, ApiKey, _signer, "e");
        _http = new RawHttpClient(_simulator.BaseAddress);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        _signer.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public async Task Signed_limit_order_from_our_writer_is_accepted_and_rests()
    {
        VenueOrder order = Limit(Sbe.Side.Buy, price: 6_000_000, quantity: 100_000, id: 42);

        (int status, JsonElement body) = await NewOrderAsync(order);

        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("clientOrderId").GetString(), Is.EqualTo("e42"));
        Assert.That(body.GetProperty("symbol").GetString(), Is.EqualTo("BTCUSDT"));
        lock (_simulator.Gate)
        {
            BinanceSimOrder resting = _simulator.Exchange.OpenOrders("BTCUSDT").Single();
            Assert.That(resting.Price, Is.EqualTo(60_000m));
            Assert.That(resting.OrigQty, Is.EqualTo(0.001m));
            Assert.That(_simulator.Exchange.Locked("USDT"), Is.EqualTo(60m));
        }
    }

    [Test]
    public async Task Resting_order_fills_against_liquidity_and_moves_the_balances_less_commission()
    {
        await NewOrderAsync(Limit(Sbe.Side.Buy, 6_000_000, 100_000, 1));

        lock (_simulator.Gate)
        {
            _simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            _simulator.Exchange.AddLiquidity(symbol, buy: false, 59_000m, 0.002m, _clock);
            BinanceSimOrder filled = _simulator.Exchange.Find("BTCUSDT", null, "e1")!;
            Assert.That(filled.Status, Is.EqualTo("FILLED"));
            Assert.That(filled.CummulativeQuoteQty, Is.EqualTo(60m), "the resting order trades at its own price");
            Assert.That(_simulator.Exchange.Free("USDT"), Is.EqualTo(10_000m - 60m));
            Assert.That(_simulator.Exchange.Locked("USDT"), Is.Zero);
            Assert.That(_simulator.Exchange.Free("BTC"), Is.EqualTo(1m + 0.001m - 0.000001m));
        }
    }

    [Test]
    public async Task Cancel_of_a_resting_order_answers_CANCELED_and_a_second_cancel_is_unknown_order()
    {
        await NewOrderAsync(Limit(Sbe.Side.Sell, 6_100_000, 100_000, 7));
        VenueOrder cancel = Limit(Sbe.Side.Sell, 6_100_000, 100_000, 8);
        cancel.OrigClientOrderId = 7;

        _writer.WriteCancel(in cancel, _clock);
        (int status, JsonElement body) = await SendAsync();
        Assert.That(status, Is.EqualTo(200), body.ToString());
        Assert.That(body.GetProperty("status").GetString(), Is.EqualTo("CANCELED"));
        Assert.That(body.GetProperty("origClientOrderId").GetString(), Is.EqualTo("e7"));
        Assert.That(body.GetProperty("clientOrderId").GetString(), Is.EqualTo("e8"));

        _writer.WriteCancel(in cancel, _clock);
        (status, body) = await SendAsync();
        AssertError(status, body, 400, -2011, "Unknown order sent.");
    }

    [Test]
    public async Task A_flipped_signature_byte_is_refused_with_1022()
    {
        _writer.WriteNewOrder(Limit(Sbe.Side.Buy, 6_000_000, 100_000, 1), _clock);
        byte[] request = _writer.Request.ToArray();
        request[^1] = request[^1] == (byte)'0' ? (byte)'1' : (byte)'0';

        (int status, string text, _) = await _http.SendAsync(request);

        AssertError(status, JsonDocument.Parse(text).RootElement, 400, -1022, "Signature for this request is not valid.");
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OpenOrders(null), Is.Empty);
        }
    }

    [Test]
    public async Task A_timestamp_older_than_recvWindow_is_refused_with_1021()
    {
        _writer.WriteNewOrder(Limit(Sbe.Side.Buy, 6_000_000, 100_000, 1), _clock - 5_001);
        (int status, JsonElement body) = await SendAsync();
        AssertError(status, body, 400, -1021, "Timestamp for this request is outside of the recvWindow.");
    }

    [Test]
    public async Task Filters_balance_and_post_only_refusals_carry_Binances_codes()
    {
        VenueOrder offTick = Limit(Sbe.Side.Buy, 60_000_005, 100_000, 1);
        offTick.PriceScale = 3;
        (int status, JsonElement body) = await NewOrderAsync(offTick);
        AssertError(status, body, 400, -1013, "Filter failure: PRICE_FILTER");

        (status, body) = await NewOrderAsync(Limit(Sbe.Side.Buy, 6_000_000, 1, 2));
        AssertError(status, body, 400, -1013, "Filter failure: LOT_SIZE");

        (status, body) = await NewOrderAsync(Limit(Sbe.Side.Buy, 6_000_000, 100_000_000, 3));
        AssertError(status, body, 400, -2010, "Account has insufficient balance for requested action.");

        lock (_simulator.Gate)
        {
            _simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            _simulator.Exchange.AddLiquidity(symbol, buy: false, 59_000m, 1m, _clock);
        }

        VenueOrder maker = Limit(Sbe.Side.Buy, 6_000_000, 100_000, 4);
        maker.Flags = Sbe.OrderFlags.PostOnly;
        (status, body) = await NewOrderAsync(maker);
        AssertError(status, body, 400, -2010, "Order would immediately match and take.");
    }

    [Test]
    public async Task Order_burst_past_the_limit_gets_429_with_the_used_counts_then_a_418_ban()
    {
        await _simulator.DisposeAsync();
        _simulator = await StartAsync(ordersPerTenSeconds: 3);
        _writer = new BinanceRequestWriter(BinanceMarket.Spot, _simulator.BaseAddress.Authority, ApiKey, _signer, "e");
        _http.Dispose();
        _http = new RawHttpClient(_simulator.BaseAddress);

        var statuses = new List<int>();
        string? lastCount = null;
        for (int i = 1; i <= 16; i++)
        {
            _writer.WriteNewOrder(Limit(Sbe.Side.Buy, 5_000_000, 100_000, (ulong)i), _clock);
            (int status, string text, Dictionary<string, string> headers) = await _http.SendAsync(_writer.Request.ToArray());
            statuses.Add(status);
            headers.TryGetValue("X-MBX-ORDER-COUNT-10S", out lastCount);
            if (status == 429)
            {
                Assert.That(JsonDocument.Parse(text).RootElement.GetProperty("code").GetInt32(), Is.EqualTo(-1015));
            }
        }

        Assert.That(statuses.Take(3), Is.All.EqualTo(200));
        Assert.That(statuses[3], Is.EqualTo(429));
        Assert.That(statuses[^1], Is.EqualTo(418));
        Assert.That(lastCount, Is.Not.Null);
    }

    private async Task<BinanceSpotSimulator> StartAsync(int ordersPerTenSeconds) => await BinanceSpotSimulator.StartAsync(new BinanceSimulatorOptions
    {
        ApiKey = ApiKey,
        Secret = Encoding.ASCII.GetBytes(Secret),
        Symbols = [new BinanceSymbol("BTCUSDT", "BTC", "USDT", TickSize: 0.01m, StepSize: 0.00001m, MinQuantity: 0.00001m, MinNotional: 5m)],
        Balances = new Dictionary<string, decimal> { ["USDT"] = 10_000m, ["BTC"] = 1m },
        ClockMillis = () => _clock,
        OrdersPerTenSeconds = ordersPerTenSeconds,
    });

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

    private static void AssertError(int status, JsonElement body, int expectedStatus, int code, string message)
    {
        Assert.That(status, Is.EqualTo(expectedStatus), body.ToString());
        Assert.That(body.GetProperty("code").GetInt32(), Is.EqualTo(code));
        Assert.That(body.GetProperty("msg").GetString(), Is.EqualTo(message));
    }

    private static VenueOrder Limit(Sbe.Side side, long price, long quantity, ulong id) => new()
    {
        Symbol = "BTCUSDT"u8.ToArray(),
        Side = side,
        Type = Sbe.OrderType.Limit,
        TimeInForce = Sbe.TimeInForce.GoodTillCancel,
        Price = price,
        PriceScale = 2,
        StopPrice = VenueOrder.NullPrice,
        Quantity = quantity,
        QuantityScale = 8,
        ClientOrderId = id,
        ExpireTimeNanos = VenueOrder.NullTime,
    };
}
