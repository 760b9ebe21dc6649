using System.Text;
using Engine.Gateways.Venues.Coinbase;
using Engine.Gateways.Venues.Feeds;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The Coinbase feed on hand-made messages: the level2 book, its sequence chain when messages carry one, matches
/// (the taker is the maker's opposite), tickers, and bad input counted without a crash and without a wrong book.
/// </summary>
[TestFixture]
public sealed class CoinbaseFeedTests
{
    private const string Snapshot = """{"type":"snapshot","product_id":"BTC-USD","bids":[["100.50","1.5"],["100.40","2"]],"asks":[["100.60","0.25"]]}""";

    private RecordingSink _sink = null!;
    private FeedCounters _counters = null!;
    private FeedInstrument _btc = null!;
    private CoinbaseFeed _feed = null!;
    private int _snapshotsWanted;

    [SetUp]
    public void SetUp()
    {
        _sink = new RecordingSink();
        _counters = new FeedCounters();
        _btc = new FeedInstrument("BTC-USD", instrumentId: 1, venueId: 3, priceScale: 2, quantityScale: 8);
        var instruments = new FeedInstruments();
        instruments.Add(_btc);
        _snapshotsWanted = 0;
        _feed = new CoinbaseFeed(instruments, _sink, _counters) { SnapshotWanted = _ => _snapshotsWanted++ };
    }

