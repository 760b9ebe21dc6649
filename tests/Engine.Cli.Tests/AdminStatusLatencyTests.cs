using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Engine.Cli.Commands;
using Engine.Gateways.Admin;
using Engine.Host;
using Engine.Transport;

using Engine.Cli.Tests.Support;

namespace Engine.Cli.Tests;

/// <summary>
/// The engine host's per-stage latencies reach operators through the admin gateway's status: the host publishes them
/// beside the transport file (they are host measurements, not BLP state), and status shows them as pipelineLatency.
/// </summary>
[TestFixture]
public sealed class AdminStatusLatencyTests
{
    private AdminGatewayOverEngine _fixture = null!;
    private EngineHost _engine = null!;
    private AdminGateway _gateway = null!;
    private HttpClient _http = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("admin-latency");
        _engine = _fixture.Engine;
        _gateway = _fixture.Gateway;
        _http = _fixture.Http;
    }

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    [Test]
    public async Task Status_shows_the_engine_hosts_latency_per_pipeline_stage()
    {
        // The deposits and the timer's ticks flow through the pipeline; the host publishes about once a second.
        JsonElement latency = default;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using HttpResponseMessage response = await _http.GetAsync("/api/status");
            string text = await response.Content.ReadAsStringAsync();
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
            using JsonDocument status = JsonDocument.Parse(text);
            latency = status.RootElement.GetProperty("pipelineLatency").Clone();
            if (latency.ValueKind == JsonValueKind.Object && latency.GetProperty("stages")[0].GetProperty("count").GetInt64() > 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.That(latency.ValueKind, Is.EqualTo(JsonValueKind.Object), "the host published its latencies");
        Assert.That(latency.GetProperty("unit").GetString(), Is.EqualTo("µs"));
        var stages = latency.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("stage").GetString()).ToList();
        Assert.That(stages, Is.EqualTo(new[] { "receive -> journaled", "journaled -> applied", "BLP -> egress" }));
        JsonElement journaled = latency.GetProperty("stages")[0];
        Assert.That(journaled.GetProperty("count").GetInt64(), Is.GreaterThan(0));
        Assert.That(journaled.GetProperty("max").GetDouble(), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public void The_latency_file_goes_away_with_the_engine()
    {
        string file = PipelineLatencyFile.PathFor(_engine.TransportPath!);
        var clock = Stopwatch.StartNew();
        while (!File.Exists(file) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Thread.Sleep(100);
        }

        Assert.That(File.Exists(file), Is.True, file);
        _engine.Stop();
        Assert.That(File.Exists(file), Is.False, "a stopped engine leaves no stale latencies behind");
    }
}
