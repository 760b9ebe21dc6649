using System.Globalization;
using System.Text;

namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>The figures of report.json as an HTML table: one row per key (named as in report.json), the run and then each instrument as columns.</summary>
public static class MetricsTable
{
    private static readonly (string Key, Func<ReportMetrics, string> Value)[] s_rows =
    [
        ("totalReturn", m => Percent((double)m.TotalReturn)),
        ("sharpe", m => Ratio(m.Sharpe)),
        ("sortino", m => Ratio(m.Sortino)),
        ("calmar", m => Ratio(m.Calmar)),
        ("maxDrawdown", m => Percent((double)m.MaxDrawdown)),
        ("maxDrawdownDuration", m => Duration(m.MaxDrawdownDurationSeconds)),
        ("volatility", m => m.Volatility is { } v ? Percent(v) : "n/a"),
        ("winRate", m => m.WinRate is { } w ? Percent(w) : "n/a"),
        ("profitFactor", m => m.ProfitFactor is { } p ? p.ToString("0.###", CultureInfo.InvariantCulture) : "n/a"),
        ("roundTrips", m => m.RoundTrips.ToString("N0", CultureInfo.InvariantCulture)),
        ("orders", m => m.Orders.ToString("N0", CultureInfo.InvariantCulture)),
        ("fills", m => m.Fills.ToString("N0", CultureInfo.InvariantCulture)),
        ("makerShare", m => m.MakerShare is { } s ? Percent(s) : "n/a"),
        ("fees", m => Money(m.Fees)),
        ("funding", m => Money(m.Funding)),
        ("turnover", m => m.Turnover is { } t ? t.ToString("0.##", CultureInfo.InvariantCulture) + "×" : "n/a"),
        ("exposureTime", m => m.ExposureTime is { } e ? Percent(e) : "n/a"),
    ];

    public static string Render(BacktestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        KeyValuePair<string, ReportMetrics>[] instruments = [.. report.Instruments.OrderBy(pair => pair.Key, StringComparer.Ordinal)];
        var html = new StringBuilder("<table class=\"metrics\"><thead><tr><th>figure</th><th>run</th>");
        foreach ((string instrument, _) in instruments)
        {
            html.Append("<th>").Append(SvgTimePlot.Escape(instrument)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach ((string key, Func<ReportMetrics, string> value) in s_rows)
        {
            html.Append("<tr><th>").Append(key).Append("</th><td>").Append(value(report.Run)).Append("</td>");
            foreach ((_, ReportMetrics metrics) in instruments)
            {
                html.Append("<td>").Append(value(metrics)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    private static string Percent(double fraction) => (fraction * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    private static string Money(decimal value) => value.ToString("N2", CultureInfo.InvariantCulture);

    private static string Duration(decimal seconds)
    {
        var span = TimeSpan.FromSeconds((double)seconds);
        return span.TotalDays >= 1 ? span.ToString(@"d\d\ hh\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }
}
