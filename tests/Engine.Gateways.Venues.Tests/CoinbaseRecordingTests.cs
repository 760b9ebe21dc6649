using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The recorded Coinbase Pro session of ../shared/data (legacy level2, ticker and matches of ten products) replays
/// through the Coinbase feed without a gap or a crossed book (the data's README), every book ending live and equal to
/// the engine's.
/// </summary>
[TestFixture]
public sealed class CoinbaseRecordingTests
{
    [Test]
    public void CryptofeedTranscript_ReplaysWithoutGapsOrCrossedBooksAndEveryBookEndsLive()
    {
        string folder = SharedData.Folder("venues/cryptofeed");
        VerifyReport report = VenueVerifier.Run("coinbase", [Path.Combine(folder, "COINBASE.ws.28.0")], TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());

        Assert.That(report.Counters.Snapshots, Is.EqualTo(10));
        Assert.That(report.Counters.DepthUpdates, Is.EqualTo(9_719));
        Assert.That(report.Counters.LevelsApplied, Is.EqualTo(9_719));
        Assert.That(report.Counters.UpdatesDropped, Is.Zero);
        Assert.That(report.Counters.Trades, Is.EqualTo(107), "97 matches and the 10 last_match of the subscription");
        Assert.That(report.Counters.DuplicatesDropped, Is.Zero);
        Assert.That(report.Counters.Gaps, Is.Zero);
        Assert.That(report.Counters.CrossedBooks, Is.Zero);
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.EngineBookMismatches, Is.Zero);
        Assert.That(report.Books, Has.Count.EqualTo(10));
        Assert.That(report.Books.Select(b => b.State), Is.All.EqualTo("Live"));
        Assert.That(report.Ok, Is.True);
    }
}
