using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Engine.Cli.Auditing;
using Engine.Cli.Commands;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Admin;
using Engine.Host;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// Cancelling one order (AdminCancelOrder) over a real engine with the simulated venue gateway (a separate process, so
/// the market maker's orders rest and fill): an operator cancels an open order by its id, from the API and from the
/// command line; a closed or unknown order is refused with its code; a viewer may not; the audit trail names the user.
/// </summary>
[TestFixture]
public sealed class ConsoleCancelOrderTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private AdminGatewayOverEngine _fixture = null!;
    private ConsoleUsers _users = null!;
    private AdminGateway _gateway = null!;
    private EngineChildProcess _venue = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("cancel-order");
        _users = ConsoleUsers.Write(Path.Combine(_fixture.Directory, "users"));
        string config = Path.Combine(_fixture.Directory, "config", "engine.json");
        _gateway = await AdminGateway.StartAsync(
            _fixture.Engine.TransportPath!, AdminCommand.CatalogFor(EngineConfig.Load(config)),
            new AdminGatewayOptions
            {
                Listen = "http://127.0.0.1:0",
                UsersFile = _users.Path,
                Timeout = TimeSpan.FromSeconds(30),
                AuditTrail = new JournalAuditTrail(Path.Combine(_fixture.Directory, "journal"), config).Entries,
            },
            TextWriter.Null);
        _venue = new EngineChildProcess("gateway", "sim", "--transport", _fixture.Engine.TransportPath!, "--instruments", Path.Combine(_fixture.Directory, "config", "instruments.json"));
    }

    [TearDown]
    public async Task TearDown()
    {
        _venue.Dispose();
        await _gateway.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Test]
    public async Task Operator_cancels_one_open_order_and_a_second_cancel_of_it_is_refused_and_the_audit_trail_names_them()
    {
        using HttpClient otto = Client("otto");

        // The market maker requotes all the time: an order seen open may close before the cancel arrives. Try open
        // orders until one cancel applies.
        long canceled = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (canceled == 0)
        {
            Assert.That(clock.Elapsed, Is.LessThan(s_deadline), "no open order could be canceled; venue: " + _venue.Output);
            foreach ((long order, long account) in await OpenOrders(otto))
            {
                using HttpResponseMessage response = await otto.PostAsJsonAsync("/api/cancel-order", new { order, account });
                using JsonDocument answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    Assert.That(answer.RootElement.GetProperty("affected").GetInt64(), Is.EqualTo(1));
                    canceled = order;
                    break;
                }

                Assert.That(answer.RootElement.GetProperty("result").GetString(), Is.AnyOf("AdminOrderClosed", "AdminCancelPending"), answer.RootElement.ToString());
            }

            await Task.Delay(100);
        }

        using (HttpResponseMessage again = await otto.PostAsJsonAsync("/api/cancel-order", new { order = canceled }))
        {
            using JsonDocument answer = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
            Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity));
            Assert.That(answer.RootElement.GetProperty("result").GetString(), Is.AnyOf("AdminOrderClosed", "AdminCancelPending"), "closed once the venue confirmed, pending until then");
        }

        using JsonDocument audit = JsonDocument.Parse(await otto.GetStringAsync("/api/audit?command=AdminCancelOrder"));
        JsonElement[] entries = audit.RootElement.GetProperty("entries").EnumerateArray().ToArray();
        Assert.That(entries.Any(e => e.GetProperty("user").GetString() == "otto" && e.GetProperty("result").GetString() == "applied"), Is.True, audit.RootElement.ToString());
    }

    [Test]
    public async Task A_viewer_may_not_cancel_an_order_and_nothing_is_journaled()
    {
        using HttpClient vera = Client("vera");
        long before = _fixture.Engine.Processor.Counters.AdminInputs;
        using HttpResponseMessage response = await vera.PostAsJsonAsync("/api/cancel-order", new { order = 1 });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(_fixture.Engine.Processor.Counters.AdminInputs, Is.EqualTo(before));
    }

    [TestCase("""{"order":0}""", "$.order")]
    [TestCase("""{"order":"7"}""", "$.order")]
    [TestCase("""{"account":1}""", "$: missing key")]
    [TestCase("""{"order":7,"side":"buy"}""", "$.side: unknown key")]
    public async Task A_malformed_cancel_is_refused_400_naming_the_field(string body, string named)
    {
        using HttpClient otto = Client("otto");
        using HttpResponseMessage response = await otto.PostAsync("/api/cancel-order", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(named));
    }

    [Test]
    public void The_command_line_cancels_by_order_id_and_reports_a_refusal()
    {
        string tokenFile = Path.Combine(_fixture.Directory, "otto.token");
        File.WriteAllText(tokenFile, _users.Tokens["otto"]);
        string url = _gateway.Address.ToString();

        EngineRun unknown = EngineProcess.Run("admin", "cancel", "--url", url, "--token-file", tokenFile, "--order", "999999");
        Assert.That(unknown.ExitCode, Is.EqualTo(1), unknown.StandardOutput);
        Assert.That(unknown.StandardError, Does.Contain("422").And.Contain("UnknownOrder"));

        EngineRun missing = EngineProcess.Run("admin", "cancel", "--url", url, "--token-file", tokenFile);
        Assert.That(missing.ExitCode, Is.EqualTo(2), missing.StandardError);
    }

    private HttpClient Client(string user)
    {
        var client = new HttpClient { BaseAddress = _gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _users.Tokens[user]);
        return client;
    }

    private static async Task<List<(long Order, long Account)>> OpenOrders(HttpClient client)
    {
        using JsonDocument status = JsonDocument.Parse(await client.GetStringAsync("/api/status"));
        return status.RootElement.GetProperty("orders").EnumerateArray()
            .Where(o => o.GetProperty("state").GetString() == "working")
            .Select(o => (o.GetProperty("order").GetInt64(), o.GetProperty("account").GetInt64()))
            .ToList();
    }
}
