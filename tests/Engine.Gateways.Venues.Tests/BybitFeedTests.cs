using System.Text;
using Engine.Gateways.Venues.Bybit;
using Engine.Gateways.Venues.Feeds;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The Bybit feed on hand-made pushes of both generations: v5 <c>orderbook.{depth}</c> (the u chain, a gap, duplicates,
/// u = 1 as a restart counted as a resync), v1 <c>orderBookL2_25</c> (linear and inverse shapes, rows that must fit
/// the book), trades, and bad input counted without a crash and without a wrong book.
/// </summary>
[TestFixture]
public sealed class BybitFeedTests
{
    private RecordingSink _sink = null!;
    private FeedCounters _counters = null!;
    private FeedInstrument _btc = null!;
    private FeedInstrument _eos = null!;
    private BybitFeed _feed = null!;
    private int _snapshotsWanted;

    [SetUp]
    public void SetUp()
    {
        _sink = new RecordingSink();
        _counters = new FeedCounters();
        _btc = new FeedInstrument("BTCUSDT", instrumentId: 1, venueId: 5, priceScale: 2, quantityScale: 3);
        _eos = new FeedInstrument("EOSUSD", instrumentId: 2, venueId: 5, priceScale: 3, quantityScale: 0);
        var instruments = new FeedInstruments();
        instruments.Add(_btc);
        instruments.Add(_eos);
        _snapshotsWanted = 0;
        _feed = new BybitFeed(instruments, _sink, _counters) { SnapshotWanted = _ => _snapshotsWanted++ };
    }

    [Test]
    public void V5SnapshotThenDeltas_BuildTheBookAndASizeOfZeroDeletes()
    {
        V5("snapshot", u: 10, bids: """[["16493.50","0.006"],["16493.00","0.100"]]""", asks: """[["16611.00","0.029"]]""");
        V5("delta", u: 11, bids: """[["16493.50","0"]]""", asks: """[["16600.00","1.5"]]""");

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.Snapshots, Is.EqualTo(new[] { ("BTCUSDT", false) }));
        Assert.That(_sink.Updates.Single(), Is.EqualTo(new[] { new LevelChange(Side.Buy, 1_649_350, 0), new LevelChange(Side.Sell, 1_660_000, 1_500) }));
        Assert.That(_btc.Book.TryGetLevel(Side.Buy, 0, out long bid, out _), Is.True);
        Assert.That(bid, Is.EqualTo(1_649_300));
        Assert.That(_btc.LastSequence, Is.EqualTo(11));
    }

    [Test]
    public void V5SkippedUpdateId_IsAGapAndTheNextSnapshotResyncs()
    {
        V5("snapshot", u: 10, bids: """[["16493.50","0.006"]]""", asks: """[["16611.00","0.029"]]""");
        V5("delta", u: 12, bids: """[["16493.00","1"]]""", asks: "[]");

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("BTCUSDT", StaleReason.SequenceGap, 12L, 11L) }));
        Assert.That(_snapshotsWanted, Is.EqualTo(1));

        V5("delta", u: 13, bids: "[]", asks: "[]");
        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1));

        V5("snapshot", u: 20, bids: """[["16493.50","0.006"]]""", asks: """[["16611.00","0.029"]]""");
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
        Assert.That(_sink.Snapshots.Last(), Is.EqualTo(("BTCUSDT", true)));
    }

    [Test]
    public void V5UpdateIdOne_IsTheServiceRestartingAndRebuildsTheBookAsAResync()
    {
        V5("snapshot", u: 10, bids: """[["16493.50","0.006"]]""", asks: """[["16611.00","0.029"]]""");
        V5("delta", u: 11, bids: """[["16493.00","1"]]""", asks: "[]");
        V5("delta", u: 1, bids: """[["16400.00","2"]]""", asks: """[["16500.00","3"]]""");

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
        Assert.That(_counters.Gaps, Is.Zero);
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("BTCUSDT", StaleReason.VenueRestarted, 1L, 12L) }));
        Assert.That(_sink.Snapshots.Last(), Is.EqualTo(("BTCUSDT", true)));
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.EqualTo(1), "the restart's levels replace the book, not add to it");
        Assert.That(_btc.Book.TryGetLevel(Side.Sell, 0, out long ask, out _), Is.True);
        Assert.That(ask, Is.EqualTo(1_650_000));

        V5("delta", u: 2, bids: """[["16400.00","0"]]""", asks: "[]");
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_btc.LastSequence, Is.EqualTo(2));
    }

    [Test]
    public void V5DuplicatesAndOlderDeltas_AreDropped()
    {
        V5("snapshot", u: 10, bids: """[["16493.50","0.006"]]""", asks: "[]");
        V5("delta", u: 11, bids: """[["16493.50","1"]]""", asks: "[]");
        V5("delta", u: 11, bids: """[["16493.50","7"]]""", asks: "[]");
        V5("delta", u: 9, bids: """[["16493.50","8"]]""", asks: "[]");

        Assert.That(_counters.UpdatesDropped, Is.EqualTo(2));
        Assert.That(_btc.Book.TryGetLevel(Side.Buy, 0, out _, out long size), Is.True);
        Assert.That(size, Is.EqualTo(1_000));
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
    }

    [Test]
    public void V1InverseAndLinearShapes_BuildBooksAndDuplicateCrossSeqIsDropped()
    {
        On("""{"topic":"orderBookL2_25.EOSUSD","type":"snapshot","data":[{"price":"7.943","symbol":"EOSUSD","id":79430,"side":"Buy","size":154219},{"price":"7.950","symbol":"EOSUSD","id":79500,"side":"Sell","size":100}],"cross_seq":1225777224,"timestamp_e6":1618677786558146}""");
        On("""{"topic":"orderBookL2_25.EOSUSD","type":"delta","data":{"delete":[],"update":[{"price":"7.943","symbol":"EOSUSD","id":79430,"side":"Buy","size":47766}],"insert":[{"price":"7.944","symbol":"EOSUSD","id":79440,"side":"Buy","size":5}],"transactTimeE6":0},"cross_seq":1225777225,"timestamp_e6":1618677786598877}""");
        On("""{"topic":"orderBookL2_25.EOSUSD","type":"delta","data":{"delete":[],"update":[{"price":"7.943","symbol":"EOSUSD","id":79430,"side":"Buy","size":1}],"insert":[],"transactTimeE6":0},"cross_seq":1225777225,"timestamp_e6":1618677786598877}""");
        On("""{"topic":"orderBookL2_25.BTCUSDT","type":"snapshot","data":{"order_book":[{"price":"60000.50","symbol":"BTCUSDT","id":"600005000","side":"Buy","size":2.63}]},"cross_seq":"864131773","timestamp_e6":"1618677786389362"}""");

        Assert.That(_eos.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.Updates.Single(), Is.EqualTo(new[] { new LevelChange(Side.Buy, 7_943, 47_766), new LevelChange(Side.Buy, 7_944, 5) }));
        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_btc.Book.TryGetLevel(Side.Buy, 0, out long price, out long size), Is.True);
        Assert.That((price, size), Is.EqualTo((6_000_050L, 2_630L)));
        Assert.That(_btc.LastSequence, Is.EqualTo(864_131_773));
    }

    [TestCase("""{"delete":[{"price":"7.960","symbol":"EOSUSD","id":79600,"side":"Sell"}],"update":[],"insert":[]}""")]
    [TestCase("""{"delete":[],"update":[{"price":"7.960","symbol":"EOSUSD","id":79600,"side":"Sell","size":3}],"insert":[]}""")]
    [TestCase("""{"delete":[],"update":[],"insert":[{"price":"7.950","symbol":"EOSUSD","id":79500,"side":"Sell","size":3}]}""")]
    public void V1RowThatDoesNotFitTheBook_MeansALostDeltaAndTheBookGoesStale(string data)
    {
        On("""{"topic":"orderBookL2_25.EOSUSD","type":"snapshot","data":[{"price":"7.943","symbol":"EOSUSD","id":79430,"side":"Buy","size":154219},{"price":"7.950","symbol":"EOSUSD","id":79500,"side":"Sell","size":100}],"cross_seq":10,"timestamp_e6":1618677786558146}""");
        On($$"""{"topic":"orderBookL2_25.EOSUSD","type":"delta","data":{{data}},"cross_seq":11,"timestamp_e6":1618677786598877}""");

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_eos.State, Is.EqualTo(BookState.Stale));
        Assert.That(_eos.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_sink.UpdateCount, Is.Zero);
    }

    [Test]
    public void Trades_OfBothGenerationsArePassedOnWithTheTakersSideAndAStableId()
    {
        On("""{"topic":"trade.BTCUSDT","data":[{"symbol":"BTCUSDT","tick_direction":"MinusTick","price":"60000.50","size":0.14,"timestamp":"2021-04-17T16:43:05.000Z","trade_time_ms":"1618677785116","side":"Buy","trade_id":"01cacfe9-8d1c-5ee4-995d-d79a43f955a6"}]}""");
        On("""{"topic":"publicTrade.BTCUSDT","type":"snapshot","ts":1672304486868,"data":[{"T":1672304486865,"s":"BTCUSDT","S":"Sell","v":"0.001","p":"16578.50","L":"PlusTick","i":"2290000000061666327","BT":false}]}""");
        On("""{"topic":"trade.BTCUSDT","data":[{"symbol":"BTCUSDT","price":"60000.50","size":0.14,"trade_time_ms":"1618677785116","side":"Buy","trade_id":"01cacfe9-8d1c-5ee4-995d-d79a43f955a6"}]}""");

        Assert.That(_sink.Trades, Has.Count.EqualTo(3));
        Assert.That(_sink.Trades[0] with { TradeId = 0 }, Is.EqualTo(new TradePrint(0, 6_000_050, 140, Side.Buy, 1_618_677_785_116_000_000, 1)));
        Assert.That(_sink.Trades[0].TradeId, Is.Positive.And.EqualTo(_sink.Trades[2].TradeId), "a UUID hashes to the same id every time");
        Assert.That(_sink.Trades[1], Is.EqualTo(new TradePrint(2_290_000_000_061_666_327, 1_657_850, 1, Side.Sell, 1_672_304_486_865_000_000, 1)));
    }

    [Test]
    public void SessionMessages_AreNeitherMarketDataNorBadInput()
    {
        On("""{"success":true,"ret_msg":"","conn_id":"38cf0ac3","request":{"op":"subscribe","args":["trade.BCHUSDT"]}}""");
        On("""{"success":true,"ret_msg":"pong","conn_id":"0970e817","op":"ping"}""");

        Assert.That(_counters.BadInputTotal, Is.Zero);
    }

    [TestCase("""[["16493.50","-1"]]""", BadInputKind.BadNumber)]
    [TestCase("""[["16493.50","plenty"]]""", BadInputKind.BadNumber)]
    [TestCase("""[["16493.505","1"]]""", BadInputKind.BadNumber)]
    [TestCase("""{}""", BadInputKind.MissingField)]
    public void BadV5Delta_IsCountedAndTheBookGoesStaleRatherThanWrong(string bids, BadInputKind kind)
    {
        V5("snapshot", u: 10, bids: """[["16493.50","0.006"]]""", asks: "[]");
        V5("delta", u: 11, bids, asks: "[]");

        Assert.That(_counters.BadInput(kind), Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_sink.Stales.Single().Reason, Is.EqualTo(StaleReason.BadMessage));
        Assert.That(_sink.UpdateCount, Is.Zero);
    }

    [Test]
    public void TruncatedNotJsonAndUnknownSymbols_AreCounted()
    {
        V5("snapshot", u: 10, bids: """[["16493.50","0.006"]]""", asks: "[]");
        On("""{"topic":"orderbook.50.ETHUSDT","type":"delta","ts":1,"data":{"s":"ETHUSDT","b":[],"a":[],"u":2}}""");
        On("nope");
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));

        On("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1,"data":{"s":"BTCUSDT","b":[["16493.50",""");

        Assert.That(_counters.BadInput(BadInputKind.UnknownSymbol), Is.EqualTo(1));
        Assert.That(_counters.BadInput(BadInputKind.MalformedJson), Is.EqualTo(2));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.UpdateCount, Is.Zero);
    }

    [Test]
    public void SteadyStateDeltas_AllocateNothing()
    {
        V5("snapshot", u: 1_000_000, bids: """[["16493.50","0.006"]]""", asks: """[["16611.00","0.029"]]""");
        var v5 = new byte[3_000][];
        for (int i = 0; i < v5.Length; i++)
        {
            v5[i] = Encoding.UTF8.GetBytes(V5Json("delta", 1_000_001 + i, $"[[\"16493.00\",\"{(i % 5) + 1}\"]]", "[]"));
        }

        byte[] v1Snapshot = Encoding.UTF8.GetBytes("""{"topic":"orderBookL2_25.EOSUSD","type":"snapshot","data":[{"price":"7.943","symbol":"EOSUSD","id":79430,"side":"Buy","size":154219}],"cross_seq":10,"timestamp_e6":1618677786558146}""");
        _feed.OnMessage(v1Snapshot, 1);
        var v1 = new byte[3_000][];
        for (int i = 0; i < v1.Length; i++)
        {
            v1[i] = Encoding.UTF8.GetBytes($$"""{"topic":"orderBookL2_25.EOSUSD","type":"delta","data":{"delete":[],"update":[{"price":"7.943","symbol":"EOSUSD","id":79430,"side":"Buy","size":{{i + 1}}}],"insert":[],"transactTimeE6":0},"cross_seq":{{11 + i}},"timestamp_e6":1618677786598877}""");
        }

        for (int i = 0; i < 1_000; i++)
        {
            _feed.OnMessage(v5[i], 2);
            _feed.OnMessage(v1[i], 2);
        }

        _sink.KeepUpdates = false;
        long allocated = SteadyStateAllocation.LeastPerSlice(4, slice =>
        {
            for (int i = 1_000 + (slice * 500); i < 1_500 + (slice * 500); i++)
            {
                _feed.OnMessage(v5[i], 2);
                _feed.OnMessage(v1[i], 2);
            }
        });
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_eos.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.UpdateCount, Is.EqualTo(6_000));
        Assert.That(allocated, Is.Zero);
    }

    private static string V5Json(string type, long u, string bids, string asks) =>
        $$"""{"topic":"orderbook.50.BTCUSDT","type":"{{type}}","ts":1672304484978,"data":{"s":"BTCUSDT","b":{{bids}},"a":{{asks}},"u":{{u}},"seq":7961638724},"cts":1672304484976}""";

    private void V5(string type, long u, string bids, string asks) => On(V5Json(type, u, bids, asks));

    private void On(string json) => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 1);
}
