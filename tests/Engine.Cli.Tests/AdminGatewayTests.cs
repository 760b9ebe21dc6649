using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engine.Cli.Commands;
using Engine.Gateways.Admin;
using Engine.Host;
using Engine.Primitives;

using Engine.Cli.Tests.Support;

namespace Engine.Cli.Tests;

/// <summary>
/// The admin gateway over a real engine (journal, BLP, shared-memory transport) and a real Kestrel server: each
/// command is journaled and answered with what the engine did; bad requests are refused with the field at fault;
/// the `engine admin` command line talks to it as a separate process.
/// </summary>
[TestFixture]
public sealed class AdminGatewayTests
{
    private AdminGatewayOverEngine _fixture = null!;
    private EngineHost _engine = null!;
    private AdminGateway _gateway = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("admin");
        _engine = _fixture.Engine;
        _gateway = _fixture.Gateway;
        _http = _fixture.Http;
    }

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    [Test]
    public async Task Status_ShowsTheConfiguredAccountsCash_AndSwitchesOff()
    {
        using JsonDocument status = await GetStatus();
        JsonElement root = status.RootElement;
        Assert.That(root.GetProperty("killSwitch").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("tradingState").GetString(), Is.EqualTo("active"));
        var balances = root.GetProperty("balances").EnumerateArray().Select(b => (b.GetProperty("account").GetInt64(), b.GetProperty("asset").GetString(), b.GetProperty("available").GetString())).ToList();
        Assert.That(balances, Does.Contain((1L, "USDT", "1000000.00000000")), "the deposits of config/engine.json");
        Assert.That(root.GetProperty("instruments").EnumerateArray().Select(i => i.GetProperty("instrument").GetString()), Does.Contain("BTC-USDT"));
        Assert.That(root.GetProperty("stateHash").GetString(), Has.Length.EqualTo(16));
    }

    [Test]
    public async Task EngineThatStops_IsReported503_WithTheReason_InsteadOfTimingOut()
    {
        using (await GetStatus())
        {
        }

        _engine.Stop();
        HttpStatusCode code = HttpStatusCode.OK;
        string text = "";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (code != HttpStatusCode.ServiceUnavailable && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            // Until the link's liveness check sees the engine gone, a request may still time out (504).
            using HttpResponseMessage response = await _http.GetAsync("/api/status");
            code = response.StatusCode;
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.That(code, Is.EqualTo(HttpStatusCode.ServiceUnavailable), text);
        Assert.That(text, Does.Contain("the engine no longer serves this gateway (its transport file was removed: it shut down); the gateway is waiting for the engine"));
        using (HttpResponseMessage command = await _http.PostAsync("/api/snapshot", new StringContent("")))
        {
            Assert.That(command.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "commands too are refused at once");
        }
    }

    [Test]
    public async Task KillSwitch_IsJournaledAndApplied_AndStatusShowsIt_UntilReleased()
    {
        (HttpStatusCode code, JsonDocument answer) = await Post("/api/kill-switch", """{"scope":"all","action":"engage","reason":"test drill"}""");
        using (answer)
        {
            Assert.That(code, Is.EqualTo(HttpStatusCode.OK), answer.RootElement.ToString());
            Assert.That(answer.RootElement.GetProperty("applied").GetBoolean(), Is.True);
            Assert.That(answer.RootElement.GetProperty("journalSequence").GetInt64(), Is.GreaterThan(0));
        }

        using (JsonDocument status = await GetStatus())
        {
            Assert.That(status.RootElement.GetProperty("killSwitch").GetBoolean(), Is.True);
        }

        (code, answer) = await Post("/api/kill-switch", """{"scope":"all","action":"release"}""");
        answer.Dispose();
        Assert.That(code, Is.EqualTo(HttpStatusCode.OK));
        using (JsonDocument status = await GetStatus())
        {
            Assert.That(status.RootElement.GetProperty("killSwitch").GetBoolean(), Is.False);
        }
    }

    [Test]
    public async Task LimitAndTradingState_ReachRisk_InTheirUnits()
    {
        (HttpStatusCode code, JsonDocument answer) = await Post("/api/limits", """{"limit":"maxOrderSize","value":"0.5","instrument":"BTC-USDT"}""");
        answer.Dispose();
        Assert.That(code, Is.EqualTo(HttpStatusCode.OK));
        (code, answer) = await Post("/api/trading-state", """{"scope":"instrument","instrument":"BTC-USDT","state":"reduce-only","reason":"drill"}""");
        answer.Dispose();
        Assert.That(code, Is.EqualTo(HttpStatusCode.OK));
        using (JsonDocument status = await GetStatus())
        {
            JsonElement btc = status.RootElement.GetProperty("instruments").EnumerateArray().Single(i => i.GetProperty("instrument").GetString() == "BTC-USDT");
            Assert.That(btc.GetProperty("tradingState").GetString(), Is.EqualTo("reduce-only"));
        }

        _engine.Stop();
        var instrument = new InstrumentId(_engine.Processor.Settings.Registry.Instruments.Single(i => i.Symbol == "BTC-USDT").Id.Value);
        int quantityScale = _engine.Processor.Settings.Risk.Instruments.Single(i => i.Id == instrument).Rules.QuantityScale;
        Assert.That(_engine.Processor.Risk.GetInstrumentLimits(instrument).MaxOrderSize, Is.EqualTo(new Quantity(FixedPointMath.Pow10(quantityScale) / 2)));
    }

    [Test]
    public async Task RequestTheEngineRefuses_IsAnswered422_WithItsReason()
    {
        (HttpStatusCode code, JsonDocument answer) = await Post("/api/kill-switch", """{"scope":"account","account":999,"action":"engage"}""");
        using (answer)
        {
            Assert.That(code, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(answer.RootElement.GetProperty("applied").GetBoolean(), Is.False);
            Assert.That(answer.RootElement.GetProperty("reason").GetString(), Is.EqualTo("account 999 is not an open account"));
            Assert.That(answer.RootElement.GetProperty("result").GetString(), Is.EqualTo("UnknownAccount"));
            Assert.That(answer.RootElement.GetProperty("resultCode").GetInt32(), Is.EqualTo(1003));
        }

        using JsonDocument status = await GetStatus();
        JsonElement counters = status.RootElement.GetProperty("counters");
        Assert.That(counters.GetProperty("adminRefused").GetInt64(), Is.EqualTo(1), "counted as refused");
        Assert.That(counters.GetProperty("malformedInputs").GetInt64(), Is.Zero, "not as malformed");
    }

    [TestCase("/api/limits", """{"limit":"orderBurst","value":"0","account":1}""", "AdminValueOutOfRange", "orderBurst 0 is out of range: 1 to 1000000000 orders")]
    [TestCase("/api/limits", """{"limit":"maxGrossExposure","value":"5","account":77}""", "UnknownAccount", "account 77 is not an open account")]
    [TestCase("/api/limits", """{"limit":"orderRatePerSecond","value":"5","strategy":65}""", "UnknownStrategy", "strategy 65 is outside risk's strategy ids 1..64")]
    [TestCase("/api/trading-state", """{"scope":"account","account":55,"state":"halted"}""", "UnknownAccount", "account 55 is not an open account")]
    [TestCase("/api/funds", """{"account":1,"asset":"USDT","amount":"99999999","direction":"withdrawal"}""", "ExceedsCredits", "the ledger refused the withdrawal of account 1 in USDT")]
    [TestCase("/api/strategy-parameter", """{"strategy":1,"name":"noSuchParameter","value":"1"}""", "AdminParameterRefused", "strategy 1 refused parameter 'noSuchParameter'")]
    [TestCase("/api/cancel-order", """{"order":999999}""", "UnknownOrder", "order 999999 is not an order the engine gave")]
    [TestCase("/api/cancel-order", """{"order":999999,"account":1}""", "UnknownOrder", "order 999999 is not an open order of account 1")]
    public async Task EveryRefusal_IsAnswered422_NamingItsCodeAndExactlyWhy(string path, string body, string result, string reason)
    {
        (HttpStatusCode code, JsonDocument answer) = await Post(path, body);
        using (answer)
        {
            Assert.That(code, Is.EqualTo(HttpStatusCode.UnprocessableEntity), answer.RootElement.ToString());
            Assert.That(answer.RootElement.GetProperty("result").GetString(), Is.EqualTo(result));
            Assert.That(answer.RootElement.GetProperty("reason").GetString(), Does.StartWith(reason));
        }
    }

    [Test]
    public async Task Status_ListsTheLimitsInForcePerScope_AndTheOpenOrders()
    {
        (HttpStatusCode code, JsonDocument answer) = await Post("/api/limits", """{"limit":"maxOrderSize","value":"0.5","instrument":"BTC-USDT"}""");
        answer.Dispose();
        Assert.That(code, Is.EqualTo(HttpStatusCode.OK));

        using JsonDocument status = await GetStatus();
        var limits = status.RootElement.GetProperty("limits").EnumerateArray().ToList();
        JsonElement maxOrderSize = limits.Single(l => l.GetProperty("scope").GetString() == "instrument" && l.GetProperty("instrument").GetString() == "BTC-USDT" && l.GetProperty("limit").GetString() == "maxOrderSize");
        Assert.That(maxOrderSize.GetProperty("value").GetString(), Is.EqualTo("0.50000"));
        Assert.That(limits.Where(l => l.GetProperty("scope").GetString() == "account" && l.GetProperty("account").GetInt64() == 1).Select(l => l.GetProperty("limit").GetString()),
            Is.EquivalentTo(new[] { "maxGrossExposure", "maxDailyLoss", "orderRatePerSecond", "orderBurst" }));
        Assert.That(maxOrderSize.TryGetProperty("used", out _), Is.False, "a per-order limit accumulates nothing");
        JsonElement burst = limits.Single(l => l.GetProperty("scope").GetString() == "account" && l.GetProperty("account").GetInt64() == 1 && l.GetProperty("limit").GetString() == "orderBurst");
        Assert.That(decimal.Parse(burst.GetProperty("used").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(0m));
        Assert.That(burst.GetProperty("percent").GetDouble(), Is.InRange(0, 100));
        Assert.That(status.RootElement.GetProperty("orders").ValueKind, Is.EqualTo(JsonValueKind.Array));
        Assert.That(status.RootElement.GetProperty("orders").GetArrayLength(), Is.EqualTo(status.RootElement.GetProperty("openOrders").GetInt32()));
    }

    [TestCase("{}", "request body: $: give the account whose orders to cancel, or \"allAccounts\": true")]
    [TestCase("""{"account":1,"allAccounts":true}""", "request body: $: give either account or allAccounts, not both")]
    [TestCase("""{"allAccounts":false}""", "request body: $.allAccounts: must be true")]
    public async Task CancelAll_WithoutAnExplicitChoiceOfAccounts_IsRefused400_NamingTheChoice(string body, string expected)
    {
        (HttpStatusCode code, JsonDocument answer) = await Post("/api/cancel-all", body);
        using (answer)
        {
            Assert.That(code, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answer.RootElement.GetProperty("error").GetString(), Does.StartWith(expected));
        }

        (code, answer) = await Post("/api/cancel-all", """{"allAccounts":true}""");
        using (answer)
        {
            Assert.That(code, Is.EqualTo(HttpStatusCode.OK), "every account's orders, asked for explicitly");
        }
    }

    [TestCase("/api/kill-switch", "{\"scope\":\"all\",\"action\":\"engage\",\"reason\":\"LONG\"}", "$.reason")]
    [TestCase("/api/trading-state", "{\"scope\":\"global\",\"state\":\"halted\",\"reason\":\"LONG\"}", "$.reason")]
    [TestCase("/api/strategy-parameter", "{\"strategy\":1,\"name\":\"halfSpreadTicks\",\"value\":\"LONG\"}", "$.value")]
    public async Task OverLongText_IsRefused400_NamingTheFieldAndItsLimit_NeverCut(string path, string template, string field)
    {
        (HttpStatusCode code, JsonDocument answer) = await Post(path, template.Replace("LONG", new string('x', 5000), StringComparison.Ordinal));
        using (answer)
        {
            Assert.That(code, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answer.RootElement.GetProperty("error").GetString(), Is.EqualTo($"request body: {field}: is 5000 bytes long; the journaled field holds at most 256 bytes (UTF-8): shorten it"));
        }

        _engine.Stop();
        Assert.That(_engine.Processor.Counters.AdminInputs, Is.EqualTo(2), "only the two start-up deposits: nothing reached the engine");
    }

    [Test]
    public async Task Health_SaysTheEngineIsAttached()
    {
        using HttpResponseMessage response = await _http.GetAsync("/api/health");
        using JsonDocument health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(health.RootElement.GetProperty("engine").GetString(), Is.EqualTo("attached"));
        Assert.That(health.RootElement.GetProperty("attachments").GetInt64(), Is.EqualTo(1));
    }

    [Test]
    public void JournalReplay_ListsEveryAdminInputsResult_AppliedOrRefusedWithItsReason()
    {
        string url = _gateway.Address.ToString();
        Assert.That(EngineProcess.Run("admin", "trading-state", "--url", url, "--scope", "global", "--state", "halted", "--reason", "drill").ExitCode, Is.Zero);
        Assert.That(EngineProcess.Run("admin", "kill-switch", "--url", url, "--scope", "account", "--account", "999").ExitCode, Is.EqualTo(1));
        _engine.Stop();

        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(_fixture.Directory, "journal"), "--admin-results");

        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain("admin results: 4 (3 applied, 1 refused)"));
        Assert.That(replay.StandardOutput, Does.Contain("InstrumentTradingAction by principal 9: applied"));
        Assert.That(replay.StandardOutput, Does.Contain("KillSwitch by principal 9: refused UnknownAccount (1003): account 999 is not an open account"));
    }

    [Test]
    public void AdminCommandLine_FundsAndStrategyParameter_MirrorTheirEndpoints()
    {
        string url = _gateway.Address.ToString();
        EngineRun deposit = EngineProcess.Run("admin", "funds", "--url", url, "--account", "3", "--asset", "USDT", "--amount", "250.5", "--direction", "deposit");
        Assert.That(deposit.ExitCode, Is.Zero, deposit.StandardError);
        Assert.That(deposit.StandardOutput, Does.Contain("\"applied\": true"));

        EngineRun parameter = EngineProcess.Run("admin", "strategy-parameter", "--url", url, "--strategy", "1", "--name", "halfSpreadTicks", "--value", "60");
        Assert.That(parameter.ExitCode, Is.Zero, parameter.StandardError);

        EngineRun refused = EngineProcess.Run("admin", "strategy-parameter", "--url", url, "--strategy", "1", "--name", "halfSpreadTicks", "--value", "-3");
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.StandardError, Does.Contain("422").And.Contain("AdminParameterRefused"));

        EngineRun status = EngineProcess.Run("admin", "status", "--url", url);
        Assert.That(status.StandardOutput, Does.Contain("account 3 USDT 250.50000000"));
    }

    [Test]
    public void AdminCommandLine_Reconcile_AsksOneVenueOrEvery_AndTheEngineAppliesIt()
    {
        string url = _gateway.Address.ToString();
        EngineRun one = EngineProcess.Run("admin", "reconcile", "--url", url, "--venue", "binance");
        Assert.That(one.ExitCode, Is.Zero, one.StandardError);
        Assert.That(one.StandardOutput, Does.Contain("\"applied\": true"));

        EngineRun every = EngineProcess.Run("admin", "reconcile", "--url", url);
        Assert.That(every.ExitCode, Is.Zero, every.StandardError);

        EngineRun unknown = EngineProcess.Run("admin", "reconcile", "--url", url, "--venue", "NASDAQ");
        Assert.That(unknown.ExitCode, Is.EqualTo(1));
        Assert.That(unknown.StandardError, Does.Contain("400").And.Contain("'NASDAQ' is not a venue of the engine's registry"));
    }

    [Test]
    public void AdminCommandLine_CancelAll_NeedsAnAccountOrAllAccounts()
    {
        string url = _gateway.Address.ToString();
        EngineRun neither = EngineProcess.Run("admin", "cancel-all", "--url", url);
        Assert.That(neither.ExitCode, Is.EqualTo(2));
        Assert.That(neither.StandardError, Does.Contain("give --account N to cancel one account's orders, or --all-accounts to cancel every account's orders"));

        EngineRun all = EngineProcess.Run("admin", "cancel-all", "--url", url, "--all-accounts");
        Assert.That(all.ExitCode, Is.Zero, all.StandardError);
    }

    [Test]
    public void AdminCommandLine_Status_PrintsLimitsAndOpenOrdersAsText_OrJson()
    {
        string url = _gateway.Address.ToString();
        EngineRun text = EngineProcess.Run("admin", "status", "--url", url);
        Assert.That(text.ExitCode, Is.Zero, text.StandardError);
        Assert.That(text.StandardOutput, Does.Contain("limits").And.Contain("  instrument BTC-USDT: maxOrderSize ").And.Contain("open orders").And.Contain("admin refused 0"));

        EngineRun json = EngineProcess.Run("admin", "status", "--url", url, "--json");
        Assert.That(json.ExitCode, Is.Zero, json.StandardError);
        using JsonDocument document = JsonDocument.Parse(json.StandardOutput);
        Assert.That(document.RootElement.GetProperty("limits").GetArrayLength(), Is.GreaterThan(0));
        Assert.That(document.RootElement.TryGetProperty("orders", out _), Is.True);
    }

    [TestCase("/api/kill-switch", """{"scope":"everything","action":"engage"}""", "request body: $.scope: 'everything' is not one of all, account, instrument, strategy")]
    [TestCase("/api/limits", """{"limit":"maxOrderSize","value":"0.123456789","instrument":"BTC-USDT"}""", "request body: $.value: '0.123456789'")]
    [TestCase("/api/limits", """{"limit":"maxOrderSize","value":"1","account":1}""", "request body: $: maxOrderSize is set for exactly one instrument")]
    [TestCase("/api/trading-state", """{"scope":"instrument","instrument":"DOGE-XYZ","state":"halted"}""", "request body: $.instrument: 'DOGE-XYZ' is not a traded instrument")]
    [TestCase("/api/cancel-all", """{"acount":1}""", "request body: $.acount: unknown key")]
    [TestCase("/api/funds", "{not json", "request body: not JSON")]
    [TestCase("/api/reconcile", """{"venue":"NASDAQ"}""", "request body: $.venue: 'NASDAQ' is not a venue of the engine's registry (")]
    [TestCase("/api/reconcile", """{"venue":7}""", "request body: $.venue")]
    public async Task BadRequest_IsRefusedBeforeTheEngine_NamingTheField(string path, string body, string expected)
    {
        (HttpStatusCode code, JsonDocument answer) = await Post(path, body);
        using (answer)
        {
            Assert.That(code, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(answer.RootElement.GetProperty("error").GetString(), Does.StartWith(expected));
        }

        _engine.Stop();
        Assert.That(_engine.Processor.Counters.AdminInputs, Is.EqualTo(2), "only the two start-up deposits: nothing reached the engine");
    }

    [Test]
    public async Task GatewayWithAToken_RefusesRequestsWithoutIt()
    {
        await using AdminGateway guarded = await AdminGateway.StartAsync(
            _engine.TransportPath!, AdminCommand.CatalogFor(EngineConfig.Load(Path.Combine(_fixture.Directory, "config", "engine.json"))),
            new AdminGatewayOptions { Listen = "http://127.0.0.1:0", Token = "a-long-enough-secret-token" }, TextWriter.Null);
        using var client = new HttpClient { BaseAddress = guarded.Address };
        using (HttpResponseMessage refused = await client.GetAsync("/api/status"))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "a-long-enough-secret-token");
        using HttpResponseMessage allowed = await client.GetAsync("/api/status");
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public void ListeningBeyondLoopbackWithoutTls_IsRefused()
    {
        var error = Assert.ThrowsAsync<AdminRequestException>(() => AdminGateway.StartAsync(
            _engine.TransportPath!, AdminCommand.CatalogFor(EngineConfig.Load(Path.Combine(_fixture.Directory, "config", "engine.json"))),
            new AdminGatewayOptions { Listen = "http://0.0.0.0:0", Token = "a-long-enough-secret-token" }, TextWriter.Null));
        Assert.That(error!.Message, Does.Contain("listen on https://"));
    }

    [Test]
    public void AdminCommandLine_TalksToTheGateway_AsASeparateProcess()
    {
        string url = _gateway.Address.ToString();
        EngineRun status = EngineProcess.Run("admin", "status", "--url", url, "--json");
        Assert.That(status.ExitCode, Is.Zero, status.StandardError);
        Assert.That(status.StandardOutput, Does.Contain("\"balances\""));

        EngineRun halt = EngineProcess.Run("admin", "trading-state", "--url", url, "--scope", "global", "--state", "halted", "--reason", "cli drill");
        Assert.That(halt.ExitCode, Is.Zero, halt.StandardError);
        Assert.That(halt.StandardOutput, Does.Contain("\"applied\": true"));

        EngineRun refused = EngineProcess.Run("admin", "kill-switch", "--url", url, "--scope", "strategy", "--strategy", "999");
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.StandardError, Does.Contain("422").And.Contain("configured strategy"));
    }

    private async Task<JsonDocument> GetStatus()
    {
        using HttpResponseMessage response = await _http.GetAsync("/api/status");
        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text);
    }

    private async Task<(HttpStatusCode Code, JsonDocument Answer)> Post(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await _http.PostAsync(path, content);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }
}
