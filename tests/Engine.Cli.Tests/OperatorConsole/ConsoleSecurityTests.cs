using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Engine.Cli.Auditing;
using Engine.Cli.Commands;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Admin;
using Engine.Gateways.Admin.Users;
using Engine.Host;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// The admin gateway with a users file, over a real engine and a real Kestrel server: every request needs a user
/// (session or API token), each role may do only its own, browser sessions need the antiforgery token, sessions expire,
/// logins lock out after repeated failures, and oversized or malformed requests are refused. Whatever is refused never
/// reaches the engine's journal.
/// </summary>
[TestFixture]
public sealed class ConsoleSecurityTests
{
    private const string KillAll = """{"scope":"all","action":"engage","reason":"drill"}""";

    private AdminGatewayOverEngine _fixture = null!;
    private ConsoleUsers _users = null!;
    private MovableClock _clock = null!;
    private AdminGateway _gateway = null!;

    private EngineHost Engine => _fixture.Engine;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("console-security");
        _users = ConsoleUsers.Write(Path.Combine(_fixture.Directory, "users"));
        _clock = new MovableClock();
        _gateway = await AdminGateway.StartAsync(
            Engine.TransportPath!, AdminCommand.CatalogFor(EngineConfig.Load(Path.Combine(_fixture.Directory, "config", "engine.json"))),
            new AdminGatewayOptions
            {
                Listen = "http://127.0.0.1:0",
                UsersFile = _users.Path,
                SessionLifetime = TimeSpan.FromHours(1),
                MaxFailedLogins = 3,
                MaxRequestBodyBytes = 4096,
                TimeProvider = _clock,
                AuditTrail = new JournalAuditTrail(Path.Combine(_fixture.Directory, "journal"), Path.Combine(_fixture.Directory, "config", "engine.json")).Entries,
            },
            TextWriter.Null);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _gateway.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [TestCase("GET", "/api/status")]
    [TestCase("GET", "/api/session")]
    [TestCase("POST", "/api/kill-switch")]
    [TestCase("POST", "/api/limits")]
    public async Task Request_without_a_session_or_token_is_refused_401_and_nothing_is_journaled(string method, string path)
    {
        long before = Engine.Processor.Counters.AdminInputs;
        using HttpClient client = Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = Json(KillAll);
        }

