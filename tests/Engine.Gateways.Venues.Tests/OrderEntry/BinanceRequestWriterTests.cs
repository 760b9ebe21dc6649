using System.Security.Cryptography;
using System.Text;
using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using NUnit.Framework;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

[TestFixture]
public sealed class BinanceRequestWriterTests
{
    // The example of "SIGNED Endpoint Examples for POST /api/v3/order" in Binance's spot API documentation.
    private const string DocumentedSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string DocumentedQuery = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    private const string DocumentedSignature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";
    private const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    private const long Timestamp = 1_499_827_319_559;

    private HmacSha256Signer _signer = null!;

    [SetUp]
    public void SetUp() => _signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(DocumentedSecret));

    [TearDown]
    public void TearDown() => _signer.Dispose();

    [Test]
    public void Signer_reproduces_the_signature_of_Binances_documented_example()
    {
        _signer.Append(Encoding.ASCII.GetBytes(DocumentedQuery));
        var hex = new byte[HmacSha256Signer.HexLength];

        int written = _signer.FinishHex(hex);

        Assert.That(Encoding.ASCII.GetString(hex, 0, written), Is.EqualTo(DocumentedSignature));
    }

    [Test]
    public void Documented_limit_order_is_written_with_the_documented_parameters_and_their_signature()
    {
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, "api.binance.com", ApiKey, _signer, "e");
        VenueOrder order = LimitOrder("LTCBTC", Sbe.Side.Buy, price: 10, priceScale: 2, quantity: 1, quantityScale: 0);
        order.ClientOrderId = 42;

        Assert.That(writer.WriteNewOrder(in order, Timestamp), Is.EqualTo(ResultCode.Ok));

        string parameters = Encoding.ASCII.GetString(writer.SignedParameters);
        Assert.That(parameters, Does.StartWith("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&newClientOrderId=e42&newOrderRespType=ACK&recvWindow=5000&timestamp=1499827319559&signature="));
        AssertSignatureCovers(parameters);
    }

    [Test]
    public void Post_request_carries_the_key_header_and_the_signed_parameters_as_its_form_body()
    {
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, "api.binance.com", ApiKey, _signer, "e");
        VenueOrder order = LimitOrder("BTCUSDT", Sbe.Side.Sell, price: 6_123_450, priceScale: 2, quantity: 100_000, quantityScale: 8);
        order.ClientOrderId = 7;

        writer.WriteNewOrder(in order, Timestamp);

        string request = Encoding.ASCII.GetString(writer.Request);
        string body = Encoding.ASCII.GetString(writer.SignedParameters);
        Assert.That(request, Is.EqualTo(
            "POST /api/v3/order HTTP/1.1\r\nHost: api.binance.com\r\nX-MBX-APIKEY: " + ApiKey + "\r\n" +
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.Length + "\r\n\r\n" + body));
        Assert.That(body, Does.Contain("&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.001&price=61234.5&"));
    }

    [Test]
    public void Cancel_puts_its_signed_parameters_in_the_query_string_and_names_the_order_and_itself()
    {
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, "api.binance.com", ApiKey, _signer, "e");
        VenueOrder order = LimitOrder("BTCUSDT", Sbe.Side.Buy, 1, 2, 1, 8);
        order.ClientOrderId = 9;
        order.OrigClientOrderId = 7;

        writer.WriteCancel(in order, Timestamp);

        string parameters = Encoding.ASCII.GetString(writer.SignedParameters);
        Assert.That(Encoding.ASCII.GetString(writer.Request), Is.EqualTo(
            "DELETE /api/v3/order?" + parameters + " HTTP/1.1\r\nHost: api.binance.com\r\nX-MBX-APIKEY: " + ApiKey + "\r\n\r\n"));
        Assert.That(parameters, Does.StartWith("symbol=BTCUSDT&origClientOrderId=e7&newClientOrderId=e9&recvWindow=5000&timestamp="));
        AssertSignatureCovers(parameters);
    }

    [Test]
    public void Spot_amend_is_a_cancel_replace_that_stops_when_the_cancel_fails()
    {
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, "api.binance.com", ApiKey, _signer, "e");
        VenueOrder order = LimitOrder("BTCUSDT", Sbe.Side.Buy, 6_000_000, 2, 50_000, 8);
        order.ClientOrderId = 11;
        order.OrigClientOrderId = 7;

        Assert.That(writer.WriteAmend(in order, Timestamp), Is.EqualTo(ResultCode.Ok));

        Assert.That(Encoding.ASCII.GetString(writer.Request), Does.StartWith("POST /api/v3/order/cancelReplace HTTP/1.1\r\n"));
        Assert.That(Encoding.ASCII.GetString(writer.SignedParameters), Does.StartWith(
            "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.0005&price=60000&cancelReplaceMode=STOP_ON_FAILURE&cancelOrigClientOrderId=e7&newClientOrderId=e11&"));
    }

    [Test]
    public void UsdM_post_only_reduce_only_order_is_GTX_with_reduceOnly_and_amend_modifies_in_place()
    {
        var writer = new BinanceRequestWriter(BinanceMarket.UsdM, "fapi.binance.com", ApiKey, _signer, "e");
        VenueOrder order = LimitOrder("BTCUSDT", Sbe.Side.Sell, 6_000_010, 2, 3, 3);
        order.Flags = Sbe.OrderFlags.PostOnly | Sbe.OrderFlags.ReduceOnly;
        order.ClientOrderId = 5;

        Assert.That(writer.WriteNewOrder(in order, Timestamp), Is.EqualTo(ResultCode.Ok));
        Assert.That(Encoding.ASCII.GetString(writer.Request), Does.StartWith("POST /fapi/v1/order HTTP/1.1\r\nHost: fapi.binance.com\r\n"));
        Assert.That(Encoding.ASCII.GetString(writer.SignedParameters), Does.StartWith(
            "symbol=BTCUSDT&side=SELL&type=LIMIT&timeInForce=GTX&quantity=0.003&price=60000.1&reduceOnly=true&newClientOrderId=e5&recvWindow="));

        order.OrigClientOrderId = 5;
        order.Quantity = 2;
        Assert.That(writer.WriteAmend(in order, Timestamp), Is.EqualTo(ResultCode.Ok));
        Assert.That(Encoding.ASCII.GetString(writer.Request), Does.StartWith("PUT /fapi/v1/order HTTP/1.1\r\n"));
        Assert.That(Encoding.ASCII.GetString(writer.SignedParameters), Does.StartWith(
            "symbol=BTCUSDT&side=SELL&quantity=0.002&price=60000.1&origClientOrderId=e5&recvWindow="));
    }

    [Test]
    public void UsdM_stop_market_carries_its_trigger_and_countdown_cancel_all_arms_the_venues_dead_man_switch()
    {
        var writer = new BinanceRequestWriter(BinanceMarket.UsdM, "fapi.binance.com", ApiKey, _signer, "e");
        VenueOrder order = LimitOrder("BTCUSDT", Sbe.Side.Sell, VenueOrder.NullPrice, 2, 3, 3);
        order.Type = Sbe.OrderType.Stop;
        order.StopPrice = 5_800_000;
        order.Flags = Sbe.OrderFlags.ReduceOnly;
        order.ClientOrderId = 6;

        Assert.That(writer.WriteNewOrder(in order, Timestamp), Is.EqualTo(ResultCode.Ok));
        Assert.That(Encoding.ASCII.GetString(writer.SignedParameters), Does.StartWith(
            "symbol=BTCUSDT&side=SELL&type=STOP_MARKET&quantity=0.003&stopPrice=58000&reduceOnly=true&newClientOrderId=e6&"));

        writer.WriteCountdownCancelAll("BTCUSDT"u8, 120_000, Timestamp);
        Assert.That(Encoding.ASCII.GetString(writer.Request), Does.StartWith("POST /fapi/v1/countdownCancelAll HTTP/1.1\r\n"));
        Assert.That(Encoding.ASCII.GetString(writer.SignedParameters), Does.StartWith("symbol=BTCUSDT&countdownTime=120000&recvWindow="));
    }

    [TestCase(Sbe.OrderType.Limit, Sbe.TimeInForce.GoodTillCancel, Sbe.OrderFlags.ReduceOnly, ResultCode.InvalidOrderType)]
    [TestCase(Sbe.OrderType.Limit, Sbe.TimeInForce.Day, (Sbe.OrderFlags)0, ResultCode.InvalidOrderType)]
    [TestCase(Sbe.OrderType.Limit, Sbe.TimeInForce.GoodTillDate, (Sbe.OrderFlags)0, ResultCode.InvalidOrderType)]
    [TestCase(Sbe.OrderType.Limit, Sbe.TimeInForce.ImmediateOrCancel, Sbe.OrderFlags.PostOnly, ResultCode.PostOnlyRequiresLimitGtc)]
    [TestCase(Sbe.OrderType.Market, Sbe.TimeInForce.ImmediateOrCancel, Sbe.OrderFlags.PostOnly, ResultCode.InvalidOrderType)]
    public void Spot_refuses_what_it_cannot_express_without_writing_a_request(Sbe.OrderType type, Sbe.TimeInForce timeInForce, Sbe.OrderFlags flags, ResultCode expected)
    {
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, "api.binance.com", ApiKey, _signer, "e");
        VenueOrder order = LimitOrder("BTCUSDT", Sbe.Side.Buy, 6_000_000, 2, 50_000, 8);
        order.Type = type;
        order.TimeInForce = timeInForce;
        order.Flags = flags;

        Assert.That(writer.WriteNewOrder(in order, Timestamp), Is.EqualTo(expected));
        Assert.That(writer.Request.IsEmpty, Is.True);
    }

    [Test]
    public void Constructor_errors_name_the_problem_and_never_show_the_key()
    {
        var bad = Assert.Throws<ArgumentException>(() => _ = new BinanceRequestWriter(BinanceMarket.Spot, "api.binance.com", "secret-key with space", _signer, "e"));
        Assert.That(bad!.Message, Does.Contain("API key").And.Not.Contain("secret-key"));
        Assert.Throws<ArgumentException>(() => _ = new BinanceRequestWriter(BinanceMarket.Spot, "api.binance.com", ApiKey, _signer, "has:colon"));
        Assert.Throws<ArgumentException>(() => _ = new BinanceRequestWriter(BinanceMarket.CoinM, "dapi.binance.com", ApiKey, _signer, "e"));
    }

    [Test]
    public void Writing_signed_orders_allocates_nothing()
    {
        var writer = new BinanceRequestWriter(BinanceMarket.UsdM, "fapi.binance.com", ApiKey, _signer, "engine-1");
        VenueOrder order = LimitOrder("BTCUSDT", Sbe.Side.Buy, 6_000_000, 2, 1, 3);
        for (int i = 0; i < 100; i++)
        {
            order.ClientOrderId = (ulong)i;
            writer.WriteNewOrder(in order, Timestamp + i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++)
        {
            order.ClientOrderId = (ulong)i;
            order.OrigClientOrderId = (ulong)i;
            writer.WriteNewOrder(in order, Timestamp + i);
            writer.WriteAmend(in order, Timestamp + i);
            writer.WriteCancel(in order, Timestamp + i);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
    }

    private static VenueOrder LimitOrder(string symbol, Sbe.Side side, long price, int priceScale, long quantity, int quantityScale) => new()
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
        ExpireTimeNanos = VenueOrder.NullTime,
    };

    /// <summary>The signature is the HMAC of everything before <c>&amp;signature=</c>, computed independently.</summary>
    private static void AssertSignatureCovers(string parameters)
    {
        int at = parameters.IndexOf("&signature=", StringComparison.Ordinal);
        byte[] mac = HMACSHA256.HashData(Encoding.ASCII.GetBytes(DocumentedSecret), Encoding.ASCII.GetBytes(parameters[..at]));
        Assert.That(parameters[(at + "&signature=".Length)..], Is.EqualTo(Convert.ToHexStringLower(mac)));
    }
}
