using System.Globalization;
using System.Text;
using Engine.Cli.Auditing;

namespace Engine.Cli.Backtesting.Reports.Html;

/// <summary>
/// report.html: one self-contained page (inline CSS, SVG and one small script; no font, image, stylesheet or library
/// fetched from anywhere, so it opens from a file without network access) with the run's figures and its charts: equity, drawdown, each instrument's price with
/// the fills marked and its position, P&amp;L by instrument, and the fill latency histogram. Charts are drawn here, at
/// report time, as SVG, so the page needs no chart library. A small inline script only records, for the render
/// check, that every chart has drawn something. The same report gives the same bytes.
/// </summary>
public static class HtmlReport
{
    public const string FileName = "report.html";

    public static void Write(BacktestReport report, ReportInput input, ReportCharts charts, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(charts);
        ArgumentNullException.ThrowIfNull(output);
        long from = report.Equity[0].TimeNanos;
        long to = report.Equity[^1].TimeNanos;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(SvgTimePlot.Escape(charts.Title)).Append("</title><style>")
            .Append(Style).Append("</style></head><body><header><h1>").Append(SvgTimePlot.Escape(charts.Title)).Append("</h1><p>")
            .Append(AuditTime.Iso(from)).Append(" → ").Append(AuditTime.Iso(to)).Append(" · StateHash <code>").Append(SvgTimePlot.Escape(report.Run.StateHash))
            .Append("</code></p>");
        foreach (string note in charts.Notes)
        {
            page.Append("<p class=\"note\">").Append(SvgTimePlot.Escape(note)).Append("</p>");
        }

        page.Append("</header><section><h2>Figures</h2>").Append(MetricsTable.Render(report)).Append("</section>");
        AppendEquityAndDrawdown(page, report, from, to);
        foreach (string instrument in Instruments(input, charts))
        {
            AppendInstrument(page, instrument, input, charts, from, to);
        }

        Figure(page, "pnl", "P&L by instrument (net of fees, with funding; at the end of the run)", SvgBars.Render(PnlBars(input), "P&L by instrument"));
        IReadOnlyList<(string Label, double Value, string Tooltip)> latency = LatencyBuckets.Of(charts.FillLatenciesNanos);
        Figure(page, "latency", $"Fill latency, order sent to fill ({charts.FillLatenciesNanos.Count.ToString("N0", CultureInfo.InvariantCulture)} fills)",
            latency.Count == 0 ? Empty("no fills") : SvgBars.Render(latency, "fill latency histogram"));
        page.Append("<footer>How each figure is computed (sampling, annualisation over 365 days, risk-free rate): docs/BACKTEST-REPORTS.md. ")
            .Append("Charts are sampled to the page's width keeping each interval's extremes.</footer><script>").Append(RenderCheck).Append("</script></body></html>\n");
        output.Write(page.ToString());
    }

    private static void AppendEquityAndDrawdown(StringBuilder page, BacktestReport report, long from, long to)
    {
        var equity = new List<ChartPoint>(report.Equity.Count);
        var drawdown = new List<ChartPoint>(report.Equity.Count);
        decimal peak = decimal.MinValue;
        foreach (EquitySample sample in report.Equity)
        {
            peak = Math.Max(peak, sample.Equity);
            equity.Add(new ChartPoint(sample.TimeNanos, (double)sample.Equity));
            drawdown.Add(new ChartPoint(sample.TimeNanos, peak <= 0 ? 0 : (double)((sample.Equity - peak) / peak * 100)));
        }

        Figure(page, "equity", "Equity", new SvgTimePlot(from, to, "equity").Line(equity, "equity", name: "equity").Render());
        Figure(page, "drawdown", "Drawdown from the running peak (%)", new SvgTimePlot(from, to, "drawdown", height: 160).Area(drawdown, "drawdown", "drawdown %").Render());
    }

