using System.Net;
using System.Text.Json;
using Engine.Cli.Commands;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Admin;
using Engine.Host;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// <c>/health</c> (liveness and readiness) and <c>/metrics</c> (Prometheus text) of a gateway with a users file, read
/// from loopback without a session, over a real engine whose host publishes its progress once a second.
/// </summary>
[TestFixture]
public sealed class ConsoleHealthAndMetricsTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private AdminGatewayOverEngine _fixture = null!;
    private AdminGateway _gateway = null!;
    private HttpClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("console-health");
        ConsoleUsers users = ConsoleUsers.Write(Path.Combine(_fixture.Directory, "users"));
        _gateway = await AdminGateway.StartAsync(
            _fixture.Engine.TransportPath!, AdminCommand.CatalogFor(EngineConfig.Load(Path.Combine(_fixture.Directory, "config", "engine.json"))),
            new AdminGatewayOptions { Listen = "http://127.0.0.1:0", UsersFile = users.Path }, TextWriter.Null);
        _client = new HttpClient { BaseAddress = _gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    [TearDown]
    public async Task TearDown()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Test]
    public async Task Health_needs_no_session_on_loopback_and_is_ready_once_the_journal_advances()
    {
        (HttpStatusCode code, JsonElement health) = await PollHealth(HttpStatusCode.OK);

        Assert.That(code, Is.EqualTo(HttpStatusCode.OK), health.ToString());
        Assert.That(health.GetProperty("live").GetBoolean(), Is.True);
        Assert.That(health.GetProperty("ready").GetBoolean(), Is.True);
        Assert.That(health.GetProperty("engine").GetString(), Is.EqualTo("attached"));
        Assert.That(health.GetProperty("journalAdvancing").GetBoolean(), Is.True);
        Assert.That(health.GetProperty("journalSequence").GetInt64(), Is.Positive);
    }

    [Test]
    public async Task Health_is_503_and_says_why_once_the_engine_is_gone()
    {
        await PollHealth(HttpStatusCode.OK);
        _fixture.Engine.Stop();

        (HttpStatusCode code, JsonElement health) = await PollHealth(HttpStatusCode.ServiceUnavailable);

        Assert.That(code, Is.EqualTo(HttpStatusCode.ServiceUnavailable), health.ToString());
        Assert.That(health.GetProperty("live").GetBoolean(), Is.True, "the gateway itself is alive");
        Assert.That(health.GetProperty("ready").GetBoolean(), Is.False);
    }

    [Test]
    public async Task Metrics_need_no_session_on_loopback_and_are_Prometheus_text_with_the_engines_progress()
    {
        await PollHealth(HttpStatusCode.OK);

        using HttpResponseMessage response = await _client.GetAsync("/metrics");
        string text = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
        Assert.That(text, Does.Contain("# TYPE engine_gateway_attached gauge").And.Contain("engine_gateway_attached 1"));
        Assert.That(text, Does.Contain("# TYPE engine_inputs_accepted_total counter"));
        Assert.That(text, Does.Contain("# TYPE engine_tick_to_trade_observed_seconds histogram"));
        Assert.That(text, Does.Contain("engine_journal_sequence ").And.Contain("engine_journal_lag_records ").And.Contain("engine_apply_lag_records "));
        Assert.That(text, Does.Contain("engine_pipeline_stage_latency_microseconds{stage=\"receive -> journaled\""));
    }

    /// <summary>Asks /health until it answers <paramref name="wanted"/> (the host publishes once a second) or the deadline passes.</summary>
    private async Task<(HttpStatusCode Code, JsonElement Health)> PollHealth(HttpStatusCode wanted)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            using HttpResponseMessage response = await _client.GetAsync("/health");
            using JsonDocument document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (response.StatusCode == wanted || clock.Elapsed > s_deadline)
            {
                return (response.StatusCode, document.RootElement.Clone());
            }

            await Task.Delay(100);
        }
    }
}
