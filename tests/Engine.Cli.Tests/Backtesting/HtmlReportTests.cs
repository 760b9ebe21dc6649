using System.Diagnostics;
using Engine.Cli.Backtesting.Reports;
using Engine.Cli.Backtesting.Reports.Html;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>
/// report.html: one self-contained file with every chart, written with the other report files, the same bytes for
/// the same report; opened in headless Chromium (Debian's package) every chart draws, and a screenshot is kept.
/// </summary>
[TestFixture]
public sealed class HtmlReportTests
{
    private static readonly string[] s_charts = ["equity", "drawdown", "price-btcusdt", "position-btcusdt", "price-ethusdt", "position-ethusdt", "pnl", "latency"];

    [Test]
    public void TheReportPage_IsWrittenWithTheOtherFiles_SelfContained_WithEveryChart()
    {
        using var folder = new TemporaryDirectory("html-report");
        ReportInput input = ReportFilesTests.Run();
        ReportWriter.WriteTo(BacktestReport.Compute(input), folder.Path, input, Charts(input));

        string html = File.ReadAllText(Path.Combine(folder.Path, HtmlReport.FileName));
        Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "report.json", "equity.csv", "trades.csv", "report.html" }));
        foreach (string chart in s_charts)
        {
            Assert.That(html, Does.Contain($"<figure data-chart=\"{chart}\">"), chart);
        }

        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<link").And.Not.Contain(" src="), "nothing is fetched from anywhere");
        Assert.That(html, Does.Contain("class=\"buy\"").And.Contain("class=\"sell\""), "fills are marked on the price");
        Assert.That(html, Does.Contain("Fills on bar data follow OHLC rules"), "the notes are shown");
    }

    [Test]
    public void TheSameReport_GivesTheSamePage()
    {
        using var first = new TemporaryDirectory("html-a");
        using var second = new TemporaryDirectory("html-b");
        ReportInput input = ReportFilesTests.Run();
        ReportWriter.WriteTo(BacktestReport.Compute(input), first.Path, input, Charts(input));
        ReportWriter.WriteTo(BacktestReport.Compute(ReportFilesTests.Run()), second.Path, ReportFilesTests.Run(), Charts(ReportFilesTests.Run()));

        Assert.That(File.ReadAllBytes(Path.Combine(second.Path, HtmlReport.FileName)), Is.EqualTo(File.ReadAllBytes(Path.Combine(first.Path, HtmlReport.FileName))));
    }

    [Test]
    public void InHeadlessChromium_EveryChartDraws_AndAScreenshotIsKept()
    {
        string chromium = Chromium.RequirePath();
        using var folder = new TemporaryDirectory("html-chromium");
        ReportInput input = ReportFilesTests.Run();
        ReportWriter.WriteTo(BacktestReport.Compute(input), folder.Path, input, Charts(input));
        string page = new Uri(Path.Combine(folder.Path, HtmlReport.FileName)).AbsoluteUri;

        string dom = Chromium.Run(chromium, "--dump-dom", page);
        string rendered = System.Text.RegularExpressions.Regex.Match(dom, "data-rendered=\"([^\"]*)\"").Groups[1].Value;
        Assert.That(rendered.Split(' ', StringSplitOptions.RemoveEmptyEntries), Is.EquivalentTo(s_charts.Select(c => c + "=drawn")), "the browser laid out every chart with something drawn in it");

        string screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "report-html.png");
        Chromium.Run(chromium, "--screenshot=" + screenshot, "--window-size=1100,3200", page);
        byte[] png = File.ReadAllBytes(screenshot);
        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
        Assert.That(png, Has.Length.GreaterThan(20_000), "a page with charts, not a blank one");
        TestContext.AddTestAttachment(screenshot, "report.html as headless Chromium renders it");
    }

    /// <summary>Chart series for <see cref="ReportFilesTests.Run"/>: prices around each fill, positions from the fills, latencies from 0.5 µs to 3 ms.</summary>
    private static ReportCharts Charts(ReportInput input)
    {
        var prices = new Dictionary<string, IReadOnlyList<ChartPoint>>(StringComparer.Ordinal);
        var positions = new Dictionary<string, IReadOnlyList<ChartPoint>>(StringComparer.Ordinal);
        foreach (IGrouping<string, ReportFill> fills in input.Fills.GroupBy(f => f.Instrument))
        {
            prices[fills.Key] = [.. fills.Select(f => new ChartPoint(f.TimeNanos, (double)f.Price))];
            decimal position = 0;
            positions[fills.Key] = [.. fills.Select(f => new ChartPoint(f.TimeNanos, (double)(position += f.SignedQuantity)))];
        }

        return new ReportCharts
        {
            Title = "momentum-taker on BTCUSDT and ETHUSDT",
            Prices = prices,
            Positions = positions,
            FillLatenciesNanos = [.. Enumerable.Range(0, input.Fills.Count).Select(i => 500L << (i % 13))],
            Notes = ["Fills on bar data follow OHLC rules: less realistic than fills against a recorded book."],
        };
    }
}
