using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Gateways.VenueSimulators.Deribit;
using NUnit.Framework;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// The Deribit simulator as a plain JSON-RPC client written from Deribit's API v2 documentation sees it: public/auth
/// with client credentials and refresh tokens, buy/sell/edit/cancel and the mass cancels, stops, post-only and
/// reduce-only, the user.orders / user.trades notifications, inverse accounting (USD amounts, BTC fees and profit),
/// heartbeats, cancel-on-disconnect, the documented error codes, JSON-RPC over HTTP, credits, and the test faults.
/// </summary>
[TestFixture]
public sealed class DeribitSimulatorTests
{
    private const string ClientId = "sim-client";
    private const string Secret = "sim-secret-0123456789";
    private const string Btc = "BTC-PERPETUAL";

    private long _clock = 1_700_000_000_000;
    private DeribitSimulator _simulator = null!;
    private DeribitJsonRpcTestClient _client = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp() => await StartAsync(matchingBurst: 100);

    [TearDown]
    public async Task TearDown()
    {
        await _client.DisposeAsync();
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    [Test]
    public async Task Auth_with_client_credentials_grants_a_connection_token_and_refresh_rotates_it()
    {
        JsonElement wrong = await _client.CallAsync("public/auth", new JsonObject { ["grant_type"] = "client_credentials", ["client_id"] = ClientId, ["client_secret"] = "nope" });
        AssertError(wrong, 13004, "invalid_credentials");
        AssertError(await _client.CallAsync("private/get_positions", new JsonObject { ["currency"] = "BTC" }), 13009, "unauthorized");

        JsonElement granted = await _client.ResultAsync("public/auth", new JsonObject { ["grant_type"] = "client_credentials", ["client_id"] = ClientId, ["client_secret"] = Secret });
        Assert.That(granted.GetProperty("token_type").GetString(), Is.EqualTo("bearer"));
        Assert.That(granted.GetProperty("expires_in").GetInt32(), Is.EqualTo(900));
        Assert.That(granted.GetProperty("scope").GetString(), Does.Contain("connection").And.Contain("trade:read_write"));
        string refresh = granted.GetProperty("refresh_token").GetString()!;
        JsonElement refreshed = await _client.ResultAsync("public/auth", new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh });
        Assert.That(refreshed.GetProperty("access_token").GetString(), Is.Not.EqualTo(granted.GetProperty("access_token").GetString()));
        AssertError(await _client.CallAsync("public/auth", new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = refresh }), 13004, "invalid_credentials");
        JsonElement positions = await _client.ResultAsync("private/get_positions", new JsonObject { ["currency"] = "BTC", ["kind"] = "future" });
        Assert.That(positions[0].GetProperty("size").GetDecimal(), Is.EqualTo(0m));
    }

    [Test]
    public async Task An_expired_token_leaves_the_connection_unauthorized_until_it_authenticates_again()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        _clock += 901_000;

        JsonElement answer = await _client.CallAsync("private/get_open_orders_by_instrument", new JsonObject { ["instrument_name"] = Btc });

        AssertError(answer, 13009, "unauthorized");
        Assert.That(answer.GetProperty("error").GetProperty("data").GetProperty("reason").GetString(), Is.EqualTo("token has expired"));
        await _client.AuthenticateAsync(ClientId, Secret);
        Assert.That((await _client.ResultAsync("private/get_open_orders_by_instrument", new JsonObject { ["instrument_name"] = Btc })).GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task Limit_buy_rests_with_the_documented_order_fields_and_a_fill_notifies_orders_and_trades()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        JsonElement subscribed = await _client.ResultAsync("private/subscribe", new JsonObject { ["channels"] = new JsonArray($"user.orders.{Btc}.raw", $"user.trades.{Btc}.raw", "book.BTC-PERPETUAL.raw") });
        Assert.That(subscribed.EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { $"user.orders.{Btc}.raw", $"user.trades.{Btc}.raw" }), "channels it does not serve are left out");

        JsonElement placed = await _client.ResultAsync("private/buy", Limit(Btc, amount: 1_000, price: 50_000m, label: "e7"));

        JsonElement order = placed.GetProperty("order");
        Assert.That(order.GetProperty("order_state").GetString(), Is.EqualTo("open"));
        Assert.That(order.GetProperty("order_type").GetString(), Is.EqualTo("limit"));
        Assert.That(order.GetProperty("direction").GetString(), Is.EqualTo("buy"));
        Assert.That(order.GetProperty("amount").GetDecimal(), Is.EqualTo(1_000m));
        Assert.That(order.GetProperty("contracts").GetDecimal(), Is.EqualTo(100m));
        Assert.That(order.GetProperty("label").GetString(), Is.EqualTo("e7"));
        Assert.That(order.GetProperty("time_in_force").GetString(), Is.EqualTo("good_til_cancelled"));
        Assert.That(placed.GetProperty("trades").GetArrayLength(), Is.Zero);
        string orderId = order.GetProperty("order_id").GetString()!;
        JsonElement opened = await _client.NextNotificationAsync("subscription", $"user.orders.{Btc}.raw");
        Assert.That(opened.GetProperty("params").GetProperty("data").GetProperty("order_id").GetString(), Is.EqualTo(orderId));

        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=50000&amount=400");

        JsonElement trades = await _client.NextNotificationAsync("subscription", $"user.trades.{Btc}.raw");
        JsonElement trade = trades.GetProperty("params").GetProperty("data")[0];
        Assert.That(trade.GetProperty("order_id").GetString(), Is.EqualTo(orderId));
        Assert.That(trade.GetProperty("amount").GetDecimal(), Is.EqualTo(400m));
        Assert.That(trade.GetProperty("price").GetDecimal(), Is.EqualTo(50_000m));
        Assert.That(trade.GetProperty("liquidity").GetString(), Is.EqualTo("M"));
        Assert.That(trade.GetProperty("fee_currency").GetString(), Is.EqualTo("BTC"));
        Assert.That(trade.GetProperty("label").GetString(), Is.EqualTo("e7"));
        JsonElement partial = (await _client.NextNotificationAsync("subscription", $"user.orders.{Btc}.raw")).GetProperty("params").GetProperty("data");
        Assert.That(partial.GetProperty("filled_amount").GetDecimal(), Is.EqualTo(400m));
        Assert.That(partial.GetProperty("order_state").GetString(), Is.EqualTo("open"));
        JsonElement position = await _client.ResultAsync("private/get_position", new JsonObject { ["instrument_name"] = Btc });
        Assert.That(position.GetProperty("size").GetDecimal(), Is.EqualTo(400m));
        Assert.That(position.GetProperty("direction").GetString(), Is.EqualTo("buy"));
        Assert.That(position.GetProperty("average_price").GetDecimal(), Is.EqualTo(50_000m));
        Assert.That(position.GetProperty("size_currency").GetDecimal(), Is.EqualTo(0.008m));
    }

    [Test]
    public async Task Inverse_accounting_realizes_profit_and_fees_in_bitcoin()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=50000&amount=1000");
        JsonElement bought = await _client.ResultAsync("private/buy", new JsonObject { ["instrument_name"] = Btc, ["amount"] = 1_000, ["type"] = "market" });
        Assert.That(bought.GetProperty("order").GetProperty("order_state").GetString(), Is.EqualTo("filled"));
        Assert.That(bought.GetProperty("order").GetProperty("price").GetString(), Is.EqualTo("market_price"));
        Assert.That(bought.GetProperty("trades")[0].GetProperty("fee").GetDecimal(), Is.EqualTo(0.00001m), "taker 0.05 % of 1,000 USD / 50,000");
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=buy&price=55000&amount=1000");

        JsonElement sold = await _client.ResultAsync("private/sell", new JsonObject { ["instrument_name"] = Btc, ["amount"] = 1_000, ["type"] = "market", ["reduce_only"] = true });

        JsonElement closing = sold.GetProperty("trades")[0];
        Assert.That(closing.GetProperty("profit_loss").GetDecimal(), Is.EqualTo(0.0018181818m), "1,000 x (1/50,000 - 1/55,000)");
        Assert.That(closing.GetProperty("fee").GetDecimal(), Is.EqualTo(0.0000090909m));
        JsonElement summary = await _client.ResultAsync("private/get_account_summary", new JsonObject { ["currency"] = "BTC" });
        Assert.That(summary.GetProperty("balance").GetDecimal(), Is.EqualTo(1m + 0.0018181818m - 0.00001m - 0.0000090909m));
        Assert.That(summary.GetProperty("session_rpl").GetDecimal(), Is.EqualTo(0.0018181818m));
        Assert.That(summary.GetProperty("initial_margin").GetDecimal(), Is.Zero);
        JsonElement page = await _client.ResultAsync("private/get_user_trades_by_instrument", new JsonObject { ["instrument_name"] = Btc, ["sorting"] = "asc", ["count"] = 1 });
        Assert.That(page.GetProperty("trades").GetArrayLength(), Is.EqualTo(1));
        Assert.That(page.GetProperty("has_more").GetBoolean(), Is.True);
        Assert.That(page.GetProperty("trades")[0].GetProperty("trade_seq").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public async Task Orders_are_checked_in_deribits_order_with_its_codes()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        AssertError(await _client.CallAsync("private/buy", Limit("XRP-PERPETUAL", 10, 1m)), 10020, "invalid_or_unsupported_instrument");
        AssertInvalidParams(await _client.CallAsync("private/buy", Limit(Btc, 15, 50_000m)), "amount");
        AssertError(await _client.CallAsync("private/buy", Limit(Btc, 10, 50_000.3m)), 10043, "price_wrong_tick");
        AssertInvalidParams(await _client.CallAsync("private/buy", new JsonObject { ["instrument_name"] = Btc, ["amount"] = 10, ["type"] = "limit" }), "price");
        AssertInvalidParams(await _client.CallAsync("private/buy", new JsonObject { ["instrument_name"] = Btc, ["amount"] = 10, ["type"] = "stop_market", ["trigger_price"] = 60_000 }), "trigger");
        AssertInvalidParams(await _client.CallAsync("private/buy", new JsonObject { ["instrument_name"] = Btc, ["amount"] = 10, ["price"] = 1, ["type"] = "iceberg" }), "type");
        AssertError(await _client.CallAsync("private/sell", new JsonObject { ["instrument_name"] = Btc, ["amount"] = 10, ["type"] = "market", ["reduce_only"] = true }), 11030, "other_reject");
        AssertError(await _client.CallAsync("private/buy", Limit(Btc, 10_000_000, 50_000m)), 10009, "not_enough_funds");
        AssertError(await _client.CallAsync("private/cancel", new JsonObject { ["order_id"] = "424242" }), 10004, "order_not_found");
        AssertError(await _client.CallAsync("private/no_such_method"), -32601, "Method not found");
        await _client.SendRawAsync("{not json");
        Assert.That(_simulator.ConnectionCount, Is.EqualTo(1), "a malformed message is answered, the connection stays");
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.Orders, Is.Empty, "no refused order was recorded");
        }
    }

    [Test]
    public async Task Post_only_that_would_take_is_rejected_with_11054_or_moved_inside_the_spread()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=50000&amount=1000");
        JsonObject rejecting = Limit(Btc, 100, 50_000m);
        rejecting["post_only"] = true;
        rejecting["reject_post_only"] = true;

        AssertError(await _client.CallAsync("private/buy", rejecting), 11054, "post_only_reject");

        JsonObject moving = Limit(Btc, 100, 50_000m);
        moving["post_only"] = true;
        JsonElement moved = (await _client.ResultAsync("private/buy", moving)).GetProperty("order");
        Assert.That(moved.GetProperty("price").GetDecimal(), Is.EqualTo(49_999.5m), "one tick below the best ask");
        Assert.That(moved.GetProperty("order_state").GetString(), Is.EqualTo("open"));
    }

    [Test]
    public async Task Reduce_only_stop_market_waits_untriggered_until_the_last_price_reaches_it_then_closes_the_position()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        await _client.ResultAsync("private/subscribe", new JsonObject { ["channels"] = new JsonArray($"user.orders.{Btc}.raw") });
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=50000&amount=500");
        await _client.ResultAsync("private/buy", new JsonObject { ["instrument_name"] = Btc, ["amount"] = 500, ["type"] = "market" });
        AssertError(await _client.CallAsync("private/sell", Stop(Btc, 500, 50_500m)), 10034, "trigger_price_too_high");

        JsonElement stop = (await _client.ResultAsync("private/sell", Stop(Btc, 500, 49_000m))).GetProperty("order");

        Assert.That(stop.GetProperty("order_state").GetString(), Is.EqualTo("untriggered"));
        Assert.That(stop.GetProperty("trigger").GetString(), Is.EqualTo("last_price"));
        Assert.That(stop.GetProperty("trigger_price").GetDecimal(), Is.EqualTo(49_000m));
        Assert.That(stop.GetProperty("reduce_only").GetBoolean(), Is.True);
        JsonElement open = await _client.ResultAsync("private/get_open_orders_by_instrument", new JsonObject { ["instrument_name"] = Btc, ["type"] = "trigger_all" });
        Assert.That(open.GetArrayLength(), Is.EqualTo(1));
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=buy&price=48500&amount=10000");
        await ControlAsync("trade", $"instrument_name={Btc}&price=49500&amount=10");
        Assert.That((await _client.ResultAsync("private/get_order_state", new JsonObject { ["order_id"] = stop.GetProperty("order_id").GetString() })).GetProperty("order_state").GetString(), Is.EqualTo("untriggered"));

        await ControlAsync("trade", $"instrument_name={Btc}&price=49000&amount=10");

        JsonElement state = await _client.ResultAsync("private/get_order_state", new JsonObject { ["order_id"] = stop.GetProperty("order_id").GetString() });
        Assert.That(state.GetProperty("order_state").GetString(), Is.EqualTo("filled"));
        Assert.That(state.GetProperty("triggered").GetBoolean(), Is.True);
        Assert.That(state.GetProperty("filled_amount").GetDecimal(), Is.EqualTo(500m));
        JsonElement position = await _client.ResultAsync("private/get_position", new JsonObject { ["instrument_name"] = Btc });
        Assert.That(position.GetProperty("size").GetDecimal(), Is.Zero);
        Assert.That(position.GetProperty("direction").GetString(), Is.EqualTo("zero"));
    }

    [Test]
    public async Task Edit_changes_price_and_amount_and_cancels_answer_by_id_label_and_instrument()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        string first = (await _client.ResultAsync("private/buy", Limit(Btc, 100, 49_000m, "L1"))).GetProperty("order").GetProperty("order_id").GetString()!;
        await _client.ResultAsync("private/buy", Limit(Btc, 100, 48_000m, "L2"));
        await _client.ResultAsync("private/sell", Limit(Btc, 100, 52_000m, "L2"));

        JsonElement edited = (await _client.ResultAsync("private/edit", new JsonObject { ["order_id"] = first, ["amount"] = 200, ["price"] = 49_500 })).GetProperty("order");

        Assert.That(edited.GetProperty("replaced").GetBoolean(), Is.True);
        Assert.That(edited.GetProperty("amount").GetDecimal(), Is.EqualTo(200m));
        Assert.That(edited.GetProperty("price").GetDecimal(), Is.EqualTo(49_500m));
        Assert.That(await _client.ResultAsync("private/cancel_by_label", new JsonObject { ["label"] = "L2", ["currency"] = "BTC" }) is { ValueKind: JsonValueKind.Number } count && count.GetInt32() == 2);
        JsonElement cancelled = await _client.ResultAsync("private/cancel", new JsonObject { ["order_id"] = first });
        Assert.That(cancelled.GetProperty("order_state").GetString(), Is.EqualTo("cancelled"));
        Assert.That(cancelled.GetProperty("cancel_reason").GetString(), Is.EqualTo("user_request"));
        AssertError(await _client.CallAsync("private/cancel", new JsonObject { ["order_id"] = first }), 11044, "not_open_order");
        AssertError(await _client.CallAsync("private/edit", new JsonObject { ["order_id"] = first, ["amount"] = 100, ["price"] = 49_000 }), 11044, "not_open_order");
        JsonElement byLabel = await _client.ResultAsync("private/get_order_state_by_label", new JsonObject { ["currency"] = "BTC", ["label"] = "L1" });
        Assert.That(byLabel.GetArrayLength(), Is.EqualTo(1));
        Assert.That(byLabel[0].GetProperty("order_state").GetString(), Is.EqualTo("cancelled"));
        await _client.ResultAsync("private/buy", Limit(Btc, 100, 48_000m));
        Assert.That((await _client.ResultAsync("private/cancel_all_by_instrument", new JsonObject { ["instrument_name"] = Btc })).GetInt32(), Is.EqualTo(1));
    }

    [Test]
    public async Task Cancel_on_disconnect_removes_the_connections_orders_when_it_drops()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        Assert.That((await _client.ResultAsync("private/enable_cancel_on_disconnect", new JsonObject { ["scope"] = "connection" })).GetString(), Is.EqualTo("ok"));
        JsonElement cod = await _client.ResultAsync("private/get_cancel_on_disconnect", new JsonObject { ["scope"] = "connection" });
        Assert.That(cod.GetProperty("enabled").GetBoolean(), Is.True);
        string orderId = (await _client.ResultAsync("private/buy", Limit(Btc, 100, 49_000m))).GetProperty("order").GetProperty("order_id").GetString()!;

        await ControlAsync("disconnect", string.Empty);
        await _client.WaitClosedAsync();

        await using DeribitJsonRpcTestClient again = await DeribitJsonRpcTestClient.ConnectAsync(_simulator.WebSocketAddress);
        await again.AuthenticateAsync(ClientId, Secret);
        JsonElement state = await again.ResultAsync("private/get_order_state", new JsonObject { ["order_id"] = orderId });
        Assert.That(state.GetProperty("order_state").GetString(), Is.EqualTo("cancelled"));
        Assert.That(state.GetProperty("cancel_reason").GetString(), Is.EqualTo("cancel_on_disconnect"));
    }

    [Test]
    public async Task Heartbeat_sends_test_requests_and_drops_a_connection_that_does_not_answer()
    {
        Assert.That((await _client.ResultAsync("public/set_heartbeat", new JsonObject { ["interval"] = 10 })).GetString(), Is.EqualTo("ok"));
        AssertInvalidParams(await _client.CallAsync("public/set_heartbeat", new JsonObject { ["interval"] = 5 }), "interval");
        _clock += 10_000;

        JsonElement heartbeat = await _client.NextNotificationAsync("heartbeat");
        Assert.That(heartbeat.GetProperty("params").GetProperty("type").GetString(), Is.EqualTo("test_request"));
        Assert.That((await _client.ResultAsync("public/test")).GetProperty("version").GetString(), Is.Not.Empty);
        _clock += 10_000;
        await _client.NextNotificationAsync("heartbeat");
        _clock += 10_000;

        await _client.WaitClosedAsync();
        Assert.That(_client.State, Is.Not.EqualTo(System.Net.WebSockets.WebSocketState.Open));
    }

    [Test]
    public async Task Json_rpc_over_http_takes_query_parameters_and_basic_or_bearer_authorization()
    {
        HttpResponseMessage time = await _http.GetAsync(new Uri(_simulator.BaseAddress, "/api/v2/public/get_time"));
        Assert.That(time.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await ReadAsync(time)).GetProperty("result").GetInt64(), Is.EqualTo(_clock));
        HttpResponseMessage denied = await _http.GetAsync(new Uri(_simulator.BaseAddress, $"/api/v2/private/buy?instrument_name={Btc}&amount=10&type=limit&price=49000"));
        Assert.That(denied.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        AssertError(await ReadAsync(denied), 13009, "unauthorized");

        using var buy = new HttpRequestMessage(HttpMethod.Get, new Uri(_simulator.BaseAddress, $"/api/v2/private/buy?instrument_name={Btc}&amount=10&type=limit&price=49000&label=h1"));
        buy.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{Secret}")));
        JsonElement placed = await ReadAsync(await _http.SendAsync(buy));
        Assert.That(placed.GetProperty("result").GetProperty("order").GetProperty("label").GetString(), Is.EqualTo("h1"));

        JsonElement token = await ReadAsync(await _http.GetAsync(new Uri(_simulator.BaseAddress, $"/api/v2/public/auth?grant_type=client_credentials&client_id={ClientId}&client_secret={Secret}")));
        using var open = new HttpRequestMessage(HttpMethod.Post, new Uri(_simulator.BaseAddress, "/api/v2"))
        {
            Content = new StringContent($"{{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"private/get_open_orders_by_currency\",\"params\":{{\"currency\":\"BTC\"}}}}", Encoding.UTF8, "application/json"),
        };
        open.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("result").GetProperty("access_token").GetString());
        JsonElement orders = await ReadAsync(await _http.SendAsync(open));
        Assert.That(orders.GetProperty("id").GetInt32(), Is.EqualTo(9));
        Assert.That(orders.GetProperty("result").GetArrayLength(), Is.EqualTo(1));
        HttpResponseMessage websocketOnly = await _http.GetAsync(new Uri(_simulator.BaseAddress, "/api/v2/public/set_heartbeat?interval=10"));
        AssertError(await ReadAsync(websocketOnly), 10030, "must_be_websocket_request");
    }

    [Test]
    public async Task A_burst_past_the_matching_credits_is_refused_with_10028()
    {
        await _client.DisposeAsync();
        await _simulator.DisposeAsync();
        _http.Dispose();
        await StartAsync(matchingBurst: 3);
        await _client.AuthenticateAsync(ClientId, Secret);

        var codes = new List<int>();
        for (int i = 0; i < 5; i++)
        {
            JsonElement answer = await _client.CallAsync("private/buy", Limit(Btc, 10, 40_000m));
            codes.Add(answer.TryGetProperty("error", out JsonElement error) ? error.GetProperty("code").GetInt32() : 0);
        }

        Assert.That(codes, Is.EqualTo(new[] { 0, 0, 0, 10028, 10028 }));
        Assert.That(_simulator.RateLimited, Is.EqualTo(2));
    }

    [Test]
    public async Task Faults_drop_after_applying_answer_11094_after_applying_or_13028_without()
    {
        await _client.AuthenticateAsync(ClientId, Secret);
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.InternalError));
        AssertError(await _client.CallAsync("private/buy", Limit(Btc, 10, 40_000m, "f1")), 11094, "internal_server_error");
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.Unavailable));
        AssertError(await _client.CallAsync("private/buy", Limit(Btc, 10, 40_000m, "f2")), 13028, "temporarily_unavailable");
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.Drop));
        await _client.SendRawAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = 77, ["method"] = "private/buy", ["params"] = Limit(Btc, 10, 40_000m, "f3") }.ToJsonString());
        await _client.WaitClosedAsync();

        await using DeribitJsonRpcTestClient again = await DeribitJsonRpcTestClient.ConnectAsync(_simulator.WebSocketAddress);
        await again.AuthenticateAsync(ClientId, Secret);
        Assert.That((await again.ResultAsync("private/get_order_state_by_label", new JsonObject { ["currency"] = "BTC", ["label"] = "f1" })).GetArrayLength(), Is.EqualTo(1), "applied");
        Assert.That((await again.ResultAsync("private/get_order_state_by_label", new JsonObject { ["currency"] = "BTC", ["label"] = "f2" })).GetArrayLength(), Is.Zero, "not applied");
        JsonElement dropped = await again.ResultAsync("private/get_order_state_by_label", new JsonObject { ["currency"] = "BTC", ["label"] = "f3" });
        Assert.That(dropped.GetArrayLength(), Is.EqualTo(1), "applied before the connection was dropped");
        Assert.That(dropped[0].GetProperty("order_state").GetString(), Is.EqualTo("open"), "cancel-on-disconnect was not enabled");
        Assert.That(_simulator.FaultsApplied, Is.EqualTo(3));
    }

    private async Task StartAsync(int matchingBurst)
    {
        _simulator = await DeribitSimulator.StartAsync(new DeribitSimulatorOptions
        {
            ClientId = ClientId,
            ClientSecret = Secret,
            Instruments =
            [
                new DeribitInstrument(Btc, "BTC", 0.5m, 10m, 10m),
                new DeribitInstrument("ETH-PERPETUAL", "ETH", 0.05m, 1m, 1m),
            ],
            Balances = new Dictionary<string, decimal> { ["BTC"] = 1m, ["ETH"] = 10m },
            TakerFee = 0.0005m,
            ClockMillis = () => Interlocked.Read(ref _clock),
            MatchingBurst = matchingBurst,
            MatchingRequestsPerSecond = 1,
        });
        _client = await DeribitJsonRpcTestClient.ConnectAsync(_simulator.WebSocketAddress);
        _http = new HttpClient();
    }

    private static JsonObject Limit(string instrument, decimal amount, decimal price, string? label = null)
    {
        var parameters = new JsonObject { ["instrument_name"] = instrument, ["amount"] = amount, ["type"] = "limit", ["price"] = price };
        if (label is not null)
        {
            parameters["label"] = label;
        }

        return parameters;
    }

    private static JsonObject Stop(string instrument, decimal amount, decimal trigger) => new()
    {
        ["instrument_name"] = instrument,
        ["amount"] = amount,
        ["type"] = "stop_market",
        ["trigger_price"] = trigger,
        ["trigger"] = "last_price",
        ["reduce_only"] = true,
    };

    private async Task ControlAsync(string path, string query)
    {
        HttpResponseMessage response = await _http.PostAsync(new Uri(_simulator.BaseAddress, $"/sim/v1/{path}?{query}"), null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static void AssertError(JsonElement answer, int code, string message)
    {
        Assert.That(answer.TryGetProperty("error", out JsonElement error), Is.True, answer.ToString());
        Assert.That(error.GetProperty("code").GetInt32(), Is.EqualTo(code), answer.ToString());
        Assert.That(error.GetProperty("message").GetString(), Is.EqualTo(message), answer.ToString());
    }

    private static void AssertInvalidParams(JsonElement answer, string param)
    {
        AssertError(answer, -32602, "Invalid params");
        Assert.That(answer.GetProperty("error").GetProperty("data").GetProperty("param").GetString(), Is.EqualTo(param), answer.ToString());
    }
}
