using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Feeds;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>Hand-made Binance sessions: each fault the sync procedure must catch, caught, and each resynced.</summary>
[TestFixture]
public sealed class BinanceFeedTests
{
    private const string Snapshot = """{"lastUpdateId":100,"bids":[["100.00","1.0"],["99.00","2.0"]],"asks":[["101.00","1.5"],["102.00","3.0"]]}""";

    private TestSink _sink = null!;
    private FeedCounters _counters = null!;
    private FeedInstrument _btc = null!;
    private List<string> _wanted = null!;
    private List<string> _log = null!;

    [SetUp]
    public void SetUp()
    {
        _sink = new TestSink();
        _log = [];
        _counters = new FeedCounters { Log = _log.Add };
        _btc = new FeedInstrument("BTCUSDT", 1, 1, priceScale: 2, quantityScale: 4);
        _wanted = [];
    }

    [Test]
    public void EventsBeforeTheSnapshot_AreKeptAndAppliedFromTheFirstThatCoversIt()
    {
        BinanceFeed feed = Spot();
        feed.OnMessage(Depth(95, 99, ("99.00", "0")), 1);     // older than the snapshot: dropped when it arrives
        feed.OnMessage(Depth(100, 103, ("100.00", "0.5")), 2); // U <= 101 <= u: the first applied
        Assert.That(_sink.Events, Is.Empty);

        feed.OnRestSnapshot(_btc, Bytes(Snapshot), 3);
        feed.OnMessage(Depth(104, 104, ("99.00", "0")), 4);

        Assert.That(_sink.Events, Is.EqualTo(new[] { "snapshot BTCUSDT 100", "update BTCUSDT 103 1", "update BTCUSDT 104 1" }));
        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1));
        AssertTop(Side.Buy, 10_000, 5_000);
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.EqualTo(1));
        AssertTop(Side.Sell, 10_100, 15_000);
    }

    [Test]
    public void MissingUpdate_IsAGap_TheBookGoesStale_AndTheNextSnapshotResyncsIt()
    {
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Depth(101, 102, ("100.00", "0.5")), 2);
        feed.OnMessage(Depth(104, 105, ("100.00", "0.7")), 3);  // 103 never came

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Events[^1], Is.EqualTo("stale BTCUSDT SequenceGap 104 103"));
        Assert.That(_wanted, Is.EqualTo(new[] { "BTCUSDT" }));

        feed.OnMessage(Depth(106, 106, ("99.00", "4.0")), 4);  // kept for the next snapshot
        feed.OnRestSnapshot(_btc, Bytes(Snapshot.Replace("\"lastUpdateId\":100", "\"lastUpdateId\":105", StringComparison.Ordinal)), 5);

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
        Assert.That(_sink.Events[^2..], Is.EqualTo(new[] { "resync BTCUSDT 105", "update BTCUSDT 106 1" }));
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.EqualTo(2));
    }

    [Test]
    public void DuplicateUpdate_IsAGap()
    {
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Depth(101, 102, ("100.00", "0.5")), 2);
        feed.OnMessage(Depth(101, 102, ("100.00", "0.5")), 3);

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
    }

    [Test]
    public void SnapshotOlderThanTheStream_IsAGapAtTheFirstEvent()
    {
        // The first event after a snapshot must cover lastUpdateId + 1; one that starts after it means updates are missing.
        BinanceFeed feed = Spot();
        feed.OnMessage(Depth(150, 160, ("100.00", "0.5")), 1);
        feed.OnRestSnapshot(_btc, Bytes(Snapshot), 2);

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
    }

    [Test]
    public void Futures_ChainOnPreviousFinalId_AndAcceptASnapshotEqualToAnEventsFinalId()
    {
        BinanceFeed feed = new(BinanceMarket.UsdM, Instruments(), _sink, _counters) { SnapshotWanted = i => _wanted.Add(i.Symbol) };
        feed.OnRestSnapshot(_btc, Bytes(Snapshot), 1);
        feed.OnMessage(FuturesDepth(90, 100, 85, ("100.00", "0.5")), 2);  // u == lastUpdateId: the first applied
        feed.OnMessage(FuturesDepth(101, 110, 100, ("100.00", "0.6")), 3);
        feed.OnMessage(FuturesDepth(111, 120, 109, ("100.00", "0.7")), 4); // pu 109 != 110

        Assert.That(_counters.DepthUpdates, Is.EqualTo(2));
        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_sink.Events[^1], Is.EqualTo("stale BTCUSDT SequenceGap 109 110"));
    }

    [Test]
    public void UpdateThatCrossesTheBook_MarksItStale()
    {
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Depth(101, 101, ("101.50", "1.0")), 2);

        Assert.That(_counters.CrossedBooks, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
    }

    // Levels are read as the event is (one pass), so each bad copy is counted, whatever the book's state.
    [TestCase("""{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":101,"u":101,"b":[["100.00","-1"]],"a":[]}}""", BadInputKind.BadNumber, 2)]
    [TestCase("""{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":101,"u":101,"b":[["abc","1"]],"a":[]}}""", BadInputKind.BadNumber, 2)]
    [TestCase("""{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":101,"u":101,"b":[["100.001","1"]],"a":[]}}""", BadInputKind.BadNumber, 2)]
    [TestCase("""{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":101,"b":[],"a":[]}}""", BadInputKind.MissingField, 2)]
    public void BadLevel_IsCountedLogged_AndTheBookGoesStaleRatherThanWrong(string message, BadInputKind kind, int counted)
    {
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Bytes(message), 2);
        feed.OnMessage(Bytes(message), 3);

        Assert.That(_counters.BadInput(kind), Is.EqualTo(counted));
        Assert.That(_log, Has.Count.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Events[^1], Does.StartWith("stale BTCUSDT BadMessage"));
    }

    [TestCase("""{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":101,"u":101,"b":[["100.00","1""", BadInputKind.MalformedJson)]
    [TestCase("not json at all", BadInputKind.MalformedJson)]
    [TestCase("""{"stream":"ethusdt@depth","data":{"e":"depthUpdate","E":1,"s":"ETHUSDT","U":101,"u":101,"b":[],"a":[]}}""", BadInputKind.UnknownSymbol)]
    [TestCase("""{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":5,"p":"1e5","q":"1","T":1,"m":true}}""", BadInputKind.BadNumber)]
    public void UnusableMessage_IsCountedOnce_AndTheBookIsUntouched(string message, BadInputKind kind)
    {
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Bytes(message), 2);
        feed.OnMessage(Bytes(message), 3);
        feed.OnMessage(Depth(101, 101, ("100.00", "0.5")), 4);

        Assert.That(_counters.BadInput(kind), Is.EqualTo(2));
        Assert.That(_log, Has.Count.EqualTo(1), "logged once per kind");
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        AssertTop(Side.Buy, 10_000, 5_000);
    }

    [Test]
    public void PriceOffTheListingsTick_IsCounted_AndTheBookGoesStale()
    {
        _btc = new FeedInstrument("BTCUSDT", 1, 1, priceScale: 2, quantityScale: 4) { TickUnits = 10 };
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Depth(101, 101, ("100.10", "0.5")), 2);
        Assert.That(_btc.State, Is.EqualTo(BookState.Live), "on the 0.10 tick");

        feed.OnMessage(Depth(102, 102, ("100.15", "0.5")), 3);

        Assert.That(_counters.BadInput(BadInputKind.OffTick), Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Events[^1], Does.StartWith("stale BTCUSDT BadMessage"));
    }

    [Test]
    public void AbsurdLevelCount_IsRefused()
    {
        BinanceFeed feed = LiveSpot();
        string levels = string.Join(',', Enumerable.Range(1, 20_001).Select(i => $"[\"{i}.00\",\"1\"]"));
        feed.OnMessage(Bytes($$$"""{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":101,"u":101,"b":[{{{levels}}}],"a":[]}}"""), 2);

        Assert.That(_counters.BadInput(BadInputKind.TooManyLevels), Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
    }

    [Test]
    public void SilentFeed_GoesStale()
    {
        BinanceFeed feed = LiveSpot();
        feed.CheckSilence(nowNanos: 1 + 4_000_000_000, maxSilenceNanos: 5_000_000_000);
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));

        feed.CheckSilence(nowNanos: 1 + 6_000_000_000, maxSilenceNanos: 5_000_000_000);
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_counters.StaleFeeds, Is.EqualTo(1));
        Assert.That(_sink.Events[^1], Is.EqualTo("stale BTCUSDT FeedSilent 0 0"));
    }

    [Test]
    public void QuietBookWhoseTradesStillArrive_IsNotASilentFeed()
    {
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Bytes("""{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":7,"p":"100.50","q":"0.25","T":1,"m":true}}"""), 4_000_000_000);
        feed.CheckSilence(nowNanos: 6_000_000_000, maxSilenceNanos: 5_000_000_000);

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
    }

    [Test]
    public void TradeAndBookTicker_ArePassedOn_AndTheTickerIsCheckedAgainstTheBook()
    {
        BinanceFeed feed = LiveSpot();
        feed.OnMessage(Bytes("""{"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":7,"p":"100.50","q":"0.25","T":1,"m":true}}"""), 2);
        feed.OnMessage(Depth(101, 102, ("100.00", "0.5")), 3);
        feed.OnMessage(Bytes("""{"stream":"btcusdt@bookTicker","data":{"u":102,"s":"BTCUSDT","b":"100.00","B":"0.5","a":"101.00","A":"1.5"}}"""), 4);
        feed.OnMessage(Bytes("""{"stream":"btcusdt@bookTicker","data":{"u":103,"s":"BTCUSDT","b":"100.00","B":"0.9","a":"101.00","A":"1.5"}}"""), 5);
        feed.OnMessage(Depth(103, 103, ("100.00", "0.7")), 6);   // the ticker said 0.9 at 103: the copy is wrong

        Assert.That(_sink.Events, Does.Contain("trade BTCUSDT 7 10050x2500 Sell"));
        Assert.That(_counters.BookTickerChecks, Is.EqualTo(2));
        Assert.That(_counters.BookTickerMismatches, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
    }

    [Test]
    public void LevelsPushedBeyondTheSnapshotsDepth_AreCutInBatches_AndTheSinkHearsEachRemoval()
    {
        BinanceFeed feed = Spot();
        string bids = string.Join(',', Enumerable.Range(0, 1_000).Select(i => $"[\"{10_000 - i}.00\",\"1\"]"));
        feed.OnRestSnapshot(_btc, Bytes($$$"""{"lastUpdateId":100,"bids":[{{{bids}}}],"asks":[["20000.00","1"]]}"""), 1);
        _sink.Events.Clear();

        // 64 better bids: 1,064 levels, within the slack; one more and the 65 worst go.
        feed.OnMessage(Depth(101, 101, Enumerable.Range(1, 64).Select(i => ($"{10_000 + i}.00", "1")).ToArray()), 2);
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.EqualTo(1_064));
        feed.OnMessage(Depth(102, 102, ("10065.00", "1")), 3);

        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.EqualTo(1_000));
        Assert.That(_sink.Events, Is.EqualTo(new[] { "update BTCUSDT 101 64", "update BTCUSDT 102 66" }), "one change and the 65 removals");
        Assert.That(_btc.Book.TryGetLevel(Side.Buy, 999, out long worst, out _), Is.True);
        Assert.That(worst, Is.EqualTo(906_600), "the worst kept: 10,065 - 999");
    }

    private BinanceFeed Spot() => new(BinanceMarket.Spot, Instruments(), _sink, _counters) { SnapshotWanted = i => _wanted.Add(i.Symbol) };

    private BinanceFeed LiveSpot()
    {
        BinanceFeed feed = Spot();
        feed.OnRestSnapshot(_btc, Bytes(Snapshot), 1);
        _sink.Events.Clear();
        return feed;
    }

    private FeedInstruments Instruments()
    {
        var instruments = new FeedInstruments();
        instruments.Add(_btc);
        return instruments;
    }

    private void AssertTop(Side side, long price, long quantity)
    {
        Assert.That(_btc.Book.TryGetLevel(side, 0, out long topPrice, out long topQuantity), Is.True);
        Assert.That((topPrice, topQuantity), Is.EqualTo((price, quantity)));
    }

    private static byte[] Depth(long first, long final, params (string Price, string Quantity)[] bids) =>
        Bytes($$$"""{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT","U":{{{first}}},"u":{{{final}}},"b":[{{{Levels(bids)}}}],"a":[]}}""");

    private static byte[] FuturesDepth(long first, long final, long previous, params (string Price, string Quantity)[] bids) =>
        Bytes($$$"""{"stream":"btcusdt@depth","data":{"e":"depthUpdate","E":1,"T":1,"s":"BTCUSDT","U":{{{first}}},"u":{{{final}}},"pu":{{{previous}}},"b":[{{{Levels(bids)}}}],"a":[]}}""");

    private static string Levels((string Price, string Quantity)[] levels) => string.Join(',', levels.Select(l => $"[\"{l.Price}\",\"{l.Quantity}\"]"));

    private static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
