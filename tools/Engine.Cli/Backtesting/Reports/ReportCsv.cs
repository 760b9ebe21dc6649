using System.Globalization;
using Engine.Cli.Auditing;

namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// equity.csv (<c>time,equity</c>, one row per sample) and trades.csv (one row per closed round trip, in closing
/// order). Times are ISO-8601 UTC with nine fraction digits, numbers in the invariant culture, lines end in <c>\n</c>;
/// no field needs quoting (instrument symbols hold no comma, which <see cref="WriteTrades"/> checks). Stateless.
/// </summary>
public static class ReportCsv
{
    public const string EquityFileName = "equity.csv";

    public const string TradesFileName = "trades.csv";

    public const string EquityHeader = "time,equity";

    /// <summary>trades.csv's columns; docs/BACKTEST-REPORTS.md describes each.</summary>
    public const string TradesHeader = "instrument,side,openTime,closeTime,quantity,entryPrice,exitPrice,fills,fees,realisedPnl,netPnl";

    public static void WriteEquity(BacktestReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(EquityHeader + "\n");
        foreach (EquitySample sample in report.Equity)
        {
            output.Write(AuditTime.Iso(sample.TimeNanos));
            output.Write(',');
            output.Write(sample.Equity.ToString(CultureInfo.InvariantCulture));
            output.Write('\n');
        }
    }

    public static void WriteTrades(BacktestReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(TradesHeader + "\n");
        foreach (RoundTrip trip in report.RoundTrips)
        {
            if (trip.Instrument.Contains(',', StringComparison.Ordinal) || trip.Instrument.Contains('\n', StringComparison.Ordinal))
            {
                throw new ArgumentException($"instrument '{trip.Instrument}' cannot be a CSV field: it holds a comma or a line break", nameof(report));
            }

            output.Write(string.Join(
                ',',
                trip.Instrument,
                trip.Side == FillSide.Buy ? "long" : "short",
                AuditTime.Iso(trip.OpenTimeNanos),
                AuditTime.Iso(trip.CloseTimeNanos),
                Invariant(trip.Quantity),
                Invariant(trip.EntryPrice),
                Invariant(trip.ExitPrice),
                trip.Fills.ToString(CultureInfo.InvariantCulture),
                Invariant(trip.Fees),
                Invariant(trip.RealisedPnl),
                Invariant(trip.NetPnl)));
            output.Write('\n');
        }
    }

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
