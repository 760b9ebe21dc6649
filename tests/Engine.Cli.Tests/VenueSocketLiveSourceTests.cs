using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Gateway;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Gateways.Venues.Gateway.Live.Protocols;
using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;

namespace Engine.Cli.Tests;

/// <summary>
/// <see cref="SocketLiveSource"/> with each venue's protocol against <see cref="VenueSocketTestServer"/> playing the
/// venue's cryptofeed transcript, the frames taken by the venue's feed in this process as the gateway thread takes them
/// (its snapshot requests go back to the source): what the source subscribes to, that the book it brings equals what
/// <c>engine venue verify</c> builds from the transcript, and how it comes back from a cut connection and a gap.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class VenueSocketLiveSourceTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private string _temp = null!;

    public static IEnumerable<TestCaseData> Venues()
    {
        yield return new TestCaseData(new VenueCase(
            "okx", "OKX.ws.1.0", ["BTC-USDT", "UNI-USD-SWAP"],
            ["{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},{\"channel\":\"tickers\",\"instId\":\"BTC-USDT\"},{\"channel\":\"books\",\"instId\":\"UNI-USD-SWAP\"},{\"channel\":\"trades\",\"instId\":\"UNI-USD-SWAP\"},{\"channel\":\"tickers\",\"instId\":\"UNI-USD-SWAP\"}]}"],
            KeepAlive: "ping", GapMarker: "\"action\":\"update\"", Gap: WrongOkxChecksum, GapFound: true)).SetArgDisplayNames("okx");
        yield return new TestCaseData(new VenueCase(
            "bybit", "BYBIT.ws.26.0", ["BTCUSD", "EOSUSD"],
            ["{\"op\":\"subscribe\",\"args\":[\"orderbook.50.BTCUSD\",\"publicTrade.BTCUSD\",\"orderbook.50.EOSUSD\",\"publicTrade.EOSUSD\"]}"],
            KeepAlive: "{\"op\":\"ping\"}", GapMarker: "\"update\":[{\"price\":\"", Gap: UnknownBybitLevel, GapFound: true)).SetArgDisplayNames("bybit");
        yield return new TestCaseData(new VenueCase(
            "kraken", "KRAKEN.ws.50.0", ["XBT/CHF", "ETH/CHF"],
            [
                "{\"event\":\"subscribe\",\"pair\":[\"XBT/CHF\",\"ETH/CHF\"],\"subscription\":{\"name\":\"book\",\"depth\":1000}}",
                "{\"event\":\"subscribe\",\"pair\":[\"XBT/CHF\",\"ETH/CHF\"],\"subscription\":{\"name\":\"trade\"}}",
            ],
            KeepAlive: "{\"event\":\"ping\"}", GapMarker: "\"c\":\"", Gap: WrongKrakenChecksum, GapFound: true)).SetArgDisplayNames("kraken");
        yield return new TestCaseData(new VenueCase(
            "coinbase", "COINBASE.ws.28.0", ["SKL-USD", "BAND-BTC"],
            ["{\"type\":\"subscribe\",\"product_ids\":[\"SKL-USD\",\"BAND-BTC\"],\"channels\":[\"level2\",\"matches\",\"ticker\",\"heartbeat\"]}"],
            KeepAlive: null, GapMarker: "\"type\":\"l2update\"", Gap: LeftOut, GapFound: false)).SetArgDisplayNames("coinbase");
        yield return new TestCaseData(new VenueCase(
            "deribit", "DERIBIT.ws.1.0", ["BTC-24SEP21-8000-P", "ETH-30JUL21-2800-C"],
            [
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":30}}",
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"public/subscribe\",\"params\":{\"channels\":[\"book.BTC-24SEP21-8000-P.100ms\",\"trades.BTC-24SEP21-8000-P.100ms\",\"ticker.BTC-24SEP21-8000-P.100ms\",\"book.ETH-30JUL21-2800-C.100ms\",\"trades.ETH-30JUL21-2800-C.100ms\",\"ticker.ETH-30JUL21-2800-C.100ms\"]}}",
            ],
            KeepAlive: null, GapMarker: "\"type\":\"change\"", Gap: LeftOut, GapFound: true)).SetArgDisplayNames("deribit");
    }

    [SetUp]
    public void SetUp() => _temp = Directory.CreateTempSubdirectory("venue-socket-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [TestCaseSource(nameof(Venues))]
    public async Task Subscribes_with_the_venues_messages_and_builds_the_book_the_recording_verifies_to(VenueCase venue)
    {
        Run run = await RunAsync(venue, new VenueSocketScript(Probe: venue.Feed == "deribit" ? DeribitTestRequest : null));

        Assert.That(run.Server.ReceivedOn(1).Take(venue.Subscribe.Length), Is.EqualTo(venue.Subscribe), "the subscriptions, exactly");
        AssertSameBooks(run);
        Assert.That(run.Live.Counters.BadInputTotal, Is.Zero, "control frames (OKX's pong) stay out of the feed and the recording");
        Assert.That(run.Live.Counters.Gaps + run.Live.Counters.ChecksumMismatches, Is.Zero);
    }

    [TestCaseSource(nameof(Venues))]
    public async Task Sends_the_venues_keepalive_on_an_idle_connection(VenueCase venue)
    {
        Run run = await RunAsync(venue, new VenueSocketScript(Probe: venue.Feed == "deribit" ? DeribitTestRequest : null), waitForKeepAlive: true);

        IReadOnlyList<string> idle = run.Server.ReceivedOn(2);
        if (venue.Feed == "deribit")
        {
            Assert.That(idle.Select(WithoutIds), Does.Contain("{\"jsonrpc\":\"2.0\",\"id\":N,\"method\":\"public/test\",\"params\":{}}"), "test_request answered");
        }
        else if (venue.KeepAlive is null)
        {
            Assert.That(venue.Subscribe[0], Does.Contain("\"heartbeat\""), "Coinbase keeps the connection with its heartbeat channel");
        }
        else
        {
            Assert.That(idle, Does.Contain(venue.KeepAlive));
        }
    }

    [TestCaseSource(nameof(Venues))]
    public async Task After_a_gap_and_a_cut_connection_resubscribes_and_ends_with_the_recordings_book(VenueCase venue)
    {
        IReadOnlyList<byte[]> transcript = VenueSocketTestServer.LoadTranscript(Path.Combine(SharedData.Folder("venues/cryptofeed"), venue.Transcript));
        int tampered = Enumerable.Range(transcript.Count / 3, transcript.Count).First(i => Encoding.UTF8.GetString(transcript[i]).Contains(venue.GapMarker, StringComparison.Ordinal));
        var script = new VenueSocketScript(
            DropAfter: transcript.Count * 9 / 10,
            Tamper: (i, message) => i == tampered ? venue.Gap(message) : message,
            AwaitResubscribe: venue.GapFound);

        Run run = await RunAsync(venue, script);

        Assert.That(run.Source.Connections, Is.GreaterThanOrEqualTo(3), run.Log);
        Assert.That(run.Log, Does.Contain($"gateway venue: {venue.Feed}: connection lost (").And.Contain("reconnecting in"));
        string[] sent = run.Server.ReceivedOn(1).Where(m => m != venue.KeepAlive).Select(WithoutIds).ToArray();
        Assert.That(run.Server.ReceivedOn(2).Take(venue.Subscribe.Length).Select(WithoutIds), Is.EqualTo(venue.Subscribe.Select(WithoutIds)), "everything subscribed again");
        if (venue.GapFound)
        {
            Assert.That(run.Recorded.Counters.Gaps + run.Recorded.Counters.ChecksumMismatches, Is.Zero);
            VenueSocketProtocols.TryCreate(venue.Feed, out IVenueSocketProtocol fresh);
            string[] resubscribe = sent.Skip(venue.Subscribe.Length).Take(2).ToArray();
            Assert.That(run.Symbols.Any(s => fresh.ResubscribeBook(s).Select(WithoutIds).SequenceEqual(resubscribe)), Is.True, $"a book resubscribed after the gap: {string.Join(" / ", resubscribe)}");
            Assert.That(run.Source.SnapshotRequests, Is.GreaterThanOrEqualTo(1));
            Assert.That(run.Live.Counters.Gaps + run.Live.Counters.ChecksumMismatches, Is.GreaterThanOrEqualTo(1), "the feed found the gap");
        }

        AssertSameBooks(run);
    }

    private const string DeribitTestRequest = "{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}";

    private static byte[]? LeftOut(byte[] message) => null;

    private static byte[] WrongOkxChecksum(byte[] message) =>
        Encoding.UTF8.GetBytes(OkxChecksum().Replace(Encoding.UTF8.GetString(message), m => m.Value.EndsWith(":1", StringComparison.Ordinal) ? "\"checksum\":2" : "\"checksum\":1", 1));

    private static byte[] WrongKrakenChecksum(byte[] message) =>
        Encoding.UTF8.GetBytes(KrakenChecksum().Replace(Encoding.UTF8.GetString(message), m => m.Value == "\"c\":\"1\"" ? "\"c\":\"2\"" : "\"c\":\"1\"", 1));

    /// <summary>A v1 delta updating a level no book has (1, on every symbol's tick): the copy must have lost the insert.</summary>
    private static byte[] UnknownBybitLevel(byte[] message) =>
        Encoding.UTF8.GetBytes(BybitUpdatedPrice().Replace(Encoding.UTF8.GetString(message), "\"update\":[{\"price\":\"1\"", 1));

    private static string WithoutIds(string message) => RequestId().Replace(message, "\"id\":N");

    [GeneratedRegex("\"checksum\":-?[0-9]+")]
    private static partial Regex OkxChecksum();

    [GeneratedRegex("\"c\":\"[0-9]+\"")]
    private static partial Regex KrakenChecksum();

    [GeneratedRegex("\"update\":\\[\\{\"price\":\"[0-9.]+\"")]
    private static partial Regex BybitUpdatedPrice();

    [GeneratedRegex("\"id\":[0-9]+")]
    private static partial Regex RequestId();

    private static void AssertSameBooks(Run run)
    {
        Assert.That(run.Live.Books.Select(Describe).Order(), Is.EqualTo(run.Recorded.Books.Select(Describe).Order()), run.Log);
        Assert.That(run.Live.Books, Is.Not.Empty);
    }

    private static string Describe(VerifyReport.FinalBook book) =>
        $"{book.Symbol} {book.State} bids {string.Join(' ', book.BestBids.Select(l => $"{l[0]}x{l[1]}"))} asks {string.Join(' ', book.BestAsks.Select(l => $"{l[0]}x{l[1]}"))}";

    /// <summary>
    /// Plays the transcript to a live source feeding the venue's feed until the server's silent connection is open
    /// (every message before it delivered), and optionally until the keep-alive arrived on it; then verifies the
    /// source's recording and the transcript alike.
    /// </summary>
    private async Task<Run> RunAsync(VenueCase venue, VenueSocketScript script, bool waitForKeepAlive = false)
    {
        string transcriptFile = Path.Combine(SharedData.Folder("venues/cryptofeed"), venue.Transcript);
        await using VenueSocketTestServer server = await VenueSocketTestServer.StartAsync(VenueSocketTestServer.LoadTranscript(transcriptFile), script);
        string recording = Path.Combine(_temp, "live.gz");
        var log = new StringWriter();
        VenueSocketProtocols.TryCreate(venue.Feed, out IVenueSocketProtocol protocol);
        var options = new SocketLiveOptions
        {
            Url = server.Url,
            KeepAliveInterval = TimeSpan.FromMilliseconds(200),
            InitialBackoff = TimeSpan.FromMilliseconds(50),
            MaxBackoff = TimeSpan.FromMilliseconds(500),
        };
        (int priceScale, int quantityScale) = VenueFeeds.DiscoveryScales(venue.Feed);
        int nextId = 1;
        var instruments = new FeedInstruments { Discover = symbol => new FeedInstrument(symbol, nextId++, venueId: 0, priceScale, quantityScale) };
        var counters = new FeedCounters();
        using var source = new SocketLiveSource(protocol, options, venue.Symbols, log, new FrameRecorder(recording));
        VenueFeed feed = VenueFeeds.Create(venue.Feed, instruments, new IgnoringSink(), counters, instrument => source.RequestSnapshot(instrument.Symbol));
        source.Start();

        int silent = script.DropAfter is null ? 2 : 3;
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < s_patience)
        {
            bool took = false;
            while (source.TryNext(0, out RawFrame frame))
            {
                feed.OnMessage(frame.Payload.Span, frame.ReceiveNanos);
                took = true;
            }

            if (!took && source.Connections >= silent && (!waitForKeepAlive || KeepAliveArrived(venue, server.ReceivedOn(silent))))
            {
                break;
            }

            await Task.Delay(took ? 0 : 5);
        }

        source.Stop();
        Assert.That(source.Connections, Is.GreaterThanOrEqualTo(silent), $"the server's silent connection was not reached: {log}");
        return new Run(source, server, VenueVerifier.Run(venue.Feed, [recording]), VenueVerifier.Run(venue.Feed, [transcriptFile]), instruments.All.Select(i => i.Symbol).ToArray(), log.ToString());
    }

    private static bool KeepAliveArrived(VenueCase venue, IReadOnlyList<string> received) =>
        venue.Feed == "deribit" ? received.Any(m => m.Contains("public/test", StringComparison.Ordinal))
        : venue.KeepAlive is null || received.Contains(venue.KeepAlive);

    public sealed record VenueCase(string Feed, string Transcript, string[] Symbols, string[] Subscribe, string? KeepAlive, string GapMarker, Func<byte[], byte[]?> Gap, bool GapFound)
    {
        public override string ToString() => Feed;
    }

    private sealed record Run(SocketLiveSource Source, VenueSocketTestServer Server, VerifyReport Live, VerifyReport Recorded, string[] Symbols, string Log);

    private sealed class IgnoringSink : IMarketDataSink
    {
        public void OnBookSnapshot(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos, bool resync)
        {
        }

        public void OnBookUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos)
        {
        }

        public void OnTrade(FeedInstrument instrument, in TradePrint trade)
        {
        }

        public void OnBestQuote(FeedInstrument instrument, in BestQuote quote)
        {
        }

        public void OnBookStale(FeedInstrument instrument, StaleReason reason, long receivedSequence, long expectedSequence, long receiveNanos)
        {
        }
    }
}