    private static void AppendInstrument(StringBuilder page, string instrument, ReportInput input, ReportCharts charts, long from, long to)
    {
        string id = "price-" + Slug(instrument);
        var plot = new SvgTimePlot(from, to, instrument + " price and fills");
        if (charts.Prices.TryGetValue(instrument, out IReadOnlyList<ChartPoint>? prices))
        {
            plot.Line(prices, "price", name: instrument + " price");
        }

        (long, double, bool, string)[] markers = [.. input.Fills.Where(f => f.Instrument == instrument).Select(f => (f.TimeNanos, (double)f.Price, f.Side == FillSide.Buy,
            string.Create(CultureInfo.InvariantCulture, $"{AuditTime.Iso(f.TimeNanos)} {(f.Side == FillSide.Buy ? "buy" : "sell")} {f.Quantity} @ {f.Price} ({(f.IsMaker ? "maker" : "taker")}, fee {f.Fee})")))];
        plot.Markers(markers);
        Figure(page, id, instrument + ": price, buys ▲ and sells ▼", prices is null && markers.Length == 0 ? Empty("no price or fill") : plot.Render());
        if (charts.Positions.TryGetValue(instrument, out IReadOnlyList<ChartPoint>? position))
        {
            Figure(page, "position-" + Slug(instrument), instrument + ": position", new SvgTimePlot(from, to, instrument + " position", height: 160).Include(0).Line(position, "position", step: true, name: "position").Render());
        }
    }

    private static IReadOnlyList<(string Label, double Value, string Tooltip)> PnlBars(ReportInput input) =>
        [.. input.InstrumentPnl.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair =>
        {
            decimal last = pair.Value.Count == 0 ? 0 : pair.Value[^1];
            return (pair.Key, (double)last, string.Create(CultureInfo.InvariantCulture, $"{pair.Key}: {last:N2}"));
        })];

    private static IEnumerable<string> Instruments(ReportInput input, ReportCharts charts) =>
        input.InstrumentPnl.Keys.Concat(charts.Prices.Keys).Concat(input.Fills.Select(f => f.Instrument)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private static void Figure(StringBuilder page, string id, string caption, string svg) =>
        page.Append("<figure data-chart=\"").Append(id).Append("\"><figcaption>").Append(SvgTimePlot.Escape(caption)).Append("</figcaption>").Append(svg).Append("</figure>");

    private static string Empty(string why) =>
        "<svg class=\"plot\" viewBox=\"0 0 960 60\"><text class=\"series empty\" x=\"480\" y=\"34\" text-anchor=\"middle\">" + why + "</text></svg>";

    private static string Slug(string name) => new([.. name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-')]);

    private const string Style =
        "body{font:14px/1.4 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#1d2330;background:#fff}" +
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}code{font-size:13px}" +
        ".note{background:#fff4d6;border-left:4px solid #e0a800;padding:6px 10px}" +
        "table.metrics{border-collapse:collapse;font-variant-numeric:tabular-nums}table.metrics th,table.metrics td{padding:3px 10px;border-bottom:1px solid #e4e7ee;text-align:right}" +
        "table.metrics tbody th{text-align:left;font-weight:500;font-family:ui-monospace,monospace}" +
        "figure{margin:18px 0}figcaption{font-weight:600;margin-bottom:4px}svg.plot{width:100%;height:auto;display:block}" +
        ".axis text,.bar-label{font-size:11px;fill:#5b6475}.grid{stroke:#eef0f4}.frame{fill:none;stroke:#c9ced8}.zero{stroke:#8a93a5}" +
        ".equity{stroke:#2456c8;stroke-width:1.6}.price{stroke:#6b7280;stroke-width:1.2}.position{stroke:#7a3db8;stroke-width:1.5}" +
        ".drawdown{fill:#e5484d33;stroke:#e5484d;stroke-width:1}.buy{fill:#138a36}.sell{fill:#d1242f}" +
        ".positive{fill:#2f7d4f}.negative{fill:#c2362b}.empty{font-size:13px;fill:#8a93a5}footer{margin-top:28px;color:#5b6475;font-size:12px}";

    /// <summary>Records on the body, for the render check, whether each chart drew something with a size (the page works without it).</summary>
    private const string RenderCheck =
        "addEventListener('load',function(){var r=[];document.querySelectorAll('figure[data-chart]').forEach(function(f){var ok=false;" +
        "f.querySelectorAll('.series').forEach(function(e){var b=e.getBBox();if(b.width>0||b.height>0)ok=true;});r.push(f.dataset.chart+'='+(ok?'drawn':'blank'));});" +
        "document.body.setAttribute('data-rendered',r.join(' '));});";
}
