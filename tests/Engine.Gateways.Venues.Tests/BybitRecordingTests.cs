using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The recorded Bybit v1 sessions of ../shared/data replay through the Bybit feed without a gap or a crossed book
/// (the data's README): BYBIT.ws.25.0 is the linear (USDT) shape, <c>data.order_book</c> rows with string ids and
/// cross_seq written as strings; BYBIT.ws.26.0 the inverse shape, <c>data</c> the rows, numeric ids and cross_seq, and
/// <c>transactTimeE6</c> in deltas. Every delta row fits the book (deletes and updates of levels it has, inserts of
/// levels it has not).
/// </summary>
[TestFixture]
public sealed class BybitRecordingTests
{
    [Test]
    public void LinearTranscript_ReplaysWithoutGapsOrCrossedBooksAndEveryBookEndsLive()
    {
        VerifyReport report = Run("BYBIT.ws.25.0");

        Assert.That(report.Counters.Snapshots, Is.EqualTo(8));
        Assert.That(report.Counters.DepthUpdates, Is.EqualTo(3_252));
        Assert.That(report.Counters.Trades, Is.EqualTo(101));
        Assert.That(report.Books, Has.Count.EqualTo(8));
        AssertClean(report);
    }

    [Test]
    public void InverseTranscript_ReplaysWithoutGapsOrCrossedBooksAndEveryBookEndsLive()
    {
        VerifyReport report = Run("BYBIT.ws.26.0");

        Assert.That(report.Counters.Snapshots, Is.EqualTo(2));
        Assert.That(report.Counters.DepthUpdates, Is.EqualTo(1_016));
        Assert.That(report.Counters.Trades, Is.EqualTo(150));
        Assert.That(report.Books.Select(b => b.Symbol), Is.EquivalentTo(new[] { "EOSUSD", "BTCUSD" }));
        AssertClean(report);
    }

    private static VerifyReport Run(string file)
    {
        string folder = SharedData.Folder("venues/cryptofeed");
        VerifyReport report = VenueVerifier.Run("bybit", [Path.Combine(folder, file)], TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());
        return report;
    }

    private static void AssertClean(VerifyReport report)
    {
        Assert.That(report.Counters.UpdatesDropped, Is.Zero);
        Assert.That(report.Counters.Gaps, Is.Zero);
        Assert.That(report.Counters.CrossedBooks, Is.Zero);
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.EngineBookMismatches, Is.Zero);
        Assert.That(report.Books.Select(b => b.State), Is.All.EqualTo("Live"));
        Assert.That(report.Ok, Is.True);
    }
}
