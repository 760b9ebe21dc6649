using System.Text;
using Engine.Gateways.Venues.Checksums;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Okx;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The OKX feed on hand-made pushes: the seqId chain, the checksum (computed here independently, from the strings
/// as written), resyncs, and bad input that must be counted without a crash and without a wrong book passed on.
/// </summary>
[TestFixture]
public sealed class OkxFeedTests
{
    private const string Bids = """[["100.5","1.50","0","1"],["100.4","2","0","1"]]""";
    private const string Asks = """[["100.6","0.25000000","0","2"]]""";

    private RecordingSink _sink = null!;
    private FeedCounters _counters = null!;
    private FeedInstrument _btc = null!;
    private OkxFeed _feed = null!;
    private int _snapshotsWanted;

    [SetUp]
    public void SetUp()
    {
        _sink = new RecordingSink();
        _counters = new FeedCounters();
        _btc = new FeedInstrument("BTC-USDT", instrumentId: 1, venueId: 2, priceScale: 4, quantityScale: 8);
        var instruments = new FeedInstruments();
        instruments.Add(_btc);
        _snapshotsWanted = 0;
        _feed = new OkxFeed(instruments, _sink, _counters) { SnapshotWanted = _ => _snapshotsWanted++ };
    }

    [Test]
    public void Snapshot_BuildsTheBookAndItsChecksumVerifies()
    {
        Snapshot(seqId: 10);

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Checksums, Is.EqualTo(1));
        Assert.That(_counters.ChecksumMismatches, Is.Zero);
        Assert.That(_sink.Snapshots, Is.EqualTo(new[] { ("BTC-USDT", false) }));
        Assert.That(_btc.Book.TryGetLevel(Side.Buy, 0, out long price, out long quantity), Is.True);
        Assert.That((price, quantity), Is.EqualTo((1_005_000L, 150_000_000L)));
        Assert.That(_btc.LastSequence, Is.EqualTo(10));
    }

    [Test]
    public void UpdatesInSequence_AreAppliedIncludingOneWithoutChangesThatRepeatsItsSeqId()
    {
        Snapshot(seqId: 10);

        Update("""[["100.5","1.75","0","1"]]""", "[]", prevSeqId: 10, seqId: 11, Checksum("100.5:1.75:100.6:0.25000000:100.4:2"));
        Update("[]", "[]", prevSeqId: 11, seqId: 11, Checksum("100.5:1.75:100.6:0.25000000:100.4:2"));

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.DepthUpdates, Is.EqualTo(2));
        Assert.That(_counters.Checksums, Is.EqualTo(3));
        Assert.That(_counters.ChecksumMismatches, Is.Zero);
        Assert.That(_btc.LastSequence, Is.EqualTo(11));
        Assert.That(_sink.Updates[0], Is.EqualTo(new[] { new LevelChange(Side.Buy, 1_005_000, 175_000_000) }));
    }

    [Test]
    public void UpdateWithACorruptedChecksum_MakesTheBookStale_AndTheNextSnapshotResyncsIt()
    {
        Snapshot(seqId: 10);

        Update("""[["100.4","0","0","0"]]""", "[]", prevSeqId: 10, seqId: 11, Checksum("100.5:1.50:100.6:0.25000000") + 1);

        Assert.That(_counters.ChecksumMismatches, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_btc.Book.LevelCount(Side.Buy), Is.Zero);
        Assert.That(_sink.Stales, Has.Count.EqualTo(1));
        Assert.That(_sink.Stales[0].Reason, Is.EqualTo(StaleReason.ChecksumMismatch));
        Assert.That(_sink.Updates, Is.Empty);
        Assert.That(_snapshotsWanted, Is.EqualTo(1));

        Snapshot(seqId: 20);

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
        Assert.That(_sink.Snapshots[^1], Is.EqualTo(("BTC-USDT", true)));
    }

    [Test]
    public void UpdateWhosePrevSeqIdSkips_IsAGap_TheBookGoesStaleAndLaterUpdatesAreDropped()
    {
        Snapshot(seqId: 10);

        Update("""[["100.5","1.75","0","1"]]""", "[]", prevSeqId: 12, seqId: 13, Checksum("100.5:1.75:100.6:0.25000000:100.4:2"));
        Update("[]", "[]", prevSeqId: 13, seqId: 14, Checksum("100.5:1.75:100.6:0.25000000:100.4:2"));

        Assert.That(_counters.Gaps, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("BTC-USDT", StaleReason.SequenceGap, 12L, 10L) }));
        Assert.That(_counters.UpdatesDropped, Is.EqualTo(1));
        Assert.That(_sink.Updates, Is.Empty);
    }

    [Test]
    public void UpdatesWithoutSeqId_AsInOlderRecordings_AreCheckedByTheChecksumAlone()
    {
        Push("snapshot", Bids, Asks, Checksum("100.5:1.50:100.6:0.25000000:100.4:2"), sequence: string.Empty);
        Push("update", "[]", """[["100.7","3","0","1"]]""", Checksum("100.5:1.50:100.6:0.25000000:100.4:2:100.7:3"), sequence: string.Empty);

        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Checksums, Is.EqualTo(2));
        Assert.That(_counters.ChecksumMismatches, Is.Zero);
        Assert.That(_btc.LastSequence, Is.EqualTo(VenueFeed.NoSequence));
    }

    [TestCase("""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[["100.6","1""", BadInputKind.MalformedJson)]
    [TestCase("""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[["100.5","-1","0","1"]],"ts":"1","checksum":0,"prevSeqId":10,"seqId":11}]}""", BadInputKind.BadNumber)]
    [TestCase("""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[["abc","1","0","1"]],"ts":"1","checksum":0,"prevSeqId":10,"seqId":11}]}""", BadInputKind.BadNumber)]
    [TestCase("""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"ts":"1","checksum":0,"prevSeqId":10,"seqId":11}]}""", BadInputKind.MissingField)]
    public void UnusableUpdateForALiveBook_IsCounted_AndTheBookGoesStaleRatherThanWrong(string json, BadInputKind kind)
    {
        Snapshot(seqId: 10);

        Assert.DoesNotThrow(() => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 2));

        Assert.That(_counters.BadInput(kind), Is.EqualTo(1));
        Assert.That(_counters.BadInputTotal, Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("BTC-USDT", StaleReason.BadMessage, 0L, 0L) }));
        Assert.That(_sink.Updates, Is.Empty);

        Snapshot(seqId: 20);
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
    }

    [TestCase("not json at all", BadInputKind.MalformedJson)]
    [TestCase("[1,2,3]", BadInputKind.MalformedJson)]
    [TestCase("""{"arg":{"channel":"books","instId":"ETH-USDT"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1","checksum":0}]}""", BadInputKind.UnknownSymbol)]
    [TestCase("""{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"tradeId":"7","px":"x","sz":"1","side":"buy","ts":"1"}]}""", BadInputKind.BadNumber)]
    public void MessageThatNamesNoFollowedBook_IsCounted_AndTheBookStaysLiveAndUnchanged(string json, BadInputKind kind)
    {
        Snapshot(seqId: 10);

        Assert.DoesNotThrow(() => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 2));

        Assert.That(_counters.BadInput(kind), Is.EqualTo(1));
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_btc.Book.LevelCount(Side.Buy) + _btc.Book.LevelCount(Side.Sell), Is.EqualTo(3));
        Assert.That(_sink.Stales, Is.Empty);
    }

    [Test]
    public void SubscriptionAnswers_AreNotBadInput()
    {
        On("""{"event":"subscribe","arg":{"channel":"books","instId":"BTC-USDT"}}""");
        On("""{"event":"error","code":"60012","msg":"Invalid request"}""");

        Assert.That(_counters.BadInputTotal, Is.Zero);
        Assert.That(_counters.Messages, Is.EqualTo(2));
    }

    [Test]
    public void TradesAndTickers_ArePassedOn()
    {
        On("""{"arg":{"channel":"trades","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","tradeId":"130639474","px":"42219.9","sz":"0.12060306","side":"sell","ts":"1630048897897"}]}""");
        On("""{"arg":{"channel":"tickers","instId":"BTC-USDT"},"data":[{"instId":"BTC-USDT","bidPx":"100.5","bidSz":"1.5","askPx":"","askSz":"","ts":"1630048897897"}]}""");

        Assert.That(_sink.Trades, Is.EqualTo(new[] { new TradePrint(130639474, 422_199_000, 12_060_306, Side.Sell, 1630048897897_000_000, 1) }));
        Assert.That(_sink.Quotes, Has.Count.EqualTo(1));
        Assert.That((_sink.Quotes[0].BidPrice, _sink.Quotes[0].BidQuantity, _sink.Quotes[0].AskPrice), Is.EqualTo((1_005_000L, 150_000_000L, 0L)));
        Assert.That(_counters.BadInputTotal, Is.Zero);
    }

    [Test]
    public void SteadyStateUpdates_AllocateNothing()
    {
        Push("snapshot", Bids, Asks, Checksum("100.5:1.50:100.6:0.25000000:100.4:2"), sequence: string.Empty);
        byte[] update = Encoding.UTF8.GetBytes($$"""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[["100.5","1.50","0","1"]],"ts":"1652459225000","checksum":{{Checksum("100.5:1.50:100.6:0.25000000:100.4:2")}}}]}""");
        for (int i = 0; i < 1_000; i++)
        {
            _feed.OnMessage(update, 2);
        }

        _sink.KeepUpdates = false;
        long allocated = SteadyStateAllocation.LeastPerSlice(4, _ =>
        {
            for (int i = 0; i < 250; i++)
            {
                _feed.OnMessage(update, 2);
            }
        });
        Assert.That(_counters.ChecksumMismatches, Is.Zero);
        Assert.That(_btc.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.UpdateCount, Is.EqualTo(2_000));
        Assert.That(allocated, Is.Zero);
    }

    /// <summary>OKX's checksum of a checksum string, computed the way its documentation does (CRC32 as a signed int).</summary>
    private static int Checksum(string text) => unchecked((int)Crc32.Compute(Encoding.UTF8.GetBytes(text)));

    private void Snapshot(long seqId) =>
        Push("snapshot", Bids, Asks, Checksum("100.5:1.50:100.6:0.25000000:100.4:2"), $""","prevSeqId":-1,"seqId":{seqId}""");

    private void Update(string bids, string asks, long prevSeqId, long seqId, int checksum) =>
        Push("update", bids, asks, checksum, $""","prevSeqId":{prevSeqId},"seqId":{seqId}""");

    private void Push(string action, string bids, string asks, int checksum, string sequence) =>
        On($$"""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"{{action}}","data":[{"asks":{{asks}},"bids":{{bids}},"ts":"1652459225000","checksum":{{checksum}}{{sequence}}}]}""");

    private void On(string json) => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 1);
}
