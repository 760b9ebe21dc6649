using System.Text;
using Engine.Gateways.Venues.Checksums;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Kraken;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The Kraken v1 feed on hand-made messages: the checksum (computed here independently, from the strings as
/// written), resyncs, the book kept to the subscribed depth, republished levels, and bad input that must be counted
/// without a crash and without a wrong book passed on.
/// </summary>
[TestFixture]
public sealed class KrakenFeedTests
{
    private const string Asks = """[["5541.30000","2.50700000","1534614248.123678"],["5541.80000","0.33000000","1534614098.345543"],["5542.70000","0.64700000","1534614244.654432"]]""";
    private const string Bids = """[["5541.20000","1.52900000","1534614248.765567"],["5539.90000","0.30000000","1534614241.769870"],["5539.50000","5.17400000","1534614225.657754"]]""";

    private RecordingSink _sink = null!;
    private FeedCounters _counters = null!;
    private FeedInstrument _xbt = null!;
    private KrakenFeed _feed = null!;
    private int _snapshotsWanted;

    [SetUp]
    public void SetUp()
    {
        _sink = new RecordingSink();
        _counters = new FeedCounters();
        _xbt = new FeedInstrument("XBT/USD", instrumentId: 1, venueId: 3, priceScale: 5, quantityScale: 8);
        var instruments = new FeedInstruments();
        instruments.Add(_xbt);
        _snapshotsWanted = 0;
        _feed = new KrakenFeed(instruments, _sink, _counters) { SnapshotWanted = _ => _snapshotsWanted++ };
    }

    [Test]
    public void SnapshotThenUpdate_TheChecksumVerifies()
    {
        Snapshot();
        On($$"""[336,{"a":[["5541.30000","2.60000000","1534614248.456738"]],"c":"{{Checksum(["5541.30000", "2.60000000", "5541.80000", "0.33000000", "5542.70000", "0.64700000"], ["5541.20000", "1.52900000", "5539.90000", "0.30000000", "5539.50000", "5.17400000"])}}"},"book-10","XBT/USD"]""");

        Assert.That(_xbt.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.Snapshots, Is.EqualTo(new[] { ("XBT/USD", false) }));
        Assert.That(_counters.Checksums, Is.EqualTo(1));
        Assert.That(_counters.ChecksumMismatches, Is.Zero);
        Assert.That(_sink.Updates, Has.Count.EqualTo(1));
        Assert.That(_sink.Updates[0], Is.EqualTo(new[] { new LevelChange(Side.Sell, 554_130_000, 260_000_000) }));
    }

    [Test]
    public void UpdateInTwoObjects_WithARepublishedLevel_IsAppliedLikeAnyOther()
    {
        Snapshot();
        On($$"""[336,{"a":[["5541.80000","0.00000000","1534614335.345903"]]},{"b":[["5541.20000","1.00000000","1534614335.345903","r"]],"c":"{{Checksum(["5541.30000", "2.50700000", "5542.70000", "0.64700000"], ["5541.20000", "1.00000000", "5539.90000", "0.30000000", "5539.50000", "5.17400000"])}}"},"book-10","XBT/USD"]""");

        Assert.That(_counters.ChecksumMismatches, Is.Zero);
        Assert.That(_counters.Checksums, Is.EqualTo(1));
        Assert.That(_xbt.Book.LevelCount(Side.Sell), Is.EqualTo(2));
        Assert.That(_xbt.Book.TryGetLevel(Side.Buy, 0, out _, out long quantity) && quantity == 100_000_000, Is.True);
        Assert.That(_counters.BadInputTotal, Is.Zero);
    }

    [Test]
    public void UpdateWithACorruptedChecksum_MakesTheBookStale_AndTheNextSnapshotResyncsIt()
    {
        Snapshot();
        uint right = Checksum(["5541.30000", "2.60000000", "5541.80000", "0.33000000", "5542.70000", "0.64700000"], ["5541.20000", "1.52900000", "5539.90000", "0.30000000", "5539.50000", "5.17400000"]);
        On($$"""[336,{"a":[["5541.30000","2.60000000","1534614248.456738"]],"c":"{{right ^ 1}}"},"book-10","XBT/USD"]""");

        Assert.That(_counters.ChecksumMismatches, Is.EqualTo(1));
        Assert.That(_xbt.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("XBT/USD", StaleReason.ChecksumMismatch, 0L, 0L) }));
        Assert.That(_sink.Updates, Is.Empty);
        Assert.That(_snapshotsWanted, Is.EqualTo(1));

        Snapshot();

        Assert.That(_xbt.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
        Assert.That(_sink.Snapshots[^1], Is.EqualTo(("XBT/USD", true)));
    }

    [Test]
    public void LevelPushedBeyondTheSubscribedDepth_IsRemoved_AndTheSinkHearsItGo()
    {
        Snapshot("book-3");
        On($$"""[336,{"b":[["5541.25000","0.10000000","1534614300.000001"]],"c":"{{Checksum(["5541.30000", "2.50700000", "5541.80000", "0.33000000", "5542.70000", "0.64700000"], ["5541.25000", "0.10000000", "5541.20000", "1.52900000", "5539.90000", "0.30000000"])}}"},"book-3","XBT/USD"]""");

        Assert.That(_counters.ChecksumMismatches, Is.Zero);
        Assert.That(_xbt.Book.LevelCount(Side.Buy), Is.EqualTo(3));
        Assert.That(_xbt.Book.TryGetLevel(Side.Buy, 2, out long worst, out _) && worst == 553_990_000, Is.True);
        Assert.That(_sink.Updates[0], Is.EqualTo(new[] { new LevelChange(Side.Buy, 554_125_000, 10_000_000), new LevelChange(Side.Buy, 553_950_000, 0) }));
    }

    [Test]
    public void SessionEvents_AreNotBadInput()
    {
        On("""{"event":"heartbeat"}""");
        On("""{"connectionID":17843232920108168701,"event":"systemStatus","status":"online","version":"1.8.3"}""");
        On("""{"channelID":336,"channelName":"book-10","event":"subscriptionStatus","pair":"XBT/USD","status":"subscribed","subscription":{"depth":10,"name":"book"}}""");

        Assert.That(_counters.Messages, Is.EqualTo(3));
        Assert.That(_counters.BadInputTotal, Is.Zero);
    }

    [TestCase("""[336,{"a":[["5541.30000","-2.60000000","1534614248.456738"]],"c":"1"},"book-10","XBT/USD"]""", BadInputKind.BadNumber)]
    [TestCase("""[336,{"a":[["abc","2.60000000","1534614248.456738"]],"c":"1"},"book-10","XBT/USD"]""", BadInputKind.BadNumber)]
    [TestCase("""[336,{"a":[["5541.30000","2.60000000","1534614248.456738"]],"c":"-5"},"book-10","XBT/USD"]""", BadInputKind.BadNumber)]
    [TestCase("""[336,{"a":"none","c":"1"},"book-10","XBT/USD"]""", BadInputKind.MissingField)]
    public void UnusableUpdateForALiveBook_IsCounted_AndTheBookGoesStaleRatherThanWrong(string json, BadInputKind kind)
    {
        Snapshot();

        Assert.DoesNotThrow(() => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 2));

        Assert.That(_counters.BadInput(kind), Is.EqualTo(1));
        Assert.That(_counters.BadInputTotal, Is.EqualTo(1));
        Assert.That(_xbt.State, Is.EqualTo(BookState.Stale));
        Assert.That(_sink.Stales, Is.EqualTo(new[] { ("XBT/USD", StaleReason.BadMessage, 0L, 0L) }));
        Assert.That(_sink.Updates, Is.Empty);

        Snapshot();
        Assert.That(_xbt.State, Is.EqualTo(BookState.Live));
        Assert.That(_counters.Resyncs, Is.EqualTo(1));
    }

    [TestCase("""[336,{"a":[["5541.30000","2.6000""", BadInputKind.MalformedJson)]
    [TestCase("not json", BadInputKind.MalformedJson)]
    [TestCase("""[336,{"a":[],"c":"1"},"book-10","ETH/USD"]""", BadInputKind.UnknownSymbol)]
    [TestCase("""["x",{"a":[],"c":"1"},"book-10","XBT/USD"]""", BadInputKind.MissingField)]
    [TestCase("""[0,[["x","0.15850568","1534614057.321597","s","l",""]],"trade","XBT/USD"]""", BadInputKind.BadNumber)]
    public void MessageThatNamesNoFollowedBook_IsCounted_AndTheBookStaysLiveAndUnchanged(string json, BadInputKind kind)
    {
        Snapshot();

        Assert.DoesNotThrow(() => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 2));

        Assert.That(_counters.BadInput(kind), Is.EqualTo(1));
        Assert.That(_xbt.State, Is.EqualTo(BookState.Live));
        Assert.That(_xbt.Book.LevelCount(Side.Buy) + _xbt.Book.LevelCount(Side.Sell), Is.EqualTo(6));
        Assert.That(_sink.Stales, Is.Empty);
    }

    [Test]
    public void Trades_ArePassedOnWithTheTakersSide()
    {
        On("""[0,[["5541.20000","0.15850568","1534614057.321597","s","l",""],["5542.50000","0.40100000","1534614057.324998","b","l",""]],"trade","XBT/USD"]""");

        Assert.That(_sink.Trades, Is.EqualTo(new[]
        {
            new TradePrint(0, 554_120_000, 15_850_568, Side.Sell, 1534614057_321597000, 1),
            new TradePrint(0, 554_250_000, 40_100_000, Side.Buy, 1534614057_324998000, 1),
        }));
        Assert.That(_counters.Trades, Is.EqualTo(2));
    }

    [Test]
    public void SteadyStateUpdates_AllocateNothing()
    {
        Snapshot();
        byte[] update = Encoding.UTF8.GetBytes($$"""[336,{"a":[["5541.30000","2.50700000","1534614248.456738"]],"c":"{{Checksum(["5541.30000", "2.50700000", "5541.80000", "0.33000000", "5542.70000", "0.64700000"], ["5541.20000", "1.52900000", "5539.90000", "0.30000000", "5539.50000", "5.17400000"])}}"},"book-10","XBT/USD"]""");
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
        Assert.That(_xbt.State, Is.EqualTo(BookState.Live));
        Assert.That(_sink.UpdateCount, Is.EqualTo(2_000));
        Assert.That(allocated, Is.Zero);
    }

    /// <summary>Kraken's checksum as its documentation describes it: asks ascending, then bids descending, strings without '.' and leading zeros.</summary>
    private static uint Checksum(string[] asks, string[] bids)
    {
        var text = new StringBuilder();
        foreach (string value in asks.Concat(bids))
        {
            text.Append(value.Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0'));
        }

        return Crc32.Compute(Encoding.UTF8.GetBytes(text.ToString()));
    }

    private void Snapshot(string channel = "book-10") => On($$"""[336,{"as":{{Asks}},"bs":{{Bids}}},"{{channel}}","XBT/USD"]""");

    private void On(string json) => _feed.OnMessage(Encoding.UTF8.GetBytes(json), 1);
}
