using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The recorded Deribit session of ../shared/data (raw books and tickers of ten options; no trade was printed while
/// it ran) replays through the Deribit feed with the change_id chain unbroken and no crossed book (the data's README).
/// </summary>
[TestFixture]
public sealed class DeribitRecordingTests
{
    [Test]
    public void CryptofeedTranscript_ChangeIdChainHoldsAndEveryBookEndsLive()
    {
        string folder = SharedData.Folder("venues/cryptofeed");
        VerifyReport report = VenueVerifier.Run("deribit", [Path.Combine(folder, "DERIBIT.ws.1.0")], TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());

        Assert.That(report.Counters.Snapshots, Is.EqualTo(10));
        Assert.That(report.Counters.DepthUpdates, Is.EqualTo(36));
        Assert.That(report.Counters.LevelsApplied, Is.EqualTo(41));
        Assert.That(report.Counters.UpdatesDropped, Is.Zero);
        Assert.That(report.Counters.Gaps, Is.Zero);
        Assert.That(report.Counters.CrossedBooks, Is.Zero);
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.EngineBookMismatches, Is.Zero);
        Assert.That(report.Books, Has.Count.EqualTo(10));
        Assert.That(report.Books.Select(b => b.State), Is.All.EqualTo("Live"));
        Assert.That(report.Ok, Is.True);
    }
}
