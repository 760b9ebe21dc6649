using System.Text;
using Engine.Gateways.Venues.Deribit;
using Engine.Gateways.Venues.Feeds;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The Deribit feed on hand-made notifications: the change_id chain, gaps and resyncs, duplicates, trades and
/// tickers, and bad input (exponent numbers among it) counted without a crash and without a wrong book.
/// </summary>
[TestFixture]
public sealed class DeribitFeedTests
{
    private RecordingSink _sink = null!;
    private FeedCounters _counters = null!;
    private FeedInstrument _perpetual = null!;
    private DeribitFeed _feed = null!;
    private int _snapshotsWanted;

    [SetUp]
    public void SetUp()
    {
        _sink = new RecordingSink();
        _counters = new FeedCounters();
        _perpetual = new FeedInstrument("BTC-PERPETUAL", instrumentId: 1, venueId: 4, priceScale: 2, quantityScale: 1);
        var instruments = new FeedInstruments();
        instruments.Add(_perpetual);
        _snapshotsWanted = 0;
        _feed = new DeribitFeed(instruments, _sink, _counters) { SnapshotWanted = _ => _snapshotsWanted++ };
    }

    [Test]
    public void SnapshotThenChangesInChain_BuildTheBookAndADeleteRemovesALevel()
    {
        Snapshot(changeId: 100);
        Change(previous: 100, changeId: 105, bids: """[["change",32000.5,250.0]]""", asks: """[["delete",32001.0,0.0]]""");

        Assert.That(_perpetual.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.Snapshots, Is.EqualTo(new[] { ("BTC-PERPETUAL", false) }));
        Assert.That(_sink.Updates.Single(), Is.EqualTo(new[] { new LevelChange(Side.Buy, 3_200_050, 2_500), new LevelChange(Side.Sell, 3_200_100, 0) }));
        Assert.That(_perpetual.Book.TryGetLevel(Side.Sell, 0, out long price, out _), Is.True);
        Assert.That(price, Is.EqualTo(3_200_150));
        Assert.That(_perpetual.LastSequence, Is.EqualTo(105));
    }

