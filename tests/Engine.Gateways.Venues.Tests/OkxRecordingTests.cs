using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The recorded OKX session of ../shared/data (books, trades and tickers of BTC-USD-220527, UNI-USD-SWAP and
/// BTC-USDT, in the format from before OKX added seqId) replays through the OKX feed with every book checksum equal
/// (the data's README: all 290 verify).
/// </summary>
[TestFixture]
public sealed class OkxRecordingTests
{
    [Test]
    public void CryptofeedTranscript_EveryChecksumVerifiesAndEveryBookEndsLive()
    {
        string folder = SharedData.Folder("venues/cryptofeed");
        VerifyReport report = VenueVerifier.Run("okx", [Path.Combine(folder, "OKX.ws.1.0")], TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());

        Assert.That(report.Counters.Snapshots, Is.EqualTo(3));
        Assert.That(report.Counters.DepthUpdates, Is.EqualTo(287));
        Assert.That(report.Counters.Checksums, Is.EqualTo(290));
        Assert.That(report.Counters.ChecksumMismatches, Is.Zero);
        Assert.That(report.Counters.Gaps, Is.Zero);
        Assert.That(report.Counters.CrossedBooks, Is.Zero);
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.Counters.Trades, Is.GreaterThanOrEqualTo(74));
        Assert.That(report.EngineBookMismatches, Is.Zero);
        Assert.That(report.Books.Select(b => b.Symbol), Is.EquivalentTo(new[] { "BTC-USD-220527", "UNI-USD-SWAP", "BTC-USDT" }));
        Assert.That(report.Books.Select(b => b.State), Is.All.EqualTo("Live"));
        Assert.That(report.Ok, Is.True);
    }
}