        using HttpResponseMessage response = await client.SendAsync(request);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), await response.Content.ReadAsStringAsync());
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("log in first"));
        Assert.That(Engine.Processor.Counters.AdminInputs, Is.EqualTo(before));
    }

    [Test]
    public async Task Wrong_token_is_refused_401_even_on_loopback()
    {
        using HttpClient client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eat_not-a-token-of-anyone");
        using HttpResponseMessage response = await client.GetAsync("/api/status");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase("vera", "/api/kill-switch", KillAll)]
    [TestCase("vera", "/api/snapshot", "{}")]
    [TestCase("otto", "/api/limits", """{"limit":"maxOrderSize","value":"0.5","instrument":"BTC-USDT"}""")]
    [TestCase("otto", "/api/funds", """{"account":1,"asset":"USDT","amount":"1","direction":"deposit"}""")]
    public async Task Role_that_may_not_act_is_refused_403_naming_the_role_needed_and_nothing_is_journaled(string user, string path, string body)
    {
        long before = Engine.Processor.Counters.AdminInputs;
        using HttpClient client = TokenClient(user);

        using HttpResponseMessage response = await client.PostAsync(path, Json(body));

        string text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), text);
        using JsonDocument answer = JsonDocument.Parse(text);
        Assert.That(answer.RootElement.GetProperty("error").GetString(), Does.StartWith($"user '{user}' is a").And.Contain(" needs an "));
        Assert.That(Engine.Processor.Counters.AdminInputs, Is.EqualTo(before));
    }

    [Test]
    public async Task Each_role_does_its_own_and_the_journal_names_the_acting_users_principal()
    {
        using HttpClient viewer = TokenClient("vera");
        using HttpClient operatorClient = TokenClient("otto");
        using HttpClient admin = TokenClient("ada");

        using (HttpResponseMessage status = await viewer.GetAsync("/api/status"))
        {
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (HttpResponseMessage kill = await operatorClient.PostAsync("/api/kill-switch", Json(KillAll)))
        {
            Assert.That(kill.StatusCode, Is.EqualTo(HttpStatusCode.OK), await kill.Content.ReadAsStringAsync());
        }

        using (HttpResponseMessage limit = await admin.PostAsync("/api/limits", Json("""{"limit":"maxOrderSize","value":"0.5","instrument":"BTC-USDT"}""")))
        {
            Assert.That(limit.StatusCode, Is.EqualTo(HttpStatusCode.OK), await limit.Content.ReadAsStringAsync());
        }

        Engine.Stop();
        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(_fixture.Directory, "journal"), "--admin-results");
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain($"KillSwitch by principal {_users.PrincipalOf("otto")}: applied"));
        Assert.That(replay.StandardOutput, Does.Contain($"RiskLimitChange by principal {_users.PrincipalOf("ada")}: applied"));

        EngineRun named = EngineProcess.Run("journal", "replay", Path.Combine(_fixture.Directory, "journal"), "--admin-results", "--users", _users.Path);
        Assert.That(named.ExitCode, Is.Zero, named.StandardError);
        Assert.That(named.StandardOutput, Does.Contain($"KillSwitch by otto (principal {_users.PrincipalOf("otto")}): applied"));
    }

    [Test]
    public async Task Session_acts_with_the_antiforgery_token_and_is_refused_400_without_it()
    {
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(cookies) { BaseAddress = _gateway.Address };
        string antiforgery = await LogIn(client, "otto");
        using (HttpResponseMessage status = await client.GetAsync("/api/status"))
        {
            Assert.That(status.StatusCode, Is.EqualTo(HttpStatusCode.OK), "reading needs no antiforgery token");
        }

        long before = Engine.Processor.Counters.AdminInputs;

        using (HttpResponseMessage forged = await client.PostAsync("/api/kill-switch", Json(KillAll)))
        {
            Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await forged.Content.ReadAsStringAsync(), Does.Contain("antiforgery"));
        }

        Assert.That(Engine.Processor.Counters.AdminInputs, Is.EqualTo(before), "the refused request reached nothing");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/kill-switch") { Content = Json(KillAll) };
        request.Headers.Add("X-CSRF-TOKEN", antiforgery);
        using HttpResponseMessage allowed = await client.SendAsync(request);
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK), await allowed.Content.ReadAsStringAsync());
    }

    [Test]
    public async Task Expired_session_is_refused_401()
    {
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(cookies) { BaseAddress = _gateway.Address };
        await LogIn(client, "vera");
        using (HttpResponseMessage fresh = await client.GetAsync("/api/session"))
        {
            Assert.That(fresh.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        _clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));

        using HttpResponseMessage expired = await client.GetAsync("/api/status");
        Assert.That(expired.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Brute_forced_login_locks_the_name_out_even_for_the_right_password_until_the_lockout_passes()
    {
        using HttpClient client = Client();
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            using HttpResponseMessage wrong = await client.PostAsync("/api/login", Json("""{"name":"otto","password":"guess-number-one"}"""));
            Assert.That(wrong.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), $"attempt {attempt}");
        }

        using (HttpResponseMessage third = await client.PostAsync("/api/login", Json("""{"name":"otto","password":"guess-number-three"}""")))
        {
            Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
            Assert.That(await third.Content.ReadAsStringAsync(), Does.Contain("locked out until"));
        }

        string right = $$"""{"name":"otto","password":"{{ConsoleUsers.PasswordOf("otto")}}"}""";
        using (HttpResponseMessage locked = await client.PostAsync("/api/login", Json(right)))
        {
            Assert.That(locked.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests), "the right password does not help while locked out");
        }

        _clock.Advance(TimeSpan.FromMinutes(16));
        using HttpResponseMessage after = await client.PostAsync("/api/login", Json(right));
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_user_names_lock_out_like_known_ones()
    {
        using HttpClient client = Client();
        HttpStatusCode last = HttpStatusCode.OK;
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            using HttpResponseMessage wrong = await client.PostAsync("/api/login", Json("""{"name":"mallory","password":"whatever-it-is"}"""));
            last = wrong.StatusCode;
        }

        Assert.That(last, Is.EqualTo(HttpStatusCode.TooManyRequests));
    }

    [Test]
    public async Task Oversized_request_is_refused_413_and_nothing_is_journaled()
    {
        long before = Engine.Processor.Counters.AdminInputs;
        using HttpClient client = TokenClient("ada");
        string reason = new('x', 10_000);

        using HttpResponseMessage response = await client.PostAsync("/api/kill-switch", Json($$"""{"scope":"all","action":"engage","reason":"{{reason}}"}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge), await response.Content.ReadAsStringAsync());
        Assert.That(Engine.Processor.Counters.AdminInputs, Is.EqualTo(before));
    }

    [TestCase("/api/kill-switch", "{\"scope\":")]
    [TestCase("/api/kill-switch", "[1,2,3]")]
    [TestCase("/api/login", "not json at all")]
    public async Task Malformed_request_is_refused_400_and_nothing_is_journaled(string path, string body)
    {
        long before = Engine.Processor.Counters.AdminInputs;
        using HttpClient client = TokenClient("ada");

        using HttpResponseMessage response = await client.PostAsync(path, Json(body));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), await response.Content.ReadAsStringAsync());
        Assert.That(Engine.Processor.Counters.AdminInputs, Is.EqualTo(before));
    }

    [Test]
    public async Task Changing_the_password_ends_the_users_sessions()
    {
        using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var client = new HttpClient(cookies) { BaseAddress = _gateway.Address };
        await LogIn(client, "vera");

        UsersFile file = UsersFile.Load(_users.Path);
        AdminUser vera = file.Find("vera")!;
        file.Replace(vera with { PasswordHash = UserCredentials.HashPassword("a-brand-new-password") }).Save(_users.Path);

        using HttpResponseMessage after = await client.GetAsync("/api/status");
        Assert.That(after.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Audit_trail_lists_every_action_with_the_acting_users_name_and_result_filters_and_exports_csv()
    {
        using HttpClient viewer = TokenClient("vera");
        using HttpClient operatorClient = TokenClient("otto");
        using (HttpResponseMessage kill = await operatorClient.PostAsync("/api/kill-switch", Json(KillAll)))
        {
            Assert.That(kill.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        using (HttpResponseMessage refused = await operatorClient.PostAsync("/api/kill-switch", Json("""{"scope":"account","account":999,"action":"engage"}""")))
        {
            Assert.That(refused.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
        }

        using (HttpResponseMessage forbidden = await viewer.PostAsync("/api/kill-switch", Json(KillAll)))
        {
            Assert.That(forbidden.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        using (HttpResponseMessage trail = await viewer.GetAsync("/api/audit?user=otto"))
        {
            string text = await trail.Content.ReadAsStringAsync();
            Assert.That(trail.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            using JsonDocument answer = JsonDocument.Parse(text);
            var rows = answer.RootElement.GetProperty("entries").EnumerateArray()
                .Select(e => (User: e.GetProperty("user").GetString(), Command: e.GetProperty("command").GetString(), Result: e.GetProperty("result").GetString())).ToList();
            Assert.That(rows, Is.EqualTo(new[] { ("otto", "KillSwitch", "UnknownAccount"), ("otto", "KillSwitch", "applied") }), "newest first; the viewer's refused attempt never reached the journal");
        }

        using HttpResponseMessage csv = await viewer.GetAsync("/api/audit?format=csv&result=applied");
        string lines = await csv.Content.ReadAsStringAsync();
        Assert.That(csv.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(lines, Does.StartWith("sequence,time,user,principal,command,result,reason,affected\n"));
        Assert.That(lines, Does.Contain($",otto,{_users.PrincipalOf("otto")},KillSwitch,applied,"));
        Assert.That(lines, Does.Not.Contain("UnknownAccount"));
    }

    private async Task<string> LogIn(HttpClient client, string name)
    {
        using HttpResponseMessage login = await client.PostAsync("/api/login", Json($$"""{"name":"{{name}}","password":"{{ConsoleUsers.PasswordOf(name)}}"}"""));
        string text = await login.Content.ReadAsStringAsync();
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        using JsonDocument answer = JsonDocument.Parse(text);
        Assert.That(answer.RootElement.GetProperty("user").GetString(), Is.EqualTo(name));
        return answer.RootElement.GetProperty("antiforgery").GetString()!;
    }

    private HttpClient Client() => new() { BaseAddress = _gateway.Address, Timeout = TimeSpan.FromSeconds(60) };

    private HttpClient TokenClient(string user)
    {
        HttpClient client = Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _users.Tokens[user]);
        return client;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