    [Test]
    public void SnapshotThenUpdates_BuildTheBookAndASizeOfZeroRemovesALevel()
    {
        On(Snapshot);
        On("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.55","3.0"],["sell","100.60","0"]],"time":"2021-04-17T16:43:37.075687Z"}""");

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.Snapshots, Is.EqualTo(new[] { ("BTC-USD", false) }));
        Assert.That(_sink.Updates.Single(), Is.EqualTo(new[] { new LevelChange(Side.Buy, 10_055, 300_000_000), new LevelChange(Side.Sell, 10_060, 0) }));
        Assert.That(_btc.Book.TryGetLevel(Side.Buy, 0, out long price, out long quantity), Is.True);
        Assert.That((price, quantity), Is.EqualTo((10_055L, 300_000_000L)));
        Assert.That(_btc.Book.LevelCount(Side.Sell), Is.Zero);
        Assert.That(_btc.LastSequence, Is.EqualTo(VenueFeed.NoSequence));
    }

    [Test]
    public void UpdateBeforeTheSnapshot_IsDropped()
    {
        On("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.55","3.0"]],"time":"2021-04-17T16:43:37Z"}""");

        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1));
        Assert.That(_sink.UpdateCount, Is.Zero);
        Assert.That(_btc.State, Is.EqualTo(BookState.AwaitingSnapshot));
    }

    [Test]
    public void SequencedLevel2_AMissingUpdateIsAGapAndTheNextSnapshotResyncs()
    {
        On(Snapshot.Replace("\"type\":\"snapshot\",", "\"type\":\"snapshot\",\"sequence\":10,", StringComparison.Ordinal));
        On(Update(sequence: 11, "100.55", "1"));
        On(Update(sequence: 13, "100.56", "1"));

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("BTC-USD", StaleReason.SequenceGap, 13L, 12L) }));
        Assert.That(_snapshotsWanted, Is.EqualTo(1));

        On(Update(sequence: 14, "100.57", "1"));
        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1), "no book to apply it to");

        On(Snapshot.Replace("\"type\":\"snapshot\",", "\"type\":\"snapshot\",\"sequence\":20,", StringComparison.Ordinal));
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
        Assert.That(_sink.Snapshots.Last(), Is.EqualTo(("BTC-USD", true)));
    }

    [Test]
    public void SequencedLevel2_DuplicatesAndOlderUpdatesAreDropped()
    {
        On(Snapshot.Replace("\"type\":\"snapshot\",", "\"type\":\"snapshot\",\"sequence\":10,", StringComparison.Ordinal));
        On(Update(sequence: 11, "100.55", "1"));
        On(Update(sequence: 11, "100.55", "7"));
        On(Update(sequence: 9, "100.55", "8"));

        Assert.That(_counters.UpdatesDropped, Is.EqualTo(2));
        Assert.That(_counters.Gaps, Is.Zero);
        Assert.That(_btc.Book.TryGetLevel(Side.Buy, 0, out _, out long quantity), Is.True);
        Assert.That(quantity, Is.EqualTo(100_000_000));
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
    }

    [Test]
    public void Matches_TheTakerIsTheMakersOppositeAndResentOnesAreDropped()
    {
        On(Match(sequence: 50, tradeId: 7, makerSide: "sell"));
        On(Match(sequence: 50, tradeId: 7, makerSide: "sell"));
        On(Match(sequence: 90, tradeId: 8, makerSide: "buy"));

        Assert.That(_sink.Trades, Has.Count.EqualTo(2));
        Assert.That(_sink.Trades[0], Is.EqualTo(new TradePrint(7, 10_060, 4_000_000, Side.Buy, 1_618_677_817_089_723_000, 1)));
        Assert.That(_sink.Trades[1].Aggressor, Is.EqualTo(Side.Sell));
        Assert.That(_counters.DuplicatesDropped, Is.EqualTo(1));
        Assert.That(_counters.Gaps, Is.Zero, "matches sample the full channel's sequence: a jump is normal");
    }

    [Test]
    public void Ticker_IsABestQuoteOnlyWhenItCarriesSizes()
    {
        On("""{"type":"ticker","sequence":5,"product_id":"BTC-USD","price":"100.55","best_bid":"100.50","best_ask":"100.60","time":"2021-04-17T16:43:30.244075Z"}""");
        On("""{"type":"ticker","sequence":6,"product_id":"BTC-USD","price":"100.55","best_bid":"100.50","best_bid_size":"1.5","best_ask":"100.60","best_ask_size":"0.25","time":"2021-04-17T16:43:30.244075Z"}""");

        Assert.That(_sink.Quotes, Is.EqualTo(new[] { new BestQuote(10_050, 150_000_000, 10_060, 25_000_000, 6, 1_618_677_810_244_075_000, 1) }));
    }

    [Test]
    public void SessionMessages_AreNeitherMarketDataNorBadInput()
    {
        On("""{"type":"subscriptions","channels":[{"name":"level2","product_ids":["BTC-USD"]}]}""");
        On("""{"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2014-11-07T08:19:28.464459Z"}""");

        Assert.That(_counters.BadInputTotal, Is.Zero);
        Assert.That(_counters.Messages, Is.EqualTo(2));
    }

    [TestCase("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.55","-1"]],"time":"2021-04-17T16:43:37Z"}""", BadInputKind.BadNumber)]
    [TestCase("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.55","lots"]],"time":"2021-04-17T16:43:37Z"}""", BadInputKind.BadNumber)]
    [TestCase("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.555","1"]],"time":"2021-04-17T16:43:37Z"}""", BadInputKind.BadNumber)]
    [TestCase("""{"type":"l2update","product_id":"BTC-USD","changes":[["hold","100.55","1"]],"time":"2021-04-17T16:43:37Z"}""", BadInputKind.MissingField)]
    [TestCase("""{"type":"l2update","product_id":"BTC-USD","time":"2021-04-17T16:43:37Z"}""", BadInputKind.MissingField)]
    [TestCase("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.55","1"]],"time":"yesterday"}""", BadInputKind.BadNumber)]
    [TestCase("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.55",""" , BadInputKind.MalformedJson)]
    public void BadUpdate_IsCountedAndTheBookGoesStaleRatherThanWrong(string json, BadInputKind kind)
    {
        var lines = new List<string>();
        _feed = new CoinbaseFeed(_feed.Instruments, _sink, new FeedCounters { Log = lines.Add });
        On(Snapshot);
        On(json);
        On(Snapshot);
        On(json);

        Assert.That(_feed.Counters.BadInput(kind), Is.EqualTo(2));
        Assert.That(lines, Has.Count.EqualTo(1), "logged once per kind");
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_sink.Stales.Select(s => s.Reason), Is.EqualTo(new[] { StaleReason.BadMessage, StaleReason.BadMessage }));
        Assert.That(_sink.Snapshots.Last(), Is.EqualTo(("BTC-USD", true)));
        Assert.That(_sink.UpdateCount, Is.Zero);
    }

    [Test]
    public void NotJsonAndUnknownProducts_AreCountedWithoutTouchingTheBook()
    {
        On(Snapshot);
        On("not json");
        On("""{"type":"l2update","product_id":"ETH-USD","changes":[["buy","1.5","1"]],"time":"2021-04-17T16:43:37Z"}""");
        On("""{"type":"received","product_id":"BTC-USD","sequence":3}""");

        Assert.That(_counters.BadInput(BadInputKind.MalformedJson), Is.EqualTo(1));
        Assert.That(_counters.BadInput(BadInputKind.UnknownSymbol), Is.EqualTo(1));
        Assert.That(_counters.BadInput(BadInputKind.Unsupported), Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.EqualTo(2));
    }

    [Test]
    public void SteadyStateUpdates_AllocateNothing()
    {
        On(Snapshot);
        byte[] update = Encoding.UTF8.GetBytes("""{"type":"l2update","product_id":"BTC-USD","changes":[["buy","100.45","3.5"]],"time":"2021-04-17T16:43:37.075687Z"}""");
        byte[] match = Encoding.UTF8.GetBytes(Match(sequence: 1, tradeId: 1, makerSide: "buy"));
        for (int i = 0; i < 1_000; i++)
        {
            _feed.OnMessage(update, 2);
            _feed.OnMessage(match, 2);
        }

        _sink.KeepUpdates = false;
        long allocated = SteadyStateAllocation.LeastPerSlice(4, _ =>
        {
            for (int i = 0; i < 250; i++)
            {
                _feed.OnMessage(update, 2);
            }
        });
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.UpdateCount, Is.EqualTo(2_000));
        Assert.That(allocated, Is.Zero);
    }

    private static string Update(long sequence, string price, string size) =>
        $$"""{"type":"l2update","product_id":"BTC-USD","sequence":{{sequence}},"changes":[["buy","{{price}}","{{size}}"]],"time":"2021-04-17T16:43:37.075687Z"}""";

    private static string Match(long sequence, long tradeId, string makerSide) =>
        $$"""{"type":"match","trade_id":{{tradeId}},"sequence":{{sequence}},"maker_order_id":"a","taker_order_id":"b","side":"{{makerSide}}","size":"0.04","price":"100.60","product_id":"BTC-USD","time":"2021-04-17T16:43:37.089723Z"}""";

    private void On(string json) => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 1);
}
