using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.Host;

namespace Engine.Cli.Tests;

/// <summary>
/// The admin gateway outlives its engine: `engine run` and `engine gateway admin` as real processes; the engine is
/// killed (a crash) and started again, and the same gateway serves the next `engine admin status` without being
/// restarted. Meanwhile it says it is waiting for the engine and answers 503 at once.
/// </summary>
[TestFixture]
public sealed partial class AdminGatewayReattachTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(90);

    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Path.Combine(Path.GetTempPath(), "engine-admin-reattach-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Test]
    public async Task GatewayReattaches_WhenTheEngineRestarts_AndServesTheNextStatus_WithoutBeingRestarted()
    {
        string config = DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "journal"), "engine-reattach-" + Guid.NewGuid().ToString("N"), _directory);
        string url = "http://127.0.0.1:" + FreePort();
        var engine = new EngineChildProcess("run", "--config", config);
        try
        {
            Assert.That(engine.WaitForOutput("engine: running", s_deadline), Is.True, engine.Output);
            using var gateway = new EngineChildProcess("gateway", "admin", "--config", config, "--listen", url);
            Assert.That(gateway.WaitForOutput("listening on", s_deadline), Is.True, gateway.Output);
            Assert.That(EngineProcess.Run("admin", "status", "--url", url).ExitCode, Is.Zero);

            engine.Kill();
            Assert.That(gateway.WaitForOutput("waiting for it to come back", s_deadline), Is.True, gateway.Output);
            using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
            using (HttpResponseMessage detached = await http.GetAsync("/api/status"))
            {
                Assert.That(detached.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable), "fails fast while no engine serves it");
                Assert.That(await detached.Content.ReadAsStringAsync(), Does.Contain("its process exited").And.Contain("waiting for the engine"));
            }

            using (HttpResponseMessage health = await http.GetAsync("/api/health"))
            {
                Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
                Assert.That(await health.Content.ReadAsStringAsync(), Does.Contain("waiting for engine"));
            }

            engine.Dispose();
            engine = new EngineChildProcess("run", "--config", config);
            Assert.That(engine.WaitForOutput("engine: running", s_deadline), Is.True, engine.Output);
            Assert.That(gateway.WaitForOutput("attached to the engine again", s_deadline), Is.True, gateway.Output);

            EngineRun status = EngineProcess.Run("admin", "status", "--url", url);
            Assert.That(status.ExitCode, Is.Zero, status.StandardError + gateway.Output);
            Assert.That(status.StandardOutput, Does.Contain("limits"));
            using (HttpResponseMessage health = await http.GetAsync("/api/health"))
            {
                Assert.That(health.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(await health.Content.ReadAsStringAsync(), Does.Contain("\"attached\"").And.Contain("\"attachments\": 2"));
            }

            Assert.That(engine.WaitForOutput(" refused ", s_deadline), Is.True, engine.Output);
            Assert.That(ProgressLine().IsMatch(engine.Output), Is.True, "the per-second line counts orders refused by risk: " + engine.Output);
            gateway.Terminate();
        }
        finally
        {
            engine.Terminate();
            engine.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"orders\s+\d+\s+refused\s+\d+\s+fills")]
    private static partial Regex ProgressLine();
}