    [Test]
    public void AMissingChange_IsAGapAndTheNextSnapshotResyncs()
    {
        Snapshot(changeId: 100);
        Change(previous: 104, changeId: 110, bids: """[["new",31999.0,10.0]]""", asks: "[]");

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_perpetual.State, Is.EqualTo(BookState.Stale));
        Assert.That(_perpetual.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("BTC-PERPETUAL", StaleReason.SequenceGap, 104L, 100L) }));
        Assert.That(_snapshotsWanted, Is.EqualTo(1));

        Change(previous: 110, changeId: 111, bids: "[]", asks: "[]");
        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1));

        Snapshot(changeId: 200);
        Assert.That(_perpetual.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
        Assert.That(_sink.Snapshots.Last(), Is.EqualTo(("BTC-PERPETUAL", true)));
    }

    [Test]
    public void ADuplicateChange_IsDropped()
    {
        Snapshot(changeId: 100);
        Change(previous: 100, changeId: 101, bids: """[["change",32000.5,250.0]]""", asks: "[]");
        Change(previous: 100, changeId: 101, bids: """[["change",32000.5,999.0]]""", asks: "[]");

        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1));
        Assert.That(_counters.Gaps, Is.Zero);
        Assert.That(_perpetual.Book.TryGetLevel(Side.Buy, 0, out _, out long amount), Is.True);
        Assert.That(amount, Is.EqualTo(2_500));
    }

    [Test]
    public void TradesAndTicker_ArePassedOnWithTheNumericTradeIdAndTheTakersSide()
    {
        On("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"trades.BTC-PERPETUAL.raw","data":[{"trade_seq":1,"trade_id":"ETH-12345678","timestamp":1626993723632,"price":32000.5,"instrument_name":"BTC-PERPETUAL","direction":"sell","amount":20.0},{"trade_id":"87654321","timestamp":1626993723633,"price":32001.0,"instrument_name":"BTC-PERPETUAL","direction":"buy","amount":10.0}]}}""");
        On("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"ticker.BTC-PERPETUAL.raw","data":{"timestamp":1626993723632,"best_bid_price":32000.5,"best_bid_amount":2000.0,"best_ask_price":32001.0,"best_ask_amount":10.0,"stats":{"volume":null},"instrument_name":"BTC-PERPETUAL"}}}""");

        Assert.That(_sink.Trades, Is.EqualTo(new[]
        {
            new TradePrint(12_345_678, 3_200_050, 200, Side.Sell, 1_626_993_723_632_000_000, 1),
            new TradePrint(87_654_321, 3_200_100, 100, Side.Buy, 1_626_993_723_633_000_000, 1),
        }));
        Assert.That(_sink.Quotes, Is.EqualTo(new[] { new BestQuote(3_200_050, 20_000, 3_200_100, 100, VenueFeed.NoSequence, 1_626_993_723_632_000_000, 1) }));
        Assert.That(_counters.BadInputTotal, Is.Zero);
    }

    [Test]
    public void SessionMessages_AreNeitherMarketDataNorBadInput()
    {
        On("""{"jsonrpc":"2.0","id":0,"result":["book.BTC-PERPETUAL.raw"],"usIn":1,"usOut":2,"usDiff":1,"testnet":false}""");
        On("""{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}""");

        Assert.That(_counters.BadInputTotal, Is.Zero);
    }

    [TestCase("""[["change",32000.5,-1.0]]""", BadInputKind.BadNumber)]
    [TestCase("""[["change",32000.5,"much"]]""", BadInputKind.BadNumber)]
    [TestCase("""[["change",32000.5,1e-05]]""", BadInputKind.BadNumber)]
    [TestCase("""[["change",32000.555,1.0]]""", BadInputKind.BadNumber)]
    [TestCase("""[["move",32000.5,1.0]]""", BadInputKind.MissingField)]
    [TestCase("""{}""", BadInputKind.MissingField)]
    public void BadChange_IsCountedAndTheBookGoesStaleRatherThanWrong(string bids, BadInputKind kind)
    {
        Snapshot(changeId: 100);
        Change(previous: 100, changeId: 101, bids, asks: "[]");

        Assert.That(_counters.BadInput(kind), Is.EqualTo(1));
        Assert.That(_perpetual.State, Is.EqualTo(BookState.Stale));
        Assert.That(_perpetual.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_sink.Stales.Single().Reason, Is.EqualTo(StaleReason.BadMessage));
        Assert.That(_sink.UpdateCount, Is.Zero);
    }

    [Test]
    public void TruncatedNotJsonAndUnknownInstruments_AreCounted()
    {
        Snapshot(changeId: 100);
        On("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.ETH-PERPETUAL.raw","data":{"type":"change","change_id":2,"prev_change_id":1,"bids":[],"asks":[]}}}""");
        On("[1,2");
        Assert.That(_perpetual.State, Is.EqualTo(BookState.Live));

        On("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.raw","data":{"type":"change","change_id":101,"prev_change_id":100,"bids":[["new",3""");

        Assert.That(_counters.BadInput(BadInputKind.UnknownSymbol), Is.EqualTo(1));
        Assert.That(_counters.BadInput(BadInputKind.MalformedJson), Is.EqualTo(2));
        Assert.That(_perpetual.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.UpdateCount, Is.Zero);
    }

    [Test]
    public void SteadyStateChanges_AllocateNothing()
    {
        Snapshot(changeId: 0);
        var updates = new byte[3_000][];
        for (int i = 0; i < updates.Length; i++)
        {
            updates[i] = Encoding.UTF8.GetBytes(ChangeJson(previous: i, changeId: i + 1, bids: $"[[\"change\",32000.5,{(i % 7) + 1}.0]]", asks: "[]"));
        }

        for (int i = 0; i < 1_000; i++)
        {
            _feed.OnMessage(updates[i], 2);
        }

        _sink.KeepUpdates = false;
        long allocated = SteadyStateAllocation.LeastPerSlice(4, slice =>
        {
            for (int i = 1_000 + (slice * 500); i < 1_500 + (slice * 500); i++)
            {
                _feed.OnMessage(updates[i], 2);
            }
        });
        Assert.That(_perpetual.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.UpdateCount, Is.EqualTo(3_000));
        Assert.That(allocated, Is.Zero);
    }

    private static string ChangeJson(long previous, long changeId, string bids, string asks) =>
        """{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.raw","data":{"type":"change","timestamp":1626993724318,"prev_change_id":""" + previous + ""","instrument_name":"BTC-PERPETUAL","change_id":""" + changeId + ""","bids":""" + bids + ""","asks":""" + asks + """}}}""";

    private void Snapshot(long changeId) =>
        On("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.raw","data":{"type":"snapshot","timestamp":1626993723632,"instrument_name":"BTC-PERPETUAL","change_id":""" + changeId + ""","bids":[["new",32000.5,100.0],["new",32000.0,50.0]],"asks":[["new",32001.0,20.0],["new",32001.5,30.0]]}}}""");

    private void Change(long previous, long changeId, string bids, string asks) => On(ChangeJson(previous, changeId, bids, asks));

    private void On(string json) => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 1);
}
