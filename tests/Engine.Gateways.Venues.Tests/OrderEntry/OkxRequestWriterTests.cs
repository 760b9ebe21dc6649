using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Engine.Gateways.Venues.Okx.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.VenueSimulators.Okx;
using Engine.Primitives;
using NUnit.Framework;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// <see cref="OkxRequestWriter"/>'s bytes: the documented headers and a signature that a plain HMAC over timestamp +
/// POST + path + body reproduces; accepted as they are by the OKX simulator (place on spot and swap, amend, cancel,
/// the engine's id as clOrdId); what OKX cannot express refused before anything is written; nothing allocated per order.
/// </summary>
[TestFixture]
public sealed class OkxRequestWriterTests
{
    private const string ApiKey = "okx-writer-key";
    private const string Secret = "WriterSecret0123456789";
    private const string Passphrase = "WriterPass1";

    private long _clock = 1_700_000_000_000;
    private OkxSimulator _simulator = null!;
    private HmacSha256Signer _signer = null!;
    private OkxRequestWriter _writer = null!;
    private RawHttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _clock = 1_700_000_000_000;
        _simulator = await OkxSimulator.StartAsync(new OkxSimulatorOptions
        {
            ApiKey = ApiKey,
            Secret = Encoding.ASCII.GetBytes(Secret),
            Passphrase = Passphrase,
            Instruments =
            [
                new OkxInstrument("BTC-USDT", "SPOT", "BTC", "USDT", "USDT", 0.1m, 0.00000001m, 0.00001m, 1m),
                new OkxInstrument("BTC-USDT-SWAP", "SWAP", "BTC", "USDT", "USDT", 0.1m, 0.01m, 0.01m, 0.01m),
            ],
            Balances = new Dictionary<string, decimal> { ["USDT"] = 100_000m, ["BTC"] = 1m },
            ClockMillis = () => _clock,
        });
        _signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        _writer = new OkxRequestWriter(_simulator.BaseAddress.Authority, ApiKey, Passphrase, _signer, "e");
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
    public void Timestamp_is_the_documented_ISO_8601_form_with_milliseconds()
    {
        var text = new byte[OkxTimestamp.Length];
        OkxTimestamp.Write(1_607_418_537_715, text);

        Assert.That(Encoding.ASCII.GetString(text), Is.EqualTo("2020-12-08T09:08:57.715Z"));
    }

