using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.VenueSimulators.Okx;
using NUnit.Framework;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// The OKX simulator as a client written from OKX's v5 documentation sees it (<see cref="OkxTestClient"/>): signing
/// and its documented errors, public time and instruments, spot and swap orders with fills, fees, balances and the
/// net position, the documented sCodes, post-only, amend, cancel-all-after, batch orders, the private WebSocket's
/// login, orders channel and ping, rate limits and the test faults.
/// </summary>
[TestFixture]
public sealed class OkxSimulatorTests
{
    private const string ApiKey = "ad5e0b3c-okx-sim-key";
    private const string Secret = "22582BD0CFF14C41EDBF1AB98506286D";
    private const string Passphrase = "Passphrase1";

    private long _clock = 1_700_000_000_000;
    private OkxSimulator _simulator = null!;
    private OkxTestClient _client = null!;

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
            ClockMillis = () => Interlocked.Read(ref _clock),
            TradeRequestsPerTwoSeconds = 60,
        });
        _client = new OkxTestClient(_simulator.BaseAddress, ApiKey, Secret, Passphrase, () => Interlocked.Read(ref _clock));
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public void Signature_of_the_documented_example_matches_a_vector_computed_independently()
    {
        // Python's hmac/base64 over the documentation's example: timestamp + GET + /api/v5/account/balance?ccy=BTC.
        const string Prehash = "2020-12-08T09:08:57.715ZGET/api/v5/account/balance?ccy=BTC";
        const string Expected = "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=";
        var authenticator = new OkxAuthenticator(new OkxSimulatorOptions { ApiKey = ApiKey, Secret = Encoding.ASCII.GetBytes(Secret), Passphrase = Passphrase, Instruments = [] });
        using var signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(Secret));
        signer.Append(Encoding.ASCII.GetBytes(Prehash));
        var base64 = new byte[HmacSha256Signer.Base64Length];
        int written = signer.FinishBase64(base64);

        Assert.That(authenticator.Sign(Prehash), Is.EqualTo(Expected));
        Assert.That(Encoding.ASCII.GetString(base64, 0, written), Is.EqualTo(Expected));
        Assert.That(OkxTestClient.Sign(Secret, "1538054050GET/users/self/verify"), Is.EqualTo("+LdIr8lkkvhr5hoA3g9TMC0+uQJ849ftAcocA/ouu4M="));
    }

    [Test]
    public async Task Public_time_and_instruments_answer_the_documented_fields()
    {
        (int status, JsonElement time) = await _client.PublicAsync("/api/v5/public/time");
        (_, JsonElement swaps) = await _client.PublicAsync("/api/v5/public/instruments?instType=SWAP");
        (int missingStatus, JsonElement missing) = await _client.PublicAsync("/api/v5/public/instruments");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(time.GetProperty("data")[0].GetProperty("ts").GetString(), Is.EqualTo("1700000000000"));
        JsonElement swap = swaps.GetProperty("data")[0];
        Assert.That(swap.GetProperty("instId").GetString(), Is.EqualTo("BTC-USDT-SWAP"));
        Assert.That(swap.GetProperty("ctVal").GetString(), Is.EqualTo("0.01"));
        Assert.That(swap.GetProperty("lotSz").GetString(), Is.EqualTo("0.01"));
        Assert.That(swap.GetProperty("settleCcy").GetString(), Is.EqualTo("USDT"));
        Assert.That(missingStatus, Is.EqualTo(400));
        Assert.That(missing.GetProperty("code").GetString(), Is.EqualTo("50014"));
        Assert.That(missing.GetProperty("msg").GetString(), Is.EqualTo("Parameter instType can not be empty."));
    }

    [TestCase("sign", "50113", "Invalid signature.")]
    [TestCase("timestamp", "50102", "Timestamp request expired.")]
    [TestCase("key", "50111", "Invalid OK-ACCESS-KEY.")]
    [TestCase("passphrase", "50105", "Request header \"OK-ACCESS-PASSPHRASE\" incorrect.")]
    [TestCase("empty-key", "50103", "Request header \"OK-ACCESS-KEY\" cannot be empty.")]
    public async Task A_spoiled_header_is_refused_with_401_and_its_documented_code(string spoiled, string code, string message)
    {
        (int status, JsonElement body) = await _client.SendAsync(
            HttpMethod.Get,
            "/api/v5/account/balance?ccy=BTC",
            string.Empty,
            key: spoiled == "key" ? "another-key" : spoiled == "empty-key" ? string.Empty : null,
            pass: spoiled == "passphrase" ? "wrong" : null,
            sign: spoiled == "sign" ? OkxTestClient.Sign("wrong", "x") : null,
            timestampMillis: spoiled == "timestamp" ? _clock - 31_000 : null);

        Assert.That(status, Is.EqualTo(401));
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo(code));
        Assert.That(body.GetProperty("msg").GetString(), Is.EqualTo(message));
    }

    [Test]
    public async Task Spot_limit_buy_rests_then_fills_at_its_own_price_as_maker_with_the_fee_in_the_base_currency()
    {
        (int status, JsonElement placed) = await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"e1","side":"buy","ordType":"limit","px":"50000","sz":"0.1"}""");
        string ordId = placed.GetProperty("data")[0].GetProperty("ordId").GetString()!;
        (_, JsonElement frozen) = await _client.GetAsync("/api/v5/account/balance?ccy=USDT");
        await ControlAsync("/sim/v1/liquidity?instId=BTC-USDT&side=sell&price=49990&size=0.04");
        await ControlAsync("/sim/v1/liquidity?instId=BTC-USDT&side=sell&price=50000&size=0.06");
        (_, JsonElement order) = await _client.GetAsync("/api/v5/trade/order?instId=BTC-USDT&clOrdId=e1");
        (_, JsonElement fills) = await _client.GetAsync("/api/v5/trade/fills?instType=SPOT");
        (_, JsonElement balance) = await _client.GetAsync("/api/v5/account/balance?ccy=BTC,USDT");

        Assert.That(status, Is.EqualTo(200));
        Assert.That(placed.GetProperty("code").GetString(), Is.EqualTo("0"));
        Assert.That(placed.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo("0"));
        Assert.That(placed.GetProperty("data")[0].GetProperty("clOrdId").GetString(), Is.EqualTo("e1"));
        Assert.That(Detail(frozen, "USDT").GetProperty("frozenBal").GetString(), Is.EqualTo("5000"));
        JsonElement o = order.GetProperty("data")[0];
        Assert.That(o.GetProperty("ordId").GetString(), Is.EqualTo(ordId));
        Assert.That(o.GetProperty("state").GetString(), Is.EqualTo("filled"));
        Assert.That(o.GetProperty("accFillSz").GetString(), Is.EqualTo("0.1"));
        Assert.That(o.GetProperty("avgPx").GetString(), Is.EqualTo("50000"));
        Assert.That(o.GetProperty("feeCcy").GetString(), Is.EqualTo("BTC"));
        Assert.That(o.GetProperty("fee").GetString(), Is.EqualTo("-0.00008"));
        Assert.That(fills.GetProperty("data").GetArrayLength(), Is.EqualTo(2));
        Assert.That(fills.GetProperty("data")[0].GetProperty("execType").GetString(), Is.EqualTo("M"));
        Assert.That(Detail(balance, "BTC").GetProperty("cashBal").GetString(), Is.EqualTo("1.09992"));
        Assert.That(Detail(balance, "USDT").GetProperty("cashBal").GetString(), Is.EqualTo("95000"));
        Assert.That(Detail(balance, "USDT").GetProperty("frozenBal").GetString(), Is.EqualTo("0"));
    }

    [TestCase("""{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit","px":"50000","sz":"10"}""", "51008", "Order failed. Insufficient USDT balance in account")]
    [TestCase("""{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"buy","ordType":"limit","px":"50000","sz":"0.015"}""", "51121", "Order quantity must be a multiple of the lot size.")]
    [TestCase("""{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit","px":"50000.05","sz":"0.1"}""", "51150", "The precision of the number of trades or the price exceeds the limit.")]
    [TestCase("""{"instId":"XRP-USDT","tdMode":"cash","side":"buy","ordType":"limit","px":"1","sz":"1"}""", "51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.")]
    [TestCase("""{"instId":"BTC-USDT","tdMode":"cash","side":"sell","ordType":"limit","px":"50000","sz":"0.1","reduceOnly":true}""", "51139", "Reduce-only feature is unavailable for the spot transactions by spot mode.")]
    [TestCase("""{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"sell","ordType":"limit","px":"50000","sz":"1","reduceOnly":true}""", "51169", "Order failed because you don't have any positions in this direction for this contract to reduce or close.")]
    [TestCase("""{"instId":"BTC-USDT-SWAP","tdMode":"isolated","side":"buy","ordType":"limit","px":"50000","sz":"1"}""", "51000", "Parameter tdMode error")]
    public async Task A_refused_order_answers_code_1_with_its_documented_sCode_and_sMsg(string body, string sCode, string sMsg)
    {
        (int status, JsonElement answer) = await PlaceAsync(body);

        Assert.That(status, Is.EqualTo(200));
        Assert.That(answer.GetProperty("code").GetString(), Is.EqualTo("1"));
        Assert.That(answer.GetProperty("msg").GetString(), Is.EqualTo("Operation failed."));
        Assert.That(answer.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo(sCode));
        Assert.That(answer.GetProperty("data")[0].GetProperty("sMsg").GetString(), Is.EqualTo(sMsg));
    }

    [Test]
    public async Task Missing_parameters_unknown_orders_and_duplicate_client_ids_get_their_documented_codes()
    {
        (int missingStatus, JsonElement missing) = await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","side":"buy","ordType":"limit","px":"50000"}""");
        await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"dup","side":"buy","ordType":"limit","px":"40000","sz":"0.01"}""");
        (_, JsonElement duplicate) = await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"dup","side":"buy","ordType":"limit","px":"40000","sz":"0.01"}""");
        (_, JsonElement cancel) = await _client.PostAsync("/api/v5/trade/cancel-order", """{"instId":"BTC-USDT","clOrdId":"nothere"}""");
        (_, JsonElement query) = await _client.GetAsync("/api/v5/trade/order?instId=BTC-USDT&ordId=123");

        Assert.That(missingStatus, Is.EqualTo(400));
        Assert.That(missing.GetProperty("code").GetString(), Is.EqualTo("50014"));
        Assert.That(missing.GetProperty("msg").GetString(), Is.EqualTo("Parameter sz can not be empty."));
        Assert.That(duplicate.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo("51016"));
        Assert.That(cancel.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo("51400"));
        Assert.That(query.GetProperty("code").GetString(), Is.EqualTo("51603"));
        Assert.That(query.GetProperty("msg").GetString(), Is.EqualTo("Order does not exist."));
        Assert.That(_simulator.Exchange.OrdersWithClientId("dup"), Is.EqualTo(1));
    }

    [Test]
    public async Task Post_only_that_would_take_is_accepted_then_canceled_with_cancelSource_31()
    {
        await ControlAsync("/sim/v1/liquidity?instId=BTC-USDT&side=sell&price=50000&size=1");

        (_, JsonElement placed) = await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"po1","side":"buy","ordType":"post_only","px":"50000","sz":"0.1"}""");
        (_, JsonElement order) = await _client.GetAsync("/api/v5/trade/order?instId=BTC-USDT&clOrdId=po1");

        Assert.That(placed.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo("0"));
        Assert.That(order.GetProperty("data")[0].GetProperty("state").GetString(), Is.EqualTo("canceled"));
        Assert.That(order.GetProperty("data")[0].GetProperty("cancelSource").GetString(), Is.EqualTo("31"));
        Assert.That(order.GetProperty("data")[0].GetProperty("accFillSz").GetString(), Is.EqualTo("0"));
    }

    [Test]
    public async Task Swap_fills_move_the_net_position_and_realize_profit_less_fees_in_USDT()
    {
        await ControlAsync("/sim/v1/liquidity?instId=BTC-USDT-SWAP&side=sell&price=50000&size=2");
        await PlaceAsync("""{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"buy","ordType":"market","sz":"2"}""");
        (_, JsonElement open) = await _client.GetAsync("/api/v5/account/positions?instType=SWAP");
        await ControlAsync("/sim/v1/liquidity?instId=BTC-USDT-SWAP&side=buy&price=51000&size=1");
        (_, JsonElement reduced) = await PlaceAsync("""{"instId":"BTC-USDT-SWAP","tdMode":"cross","side":"sell","ordType":"limit","px":"51000","sz":"1","reduceOnly":true}""");
        (_, JsonElement after) = await _client.GetAsync("/api/v5/account/positions?instId=BTC-USDT-SWAP");
        (_, JsonElement balance) = await _client.GetAsync("/api/v5/account/balance?ccy=USDT");

        JsonElement position = open.GetProperty("data")[0];
        Assert.That(position.GetProperty("pos").GetString(), Is.EqualTo("2"));
        Assert.That(position.GetProperty("posSide").GetString(), Is.EqualTo("net"));
        Assert.That(position.GetProperty("avgPx").GetString(), Is.EqualTo("50000"));
        Assert.That(reduced.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo("0"));
        Assert.That(after.GetProperty("data")[0].GetProperty("pos").GetString(), Is.EqualTo("1"));
        Assert.That(after.GetProperty("data")[0].GetProperty("realizedPnl").GetString(), Is.EqualTo("10"));

        // Taker 0.05 % of 2 x 0.01 x 50,000 = 0.5; taker 0.05 % of 1 x 0.01 x 51,000 = 0.255; profit 0.01 x 1,000 = 10.
        Assert.That(Detail(balance, "USDT").GetProperty("cashBal").GetString(), Is.EqualTo("100009.245"));
    }

    [Test]
    public async Task Orders_channel_pushes_new_fill_and_amend_with_its_reqId()
    {
        (ClientWebSocket socket, JsonElement login) = await _client.LoginAsync(_simulator.PrivateSocketAddress);
        using (socket)
        {
            await OkxTestClient.SendTextAsync(socket, """{"id":"s1","op":"subscribe","args":[{"channel":"orders","instType":"ANY"}]}""");
            JsonElement subscribed = Parse(await OkxTestClient.ReceiveTextAsync(socket));
            await OkxTestClient.SendTextAsync(socket, "ping");
            string pong = await OkxTestClient.ReceiveTextAsync(socket);

            await PlaceAsync("""{"instId":"BTC-USDT-SWAP","tdMode":"cross","clOrdId":"w1","side":"buy","ordType":"limit","px":"50000","sz":"1"}""");
            JsonElement live = Parse(await OkxTestClient.ReceiveTextAsync(socket));
            (_, JsonElement amend) = await _client.PostAsync("/api/v5/trade/amend-order", """{"instId":"BTC-USDT-SWAP","clOrdId":"w1","reqId":"r1","newSz":"2","newPx":"50001"}""");
            JsonElement amended = Parse(await OkxTestClient.ReceiveTextAsync(socket));
            await ControlAsync("/sim/v1/liquidity?instId=BTC-USDT-SWAP&side=sell&price=50001&size=0.5");
            JsonElement fill = Parse(await OkxTestClient.ReceiveTextAsync(socket));

            Assert.That(login.GetProperty("event").GetString(), Is.EqualTo("login"));
            Assert.That(login.GetProperty("code").GetString(), Is.EqualTo("0"));
            Assert.That(subscribed.GetProperty("event").GetString(), Is.EqualTo("subscribe"));
            Assert.That(subscribed.GetProperty("id").GetString(), Is.EqualTo("s1"));
            Assert.That(pong, Is.EqualTo("pong"));
            Assert.That(live.GetProperty("arg").GetProperty("channel").GetString(), Is.EqualTo("orders"));
            Assert.That(live.GetProperty("data")[0].GetProperty("state").GetString(), Is.EqualTo("live"));
            Assert.That(live.GetProperty("data")[0].GetProperty("clOrdId").GetString(), Is.EqualTo("w1"));
            Assert.That(amend.GetProperty("data")[0].GetProperty("reqId").GetString(), Is.EqualTo("r1"));
            Assert.That(amended.GetProperty("data")[0].GetProperty("reqId").GetString(), Is.EqualTo("r1"));
            Assert.That(amended.GetProperty("data")[0].GetProperty("amendResult").GetString(), Is.EqualTo("0"));
            Assert.That(amended.GetProperty("data")[0].GetProperty("px").GetString(), Is.EqualTo("50001"));
            Assert.That(amended.GetProperty("data")[0].GetProperty("sz").GetString(), Is.EqualTo("2"));
            JsonElement f = fill.GetProperty("data")[0];
            Assert.That(f.GetProperty("state").GetString(), Is.EqualTo("partially_filled"));
            Assert.That(f.GetProperty("fillSz").GetString(), Is.EqualTo("0.5"));
            Assert.That(f.GetProperty("fillPx").GetString(), Is.EqualTo("50001"));
            Assert.That(f.GetProperty("tradeId").GetString(), Is.Not.Empty);
            Assert.That(f.GetProperty("execType").GetString(), Is.EqualTo("M"));
            Assert.That(f.GetProperty("fillFeeCcy").GetString(), Is.EqualTo("USDT"));
        }
    }

    [Test]
    public async Task Order_operations_over_the_private_socket_answer_with_the_request_id()
    {
        (ClientWebSocket socket, _) = await _client.LoginAsync(_simulator.PrivateSocketAddress);
        using (socket)
        {
            await OkxTestClient.SendTextAsync(socket, """{"id":"o1","op":"order","args":[{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"ws1","side":"buy","ordType":"limit","px":"40000","sz":"0.01"}]}""");
            JsonElement placed = Parse(await OkxTestClient.ReceiveTextAsync(socket));
            await OkxTestClient.SendTextAsync(socket, """{"id":"c1","op":"cancel-order","args":[{"instId":"BTC-USDT","clOrdId":"ws1"}]}""");
            JsonElement canceled = Parse(await OkxTestClient.ReceiveTextAsync(socket));

            Assert.That(placed.GetProperty("id").GetString(), Is.EqualTo("o1"));
            Assert.That(placed.GetProperty("op").GetString(), Is.EqualTo("order"));
            Assert.That(placed.GetProperty("code").GetString(), Is.EqualTo("0"));
            Assert.That(placed.GetProperty("data")[0].GetProperty("clOrdId").GetString(), Is.EqualTo("ws1"));
            Assert.That(canceled.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo("0"));
            Assert.That(_simulator.Exchange.OpenOrders, Is.Empty);
        }
    }

    [Test]
    public async Task Login_with_a_wrong_sign_is_refused_with_60007_and_the_socket_closed_4001()
    {
        (ClientWebSocket socket, JsonElement answer) = await _client.LoginAsync(_simulator.PrivateSocketAddress, spoilSign: true);
        using (socket)
        {
            string next = await OkxTestClient.ReceiveTextAsync(socket);

            Assert.That(answer.GetProperty("event").GetString(), Is.EqualTo("error"));
            Assert.That(answer.GetProperty("code").GetString(), Is.EqualTo("60007"));
            Assert.That(next, Is.EqualTo("CLOSED 4001"));
        }
    }

    [Test]
    public async Task Cancel_all_after_cancels_every_open_order_when_the_countdown_runs_out()
    {
        await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"k1","side":"buy","ordType":"limit","px":"40000","sz":"0.01"}""");
        await PlaceAsync("""{"instId":"BTC-USDT-SWAP","tdMode":"cross","clOrdId":"k2","side":"sell","ordType":"limit","px":"60000","sz":"1"}""");
        (_, JsonElement armed) = await _client.PostAsync("/api/v5/trade/cancel-all-after", """{"timeOut":"10"}""");
        (_, JsonElement outOfRange) = await _client.PostAsync("/api/v5/trade/cancel-all-after", """{"timeOut":"5"}""");
        Interlocked.Add(ref _clock, 10_000);
        (_, JsonElement pending) = await _client.GetAsync("/api/v5/trade/orders-pending");
        (_, JsonElement k2) = await _client.GetAsync("/api/v5/trade/order?instId=BTC-USDT-SWAP&clOrdId=k2");

        Assert.That(armed.GetProperty("data")[0].GetProperty("triggerTime").GetString(), Is.EqualTo("1700000010000"));
        Assert.That(outOfRange.GetProperty("code").GetString(), Is.EqualTo("51000"));
        Assert.That(pending.GetProperty("data").GetArrayLength(), Is.Zero);
        Assert.That(k2.GetProperty("data")[0].GetProperty("cancelSource").GetString(), Is.EqualTo("20"));
    }

    [Test]
    public async Task Batch_with_one_bad_order_answers_code_2_and_places_the_good_one()
    {
        (_, JsonElement answer) = await _client.PostAsync("/api/v5/trade/batch-orders", """[{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b1","side":"buy","ordType":"limit","px":"40000","sz":"0.01"},{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"b2","side":"buy","ordType":"limit","px":"40000","sz":"100"}]""");

        Assert.That(answer.GetProperty("code").GetString(), Is.EqualTo("2"));
        Assert.That(answer.GetProperty("msg").GetString(), Is.EqualTo("Bulk operation partially succeeded."));
        Assert.That(answer.GetProperty("data")[0].GetProperty("sCode").GetString(), Is.EqualTo("0"));
        Assert.That(answer.GetProperty("data")[1].GetProperty("sCode").GetString(), Is.EqualTo("51008"));
    }

    [Test]
    public async Task Past_the_limit_per_instrument_the_answer_is_429_with_50011()
    {
        int limited = 0;
        for (int i = 0; i < 61; i++)
        {
            (int status, JsonElement body) = await _client.GetAsync("/api/v5/trade/order?instId=BTC-USDT&ordId=1");
            if (status == 429)
            {
                limited++;
                Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("50011"));
            }
        }

        (int otherInstrument, _) = await _client.GetAsync("/api/v5/trade/order?instId=BTC-USDT-SWAP&ordId=1");

        Assert.That(limited, Is.EqualTo(1));
        Assert.That(otherInstrument, Is.EqualTo(200));
    }

    [Test]
    public async Task A_500_fault_applies_the_order_but_answers_50026_and_a_500_not_applied_does_not()
    {
        await ControlAsync("/sim/v1/fault?kind=500");
        (int status, JsonElement body) = await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"f1","side":"buy","ordType":"limit","px":"40000","sz":"0.01"}""");
        await ControlAsync("/sim/v1/fault?kind=500-not-applied");
        await PlaceAsync("""{"instId":"BTC-USDT","tdMode":"cash","clOrdId":"f2","side":"buy","ordType":"limit","px":"40000","sz":"0.01"}""");

        Assert.That(status, Is.EqualTo(500));
        Assert.That(body.GetProperty("code").GetString(), Is.EqualTo("50026"));
        Assert.That(_simulator.Exchange.OrdersWithClientId("f1"), Is.EqualTo(1));
        Assert.That(_simulator.Exchange.OrdersWithClientId("f2"), Is.Zero);
        Assert.That(_simulator.FaultsApplied, Is.EqualTo(2));
    }

    private static JsonElement Detail(JsonElement balance, string currency)
    {
        foreach (JsonElement detail in balance.GetProperty("data")[0].GetProperty("details").EnumerateArray())
        {
            if (detail.GetProperty("ccy").GetString() == currency)
            {
                return detail;
            }
        }

        throw new AssertionException($"no {currency} in {balance}");
    }

    private static JsonElement Parse(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private Task<(int Status, JsonElement Body)> PlaceAsync(string body) => _client.PostAsync("/api/v5/trade/order", body);

    private async Task ControlAsync(string pathAndQuery)
    {
        using var http = new HttpClient { BaseAddress = _simulator.BaseAddress };
        using HttpResponseMessage response = await http.PostAsync(new Uri(pathAndQuery, UriKind.Relative), null);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), pathAndQuery);
    }
}
