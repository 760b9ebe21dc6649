using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;
using Engine.Transport;
using Side = Engine.Primitives.Side;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine gateway venue</c> live on a venue that subscribes over its WebSocket (OKX here), as a real process on a
/// real transport file, against <see cref="VenueSocketTestServer"/> playing OKX.ws.1.0: the test plays the engine's
/// receiver and builds the book from the SBE inputs the gateway wrote.
/// </summary>
[TestFixture]
public sealed partial class VenueGatewaySocketLiveTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private string _temp = null!;

    [SetUp]
    public void SetUp() => _temp = Directory.CreateTempSubdirectory("engine-venue-socket-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public async Task Okx_WrongChecksumThenACutConnection_ResubscribesAndReconnects_AndTheEnginesBookEndsAsTheRecordings()
    {
        string transcriptFile = Path.Combine(SharedData.Folder("venues/cryptofeed"), "OKX.ws.1.0");
        IReadOnlyList<byte[]> transcript = VenueSocketTestServer.LoadTranscript(transcriptFile);
        int tampered = Enumerable.Range(transcript.Count / 3, transcript.Count)
            .First(i => Encoding.UTF8.GetString(transcript[i]) is var text && text.Contains("\"instId\":\"BTC-USDT\"", StringComparison.Ordinal) && text.Contains("\"action\":\"update\"", StringComparison.Ordinal));
        var script = new VenueSocketScript(
            DropAfter: transcript.Count * 9 / 10,
            Tamper: (i, message) => i == tampered ? Encoding.UTF8.GetBytes(Checksum().Replace(Encoding.UTF8.GetString(message), "\"checksum\":1", 1)) : message,
            AwaitResubscribe: true);
        await using VenueSocketTestServer server = await VenueSocketTestServer.StartAsync(transcript, script);
        VerifyReport.FinalBook expected = VenueVerifier.Run("okx", [transcriptFile]).Books.Single(b => b.Symbol == "BTC-USDT");
        string folder = Path.Combine(_temp, "recordings");
        using TransportFile transport = TransportFile.CreateForEngine(new TransportOptions { Directory = _temp, Name = "engine-ipc", IngressCapacity = 1 << 22, EgressCapacity = 1 << 16, MaxClients = 4 });
        using var gateway = new GatewayProcess(transport,
        [
            "gateway", "venue", "--venue", "okx", "--instruments", "BTC-USDT", "--transport", transport.Path,
            "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"),
            "--ws-url", server.Url.ToString(), "--record", folder,
        ]);

        // OKX's prices at the listing's scales: BTC-USDT at 1 and 8 decimals.
        string[] bids = expected.BestBids.Select(Level).ToArray();
        string[] asks = expected.BestAsks.Select(Level).ToArray();
        bool finished = gateway.PumpUntil(
            () => server.Connections >= 3 && gateway.Engine.Top(Side.Buy, 1, 8).SequenceEqual(bids) && gateway.Engine.Top(Side.Sell, 1, 8).SequenceEqual(asks),
            s_deadline);
        Assert.That(finished, Is.True, "the engine's book never became the recording's:\n" + gateway.Output);
        Assert.That(gateway.Terminate(), Is.Zero, gateway.Output);
        string output = gateway.Output;
        TestContext.Out.WriteLine(output);

        Assert.That(server.ReceivedOn(1)[0], Is.EqualTo("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"}]}"));
        Assert.That(server.ReceivedOn(1), Does.Contain("{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}"), "the book resubscribed after the wrong checksum");
        Assert.That(server.ReceivedOn(2)[0], Is.EqualTo(server.ReceivedOn(1)[0]), "everything subscribed again after the reconnect");
        Assert.That(output, Does.Contain("gateway venue: okx: connected to ").And.Contain("(reconnect 1)").And.Contain("reconnecting in"));
        Assert.That(Count(output, "wrong"), Is.GreaterThanOrEqualTo(1), output);
        // The transcript's other instruments are bad input (not followed); nothing else is: OKX's pong stays out.
        Assert.That(output, Does.Contain("UnknownSymbol: symbol 'BTC-USD-220527' is not followed").And.Not.Contain("MalformedJson"));
        Assert.That(Count(output, "crossed"), Is.Zero, output);
        Assert.That(gateway.Engine.Resyncs, Is.GreaterThanOrEqualTo(1));

        // The recording it wrote verifies to the same book.
        string recording = Directory.GetFiles(folder).Single();
        VerifyReport recorded = VenueVerifier.Run("okx", [recording]);
        Assert.That(recorded.Books.Single(b => b.Symbol == "BTC-USDT").BestBids, Is.EqualTo(expected.BestBids));
        Assert.That(recorded.Books.Single(b => b.Symbol == "BTC-USDT").BestAsks, Is.EqualTo(expected.BestAsks));
    }

    private static string Level(string[] level) => $"{Trim(level[0])}@{Trim(level[1])}";

    private static string Trim(string number) => decimal.Parse(number, CultureInfo.InvariantCulture).ToString("0.############", CultureInfo.InvariantCulture);

    /// <summary>A count from the gateway's summary line ("..., checksums 12 (1 wrong), ...").</summary>
    private static long Count(string output, string name)
    {
        string summary = output.Split('\n').Last(l => l.StartsWith("gateway venue: stopped", StringComparison.Ordinal));
        Match match = name == "wrong" ? Regex.Match(summary, @"\((?<n>[\d,]+) wrong\)") : Regex.Match(summary, $@"[ ;,(]{Regex.Escape(name)} (?<n>[\d,]+)");
        Assert.That(match.Success, Is.True, $"no '{name}' in: {summary}");
        return long.Parse(match.Groups["n"].Value.Replace(",", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("\"checksum\":-?[0-9]+")]
    private static partial Regex Checksum();
}
