using Engine.Cli.Auditing;
using Engine.Host;
using Engine.Journal.Verification;

namespace Engine.Cli.Commands;

/// <summary>
/// The time lines of <c>engine journal stats</c>: the engine-time range (first and last record) and the venue-time
/// range over the records that carry a venue time (market data; every other input stores 0, which is "none"), each
/// in ISO-8601 UTC and labelled with its clock as the journal's origin names it (<see cref="JournalOrigin"/>: a live
/// engine's wall clock, a backtest's simulated clock, an import's exchange time).
/// </summary>
public static class JournalTimeRanges
{
    public static void Write(TextWriter output, VerificationReport report, string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(report);
        JournalOrigin origin;
        try
        {
            origin = JournalOrigin.Read(journalDirectory);
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException(e.Message);
        }

        output.WriteLine($"engine time: {AuditTime.Iso(report.FirstEngineTime)} .. {AuditTime.Iso(report.LastEngineTime)} ({origin.EngineClock})");
        output.WriteLine(report.VenueTimedRecords == 0
            ? "venue time: none (no record carries one: only market data does)"
            : $"venue time: {AuditTime.Iso(report.EarliestVenueTime)} .. {AuditTime.Iso(report.LatestVenueTime)} over {report.VenueTimedRecords} records ({origin.ExchangeClock})");
    }
}
