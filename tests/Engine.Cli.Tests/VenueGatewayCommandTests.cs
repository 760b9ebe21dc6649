using System.Diagnostics;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;
using Side = Engine.Primitives.Side;
using Engine.Transport;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine gateway venue --replay</c> as a real process on a real transport file; the test plays the engine's
/// receiver and builds the L2 book from the SBE inputs the gateway wrote, as the BLP does.
/// </summary>
[TestFixture]
public sealed class VenueGatewayCommandTests
{
    private string _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "engine-venue-gateway-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public void ReplayOfABinanceDay_BuildsTheEnginesBook_EqualToTheVerifiersFinalBook_AndExitsWhenDone()
    {
        string recording = Path.Combine(SharedData.Folder("binance/raw"), "spot_btcusdt_20240808.gz");
        var options = new TransportOptions { Directory = _temp, Name = "engine-ipc", IngressCapacity = 1 << 22, EgressCapacity = 1 << 16, MaxClients = 4 };
        using TransportFile transport = TransportFile.CreateForEngine(options);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"), "gateway", "venue", "--venue", "binance",
            "--instruments", "BTC-USDT", "--transport", transport.Path, "--instrument-config", RepositoryFile("config", "instruments.json"), "--replay", recording])
        {
            start.ArgumentList.Add(argument);
        }

        using Process gateway = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        gateway.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        gateway.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        var engine = new PlayedEngineBook();
        var handler = new PlayedEngineBook.Handler(engine);
        try
        {
            var deadline = Stopwatch.StartNew();
            while (!gateway.HasExited || transport.Ingress.Read(ref handler, 1_000) > 0)
            {
                Assert.That(deadline.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)), "the replay did not finish:\n" + output);
                transport.EngineHeartbeatTicks = Stopwatch.GetTimestamp();
                if (transport.Ingress.Read(ref handler, 1_000) == 0)
                {
                    Thread.Sleep(1);
                }
            }
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
            }
        }

        gateway.WaitForExit();
        Assert.That(gateway.ExitCode, Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("gateway venue: stopped (replay done)").And.Contain("gaps 0"));
        Assert.That(engine.Snapshots, Is.EqualTo(1));
        Assert.That(engine.Gaps, Is.Zero, output.ToString());
        Assert.That(engine.Updates, Is.GreaterThan(3_000));
        Assert.That(engine.Trades, Is.GreaterThan(1_000));

        // The same recording through the verifier: the engine's book from the gateway's frames is the same book.
        VerifyReport report = VenueVerifier.Run("binance", [recording]);
        Assert.That(engine.Top(Side.Buy, priceScale: 2, quantityScale: 8), Is.EqualTo(report.Books[0].BestBids.Select(l => $"{l[0]}@{l[1]}")));
        Assert.That(engine.Top(Side.Sell, priceScale: 2, quantityScale: 8), Is.EqualTo(report.Books[0].BestAsks.Select(l => $"{l[0]}@{l[1]}")));
    }

    [Test]
    public void UnlistedInstrument_FailsNamingTheVenueAndTheInstrument()
    {
        string recording = Path.Combine(_temp, "empty.txt");
        File.WriteAllText(recording, string.Empty);
        EngineRun run = EngineProcess.Run("gateway", "venue", "--venue", "binance", "--instruments", "BTC-USD", "--transport", Path.Combine(_temp, "x"),
            "--instrument-config", RepositoryFile("config", "instruments.json"), "--replay", recording);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: error: instruments.json: instrument BTC-USD is not listed on venue BINANCE in the instrument config"));
    }

    internal static string RepositoryFile(params string[] parts)
    {
        for (DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Engine.sln")))
            {
                return Path.Combine([folder.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException("Engine.sln not found above the test folder");
    }
}