    [Test]
    public void Signature_header_is_the_base64_HMAC_of_timestamp_method_path_and_body()
    {
        VenueOrder order = Limit("BTC-USDT", Sbe.Side.Buy, price: 500_000, priceScale: 1, quantity: 10_000_000, quantityScale: 8, id: 7);
        _writer.WriteNewOrder(in order, swap: false, 1_607_418_537_715);
        string request = Encoding.ASCII.GetString(_writer.Request);
        string body = Encoding.ASCII.GetString(_writer.Body);
        string expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.ASCII.GetBytes(Secret), Encoding.ASCII.GetBytes("2020-12-08T09:08:57.715ZPOST/api/v5/trade/order" + body)));

        Assert.That(body, Is.EqualTo("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"e7","side":"buy","ordType":"limit","px":"50000","sz":"0.1"}"""));
        Assert.That(request, Does.StartWith("POST /api/v5/trade/order HTTP/1.1\r\n"));
        Assert.That(request, Does.Contain("\r\nOK-ACCESS-TIMESTAMP: 2020-12-08T09:08:57.715Z\r\n"));
        Assert.That(request, Does.Contain("\r\nOK-ACCESS-PASSPHRASE: WriterPass1\r\n"));
        Assert.That(request, Does.Contain("\r\nOK-ACCESS-SIGN: " + expected + "\r\n"));
        Assert.That(request, Does.EndWith("\r\n\r\n" + body));
    }

    [Test]
    public async Task Simulator_accepts_a_spot_order_then_its_amend_and_cancel_under_the_engine_ids()
    {
        VenueOrder order = Limit("BTC-USDT", Sbe.Side.Buy, price: 400_000, priceScale: 1, quantity: 1_000_000, quantityScale: 8, id: 12);
        _writer.WriteNewOrder(in order, swap: false, _clock);
        (int status, string placed, _) = await _http.SendAsync(_writer.Request.ToArray());
        order.OrigClientOrderId = 12;
        order.ClientOrderId = 13;
        order.Price = 400_010;
        order.Quantity = 2_000_000;
        _writer.WriteAmend(in order, _clock);
        (_, string amended, _) = await _http.SendAsync(_writer.Request.ToArray());
        OkxSimOrder? afterAmend;
        lock (_simulator.Gate)
        {
            afterAmend = _simulator.Exchange.Find("BTC-USDT", null, "e12", _clock);
        }

        _writer.WriteCancel(in order, _clock);
        (_, string canceled, _) = await _http.SendAsync(_writer.Request.ToArray());

        Assert.That(status, Is.EqualTo(200), placed);
        Assert.That(SCode(placed), Is.EqualTo("0"), placed);
        Assert.That(SCode(amended), Is.EqualTo("0"), amended);
        Assert.That(JsonDocument.Parse(amended).RootElement.GetProperty("data")[0].GetProperty("reqId").GetString(), Is.EqualTo("e13"));
        Assert.That(afterAmend!.Px, Is.EqualTo(40_001m));
        Assert.That(afterAmend.Sz, Is.EqualTo(0.02m));
        Assert.That(SCode(canceled), Is.EqualTo("0"), canceled);
        Assert.That(afterAmend.State, Is.EqualTo("canceled"));
    }

    [Test]
    public async Task Swap_market_order_trades_in_contracts_and_a_reduce_only_order_closes_the_position()
    {
        using (var control = new HttpClient { BaseAddress = _simulator.BaseAddress })
        {
            using HttpResponseMessage ask = await control.PostAsync(new Uri("/sim/v1/liquidity?instId=BTC-USDT-SWAP&side=sell&price=50000&size=3", UriKind.Relative), null);
            using HttpResponseMessage bid = await control.PostAsync(new Uri("/sim/v1/liquidity?instId=BTC-USDT-SWAP&side=buy&price=49000&size=3", UriKind.Relative), null);
        }

        VenueOrder buy = Market("BTC-USDT-SWAP", Sbe.Side.Buy, quantity: 300, quantityScale: 2, id: 21);
        _writer.WriteNewOrder(in buy, swap: true, _clock);
        (_, string bought, _) = await _http.SendAsync(_writer.Request.ToArray());
        VenueOrder close = Market("BTC-USDT-SWAP", Sbe.Side.Sell, quantity: 300, quantityScale: 2, id: 22);
        close.Flags = Sbe.OrderFlags.ReduceOnly;
        _writer.WriteNewOrder(in close, swap: true, _clock);
        (_, string closed, _) = await _http.SendAsync(_writer.Request.ToArray());

        Assert.That(SCode(bought), Is.EqualTo("0"), bought);
        Assert.That(SCode(closed), Is.EqualTo("0"), closed);
        Assert.That(Encoding.ASCII.GetString(_writer.Body), Does.Contain("\"tdMode\":\"cross\"").And.Contain("\"reduceOnly\":true"));
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.Position("BTC-USDT-SWAP").Pos, Is.Zero);
            Assert.That(_simulator.Exchange.Position("BTC-USDT-SWAP").RealizedPnl, Is.EqualTo(-30m));
        }
    }

    [Test]
    public void What_OKX_orders_cannot_express_is_refused_without_writing()
    {
        VenueOrder stop = Limit("BTC-USDT", Sbe.Side.Buy, 500_000, 1, 1_000_000, 8, 1);
        stop.Type = Sbe.OrderType.StopLimit;
        VenueOrder day = Limit("BTC-USDT", Sbe.Side.Buy, 500_000, 1, 1_000_000, 8, 2);
        day.TimeInForce = Sbe.TimeInForce.Day;
        VenueOrder spotReduceOnly = Limit("BTC-USDT", Sbe.Side.Sell, 500_000, 1, 1_000_000, 8, 3);
        spotReduceOnly.Flags = Sbe.OrderFlags.ReduceOnly;

        Assert.That(_writer.WriteNewOrder(in stop, swap: false, _clock), Is.EqualTo(ResultCode.InvalidOrderType));
        Assert.That(_writer.WriteNewOrder(in day, swap: false, _clock), Is.EqualTo(ResultCode.InvalidOrderType));
        Assert.That(_writer.WriteNewOrder(in spotReduceOnly, swap: false, _clock), Is.EqualTo(ResultCode.InvalidOrderType));
        Assert.That(_writer.Request.Length, Is.Zero);
        Assert.That(() => new OkxRequestWriter("h", ApiKey, Passphrase, _signer, "bad-prefix"), Throws.ArgumentException.With.Message.Contains("at most 12 of A-Z a-z 0-9"));
    }

    [Test]
    public void Writing_orders_amends_and_cancels_allocates_nothing()
    {
        VenueOrder order = Limit("BTC-USDT-SWAP", Sbe.Side.Sell, 500_000, 1, 100, 2, 1);
        order.Flags = Sbe.OrderFlags.PostOnly;
        for (int i = 0; i < 100; i++)
        {
            _writer.WriteNewOrder(in order, swap: true, _clock + i);
            _writer.WriteAmend(in order, _clock + i);
            _writer.WriteCancel(in order, _clock + i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1_000; i++)
        {
            order.ClientOrderId = (ulong)i;
            _writer.WriteNewOrder(in order, swap: true, _clock + i);
            _writer.WriteAmend(in order, _clock + i);
            _writer.WriteCancel(in order, _clock + i);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static string SCode(string answer) => JsonDocument.Parse(answer).RootElement.GetProperty("data")[0].GetProperty("sCode").GetString()!;

    private static VenueOrder Limit(string symbol, Sbe.Side side, long price, int priceScale, long quantity, int quantityScale, ulong id) => new()
    {
        Symbol = Encoding.ASCII.GetBytes(symbol),
        Side = side,
        Type = Sbe.OrderType.Limit,
        TimeInForce = Sbe.TimeInForce.GoodTillCancel,
        Price = price,
        PriceScale = priceScale,
        StopPrice = VenueOrder.NullPrice,
        Quantity = quantity,
        QuantityScale = quantityScale,
        ClientOrderId = id,
        ExpireTimeNanos = VenueOrder.NullTime,
    };

    private static VenueOrder Market(string symbol, Sbe.Side side, long quantity, int quantityScale, ulong id)
    {
        VenueOrder order = Limit(symbol, side, VenueOrder.NullPrice, 1, quantity, quantityScale, id);
        order.Type = Sbe.OrderType.Market;
        order.TimeInForce = Sbe.TimeInForce.ImmediateOrCancel;
        return order;
    }
}
