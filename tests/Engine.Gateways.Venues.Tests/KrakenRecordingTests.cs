using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The recorded Kraken v1 sessions of ../shared/data replay through the Kraken feed: the <c>book-1000</c> session of
/// ten pairs with every checksum equal (the data's README: all 4,269 verify), and the <c>trade</c> session.
/// </summary>
[TestFixture]
public sealed class KrakenRecordingTests
{
    [Test]
    public void BookTranscript_EveryChecksumVerifiesAndEveryBookEndsLive()
    {
        string folder = SharedData.Folder("venues/cryptofeed");
        VerifyReport report = VenueVerifier.Run("kraken", [Path.Combine(folder, "KRAKEN.ws.50.0")], TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());

        Assert.That(report.Counters.Snapshots, Is.EqualTo(10));
        Assert.That(report.Counters.Checksums, Is.EqualTo(4_269));
        Assert.That(report.Counters.ChecksumMismatches, Is.Zero);
        Assert.That(report.Counters.DepthUpdates, Is.EqualTo(4_269));
        Assert.That(report.Counters.Gaps, Is.Zero);
        Assert.That(report.Counters.CrossedBooks, Is.Zero);
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.EngineBookMismatches, Is.Zero);
        Assert.That(report.Books, Has.Count.EqualTo(10));
        Assert.That(report.Books.Select(b => b.State), Is.All.EqualTo("Live"));
        Assert.That(report.Ok, Is.True);
    }

    [Test]
    public void TradeTranscript_EveryTradeIsPassedOnWithoutBadInput()
    {
        string folder = SharedData.Folder("venues/cryptofeed");
        VerifyReport report = VenueVerifier.Run("kraken", [Path.Combine(folder, "KRAKEN.ws.48.0")], TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());

        Assert.That(report.Counters.Trades, Is.EqualTo(10));
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.Ok, Is.True);
    }
}
