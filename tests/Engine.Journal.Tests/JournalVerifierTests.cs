using Engine.Journal.Verification;
using Engine.Journal.Writing;

namespace Engine.Journal.Tests;

/// <summary>What <see cref="JournalVerifier"/> reports about a journal's times.</summary>
[TestFixture]
public sealed class JournalVerifierTests
{
    [Test]
    public void Verify_VenueTimeRange_SpansOnlyTheRecordsThatCarryOne_AndEngineTimesAreFirstAndLast()
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options()))
        {
            // A deposit (no venue time), market data from two venues whose clocks disagree, a timer tick (no venue time).
            writer.Append(1, 305, 0, 1_000, [1]);
            writer.Append(2, 108, 900, 1_100, [2]);
            writer.Append(3, 108, 700, 1_200, [3]);
            writer.Append(4, 500, 0, 1_300, [4]);
            writer.Commit();
        }

        VerificationReport report = JournalVerifier.Verify(dir.Path);

        Assert.That(report.EarliestVenueTime, Is.EqualTo(700));
        Assert.That(report.LatestVenueTime, Is.EqualTo(900));
        Assert.That(report.VenueTimedRecords, Is.EqualTo(2));
        Assert.That(report.FirstEngineTime, Is.EqualTo(1_000));
        Assert.That(report.LastEngineTime, Is.EqualTo(1_300));
    }

    [Test]
    public void Verify_JournalWithoutVenueTimes_ReportsNoVenueTimeRange()
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options()))
        {
            writer.Append(1, 500, 0, 5_000, [1]);
            writer.Commit();
        }

        VerificationReport report = JournalVerifier.Verify(dir.Path);

        Assert.That(report.VenueTimedRecords, Is.Zero);
        Assert.That(report.EarliestVenueTime, Is.Zero);
        Assert.That(report.LatestVenueTime, Is.Zero);
    }
}
