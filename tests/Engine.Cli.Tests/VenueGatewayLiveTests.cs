using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Venues.Recordings;
using Engine.Matching.Tests;
using Engine.Transport;
using Side = Engine.Primitives.Side;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine gateway venue</c> live (no <c>--replay</c>) against a local Binance stand-in that plays a recorded
/// session (<see cref="BinanceTestServer"/>), as a real process on a real transport file; the test plays the
/// engine's receiver and builds the book from the SBE inputs the gateway wrote.
/// </summary>
[TestFixture]
public sealed partial class VenueGatewayLiveTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private string _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "engine-venue-live-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [TestCase("binance", "spot_btcusdt_20240808.gz", "BTC-USDT", "btcusdt", 2, 8)]
    [TestCase("binance-usdm", "usdm_btcusdt_20240808.gz", "BTC-USDT-PERP", "btcusdt", 1, 3)]
    [TestCase("binance-coinm", "cm_btcusd_perp_20240808.gz", "BTC-USD-PERP", "btcusd_perp", 1, 0)]
    public async Task ConnectionCutMidStream_Reconnects_TheGapResyncsTheBook_AndTheEnginesBookEndsAsTheServers(string feed, string recording, string instrument, string stream, int priceScale, int quantityScale)
    {
        BinanceRecordedSession session = BinanceRecordedSession.Load(Path.Combine(SharedData.Folder("binance/raw"), recording), minimumMessages: 12_000);
        await using BinanceTestServer server = await BinanceTestServer.StartAsync(session, new ServerScript(DropAfter: 3_000, SkipOnReconnect: 500, RestFailures: 2));
        Assert.That(session.DepthEventsBetween(3_000, server.ResumeAt), Is.GreaterThan(0), "the skipped messages must hold depth events, or there is no gap");
        using TransportFile transport = CreateTransport();
        using var gateway = new GatewayProcess(transport, LiveArguments(transport, server, feed, instrument));

        bool finished = gateway.PumpUntil(() => server.AllSent && gateway.Engine.LastSequence == session.LastDepthUpdateId, s_deadline);
        Assert.That(finished, Is.True, "the engine's book never reached the session's last depth event:\n" + gateway.Output);
        Assert.That(gateway.Terminate(), Is.Zero, gateway.Output);
        string output = gateway.Output;
        TestContext.Out.WriteLine(output);
        Assert.That(server.StreamQuery, Is.EqualTo($"?streams={stream}@depth@100ms/{stream}@trade/{stream}@bookTicker"));
        Assert.That(server.Connections, Is.EqualTo(2), output);
        Assert.That(output, Does.Contain("reconnecting in").And.Contain("(reconnect 1)"));
        Assert.That(Count(output, "reconnects"), Is.EqualTo(1), output);
        Assert.That(Count(output, "resyncs"), Is.GreaterThanOrEqualTo(1), output);
        Assert.That(Count(output, "crossed"), Is.Zero, output);
        Assert.That(Count(output, "bad input"), Is.Zero, output);
        Assert.That(output, Does.Contain("gateway venue: stopped (Canceled)"));

        // The first snapshot took three requests: two failed ones, retried.
        Assert.That(server.RestFailed, Is.EqualTo(2));
        Assert.That(output, Does.Contain($"{session.Symbol} depth snapshot failed (HTTP 503 Service Unavailable); retrying in"));
        Assert.That(Count(output, "snapshot requests"), Is.EqualTo(server.RestResponses), output);
        Assert.That(output, Does.Contain($"({server.RestFailed} failed attempts)"));

        // The engine heard of the gap, then of the resync, and its book is Binance's (the server's) at the end.
        Assert.That(gateway.Engine.Gaps, Is.GreaterThanOrEqualTo(1));
        Assert.That(gateway.Engine.Resyncs, Is.GreaterThanOrEqualTo(1));
        Assert.That(gateway.Engine.Snapshots, Is.EqualTo(1 + gateway.Engine.Resyncs));
        BinanceServerBook final = session.BookBefore(session.Messages.Count);
        Assert.That(gateway.Engine.Top(Side.Buy, priceScale, quantityScale), Is.EqualTo(final.Top(bids: true, 5)));
        Assert.That(gateway.Engine.Top(Side.Sell, priceScale, quantityScale), Is.EqualTo(final.Top(bids: false, 5)));
    }

    [Test]
    public async Task SnapshotsThatNeverFitTheStream_AreAskedForAgainAfterGrowingWaits_NotAtOnce()
    {
        BinanceRecordedSession session = BinanceRecordedSession.Load(Recording(), minimumMessages: 12_000);
        await using BinanceTestServer server = await BinanceTestServer.StartAsync(session, new ServerScript(DropAfter: 3_000, SkipOnReconnect: 500, LaggingSnapshot: true));
        using TransportFile transport = CreateTransport();
        using var gateway = new GatewayProcess(transport, LiveArguments(transport, server));

        Assert.That(gateway.PumpUntil(() => server.RestResponses >= 5, s_deadline), Is.True, "the gateway stopped asking:\n" + gateway.Output);
        Assert.That(gateway.Terminate(), Is.Zero, gateway.Output);
        string output = gateway.Output;
        TestContext.Out.WriteLine(output);

        // Each snapshot after the reconnect is older than the stream: the book resyncs, finds the gap again, and
        // asks again; each time after twice the wait (computed, logged), not at once.
        MatchCollection waits = AskedAgainLine().Matches(output);
        Assert.That(waits, Has.Count.GreaterThanOrEqualTo(3), output);
        for (int i = 0; i < waits.Count; i++)
        {
            double nominal = Math.Min(100 * Math.Pow(2, i), 10_000);
            Assert.That(int.Parse(waits[i].Groups["attempt"].Value, CultureInfo.InvariantCulture), Is.EqualTo(i + 1));
            Assert.That(double.Parse(waits[i].Groups["ms"].Value, CultureInfo.InvariantCulture), Is.InRange(Math.Floor(nominal * 0.8), Math.Ceiling(nominal * 1.2)), waits[i].Value);
        }

        Assert.That(gateway.Engine.Gaps, Is.GreaterThanOrEqualTo(3));
        Assert.That(Count(output, "crossed"), Is.Zero, output);
    }

    [Test]
    public async Task RecordedLiveSession_OfFragmentedMessages_HoldsEveryFrameDelivered_AndVerifiesWithoutGapsOrCrossedBooks()
    {
        BinanceRecordedSession session = BinanceRecordedSession.Load(Recording(), minimumMessages: 6_000);
        await using BinanceTestServer server = await BinanceTestServer.StartAsync(session, new ServerScript(FragmentBytes: 100));
        using TransportFile transport = CreateTransport();
        string folder = Path.Combine(_temp, "recordings");
        using var gateway = new GatewayProcess(transport, [.. LiveArguments(transport, server), "--record", folder]);

        bool finished = gateway.PumpUntil(() => server.AllSent && gateway.Engine.LastSequence == session.LastDepthUpdateId, s_deadline);
        Assert.That(finished, Is.True, "the engine's book never reached the session's last depth event:\n" + gateway.Output);
        Assert.That(gateway.Terminate(), Is.Zero, gateway.Output);
        string output = gateway.Output;
        TestContext.Out.WriteLine(output);

        string file = Directory.GetFiles(folder).Single();
        Assert.That(Path.GetFileName(file), Does.Match(@"^binance-\d{8}-\d{6}\.gz$"));
        long lines = 0;
        RecordingReader.ReadLines(file, _ =>
        {
            lines++;
            return true;
        });

        // Every message the server sent and every snapshot it served was delivered to the feed, and recorded once.
        Assert.That(Count(output, "delivered"), Is.EqualTo(server.MessagesSent + server.RestResponses), output);
        Assert.That(Count(output, "recorded"), Is.EqualTo(lines), output);
        Assert.That(lines, Is.EqualTo(server.MessagesSent + server.RestResponses));

        EngineRun verify = EngineProcess.Run("venue", "verify", "--venue", "binance", "--recording", file);
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
        using JsonDocument report = JsonDocument.Parse(verify.StandardOutput.TrimEnd().Split('\n')[^1]);
        JsonElement root = report.RootElement;
        Assert.That(root.GetProperty("gaps").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("crossedBooks").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("snapshots").GetInt64(), Is.EqualTo(1));
        Assert.That(root.GetProperty("depthUpdates").GetInt64(), Is.GreaterThan(100));
        Assert.That(gateway.Engine.Top(Side.Buy, priceScale: 2, quantityScale: 8), Is.EqualTo(root.GetProperty("bestBids").EnumerateArray().Select(l => $"{l[0].GetString()}@{l[1].GetString()}")));
        Assert.That(gateway.Engine.Top(Side.Sell, priceScale: 2, quantityScale: 8), Is.EqualTo(root.GetProperty("bestAsks").EnumerateArray().Select(l => $"{l[0].GetString()}@{l[1].GetString()}")));
    }

    [Test]
    public async Task RefusingServer_TheGatewayRetriesWithGrowingBackOff_FetchesNoSnapshotMeanwhile_AndStopsCleanlyOnSigterm()
    {
        BinanceRecordedSession session = BinanceRecordedSession.Load(Recording(), minimumMessages: 1);
        await using BinanceTestServer server = await BinanceTestServer.StartAsync(session, new ServerScript(Refuse: true));
        using TransportFile transport = CreateTransport();
        using var gateway = new GatewayProcess(transport, LiveArguments(transport, server));

        Assert.That(gateway.PumpUntil(() => server.StreamAttempts >= 4, s_deadline), Is.True, "the gateway did not retry:\n" + gateway.Output);
        Assert.That(gateway.Terminate(), Is.Zero, gateway.Output);
        string output = gateway.Output;
        TestContext.Out.WriteLine(output);

        // Each retry is logged once with the delay it waits: doubling from 100 ms, each within ±20% of that.
        MatchCollection retries = RetryLine().Matches(output);
        Assert.That(retries, Has.Count.GreaterThanOrEqualTo(3), output);
        foreach (Match retry in retries)
        {
            double delay = double.Parse(retry.Groups["ms"].Value, CultureInfo.InvariantCulture);
            int attempt = int.Parse(retry.Groups["attempt"].Value, CultureInfo.InvariantCulture);
            double nominal = Math.Min(100 * Math.Pow(2, attempt - 1), 10_000);
            Assert.That(delay, Is.InRange(Math.Floor(nominal * 0.8), Math.Ceiling(nominal * 1.2)), retry.Value);
        }

        Assert.That(retries.Select(r => int.Parse(r.Groups["attempt"].Value, CultureInfo.InvariantCulture)), Is.EqualTo(Enumerable.Range(1, retries.Count)));
        Assert.That(output, Does.Contain("gateway venue: stopped (Canceled)"));
        Assert.That(Count(output, "connections"), Is.Zero);
        Assert.That(Count(output, "failed connects"), Is.GreaterThanOrEqualTo(3));

        // A snapshot without the stream it belongs to is useless: none was fetched while no connection was open.
        Assert.That(server.RestResponses, Is.Zero);
        Assert.That(output, Does.Not.Contain("depth snapshot failed"));
    }

    [Test]
    public void RestUrlForAVenueThatSnapshotsOverItsWebSocket_IsAUsageError()
    {
        EngineRun run = EngineProcess.Run("gateway", "venue", "--venue", "okx", "--instruments", "BTC-USDT", "--transport", Path.Combine(_temp, "x"),
            "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"), "--rest-url", "http://127.0.0.1:9");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardError);
        Assert.That(run.StandardError, Does.Contain("--rest-url: okx takes its snapshots over the WebSocket; --rest-url is for Binance's REST snapshots"));
    }

    [Test]
    public void Credentials_WithoutOrderEntry_AreAUsageError_ExceptForTheLiveDeribitBookChannel()
    {
        string key = Path.Combine(_temp, "deribit.json");
        File.WriteAllText(key, "{\"apiKey\":\"AbC123\",\"secret\":\"s\"}");
        string config = VenueGatewayCommandTests.RepositoryFile("config", "instruments.json");

        EngineRun okx = EngineProcess.Run("gateway", "venue", "--venue", "okx", "--instruments", "BTC-USDT", "--transport", Path.Combine(_temp, "x"),
            "--instrument-config", config, "--credentials", key);
        EngineRun deribit = EngineProcess.Run("gateway", "venue", "--venue", "deribit", "--instruments", "BTC-USD-PERP", "--transport", Path.Combine(_temp, "no-engine"),
            "--instrument-config", config, "--ws-url", "ws://127.0.0.1:9", "--credentials", key);

        Assert.That(okx.ExitCode, Is.EqualTo(2), okx.StandardError);
        Assert.That(okx.StandardError, Does.Contain("--credentials also goes with the live deribit venue (its raw book channel)"));
        Assert.That(deribit.ExitCode, Is.EqualTo(1), "accepted; it fails only for want of a running engine: " + deribit.StandardError);
        Assert.That(deribit.StandardError, Does.Not.Contain("--credentials"));
    }

    [Test]
    public void LiveWithoutARunningEngine_FailsAndLeavesNoRecording()
    {
        string folder = Path.Combine(_temp, "recordings");
        EngineRun run = EngineProcess.Run("gateway", "venue", "--venue", "binance", "--instruments", "BTC-USDT", "--transport", Path.Combine(_temp, "no-engine"),
            "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"), "--ws-url", "ws://127.0.0.1:9", "--record", folder);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(Directory.GetFiles(folder), Is.Empty);
    }

    [Test]
    public void RecordWithReplay_IsAUsageError()
    {
        EngineRun run = EngineProcess.Run("gateway", "venue", "--venue", "binance", "--instruments", "BTC-USDT", "--transport", Path.Combine(_temp, "x"),
            "--replay", Recording(), "--record", _temp);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardError);
        Assert.That(run.StandardError, Does.Contain("--ws-url, --rest-url and --record are for a live connection, not with --replay"));
    }

    private static string Recording() => Path.Combine(SharedData.Folder("binance/raw"), "spot_btcusdt_20240808.gz");

    [Test]
    public async Task StalledStream_IsDroppedAndReopened_AfterTheStallTimeout()
    {
        BinanceRecordedSession session = BinanceRecordedSession.Load(Recording(), minimumMessages: 1);
        await using BinanceTestServer server = await BinanceTestServer.StartAsync(session, new ServerScript(Mute: true));
        using TransportFile transport = CreateTransport();
        using var gateway = new GatewayProcess(transport, [.. LiveArguments(transport, server), "--stall-timeout", "0.5"]);

        Assert.That(gateway.PumpUntil(() => server.Connections >= 3, s_deadline), Is.True, "the gateway did not reopen a stalled stream:\n" + gateway.Output);
        Assert.That(gateway.Terminate(), Is.Zero, gateway.Output);
        string output = gateway.Output;
        Assert.That(output, Does.Contain("no message for 0.5 s; dropped the connection; reconnecting in"));
        Assert.That(Count(output, "reconnects"), Is.GreaterThanOrEqualTo(2), output);
    }

    private static string[] LiveArguments(TransportFile transport, BinanceTestServer server, string feed = "binance", string instrument = "BTC-USDT") =>
    [
        "gateway", "venue", "--venue", feed, "--instruments", instrument, "--transport", transport.Path,
        "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"),
        "--ws-url", server.WebSocketBase.ToString(), "--rest-url", server.RestBase.ToString(),
    ];

    /// <summary>A count from the gateway's summary line ("..., reconnects 1, ...": 1).</summary>
    private static long Count(string output, string name)
    {
        string summary = output.Split('\n').Last(l => l.StartsWith("gateway venue: stopped", StringComparison.Ordinal));
        Match match = Regex.Match(summary, $@"[ ;,(]{Regex.Escape(name)} (?<n>[\d,]+)");
        Assert.That(match.Success, Is.True, $"no '{name}' in: {summary}");
        return long.Parse(match.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"BTCUSDT snapshot asked again \d+ ms after the last; fetching in (?<ms>\d+) ms \(attempt (?<attempt>\d+)\)")]
    private static partial Regex AskedAgainLine();

    [GeneratedRegex(@"connection failed \(.*\); reconnecting in (?<ms>\d+) ms \(attempt (?<attempt>\d+)\)")]
    private static partial Regex RetryLine();

    private TransportFile CreateTransport() =>
        TransportFile.CreateForEngine(new TransportOptions { Directory = _temp, Name = "engine-ipc", IngressCapacity = 1 << 22, EgressCapacity = 1 << 16, MaxClients = 4 });
}
