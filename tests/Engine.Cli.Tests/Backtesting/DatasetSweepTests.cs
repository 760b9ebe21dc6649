using System.Text.RegularExpressions;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>
/// The quant's whole loop on real data: a dataset backtest's report.html draws every chart in headless Chromium; a
/// sweep run in parallel processes gives, for each grid point, the very report.json the same backtest gives alone;
/// the momentum taker and a strategy from a user's own assembly backtest on the dataset like the engine's samples.
/// </summary>
[TestFixture]
public sealed class DatasetSweepTests
{
    private TemporaryDirectory _temp = null!;
    private string _dataset = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _temp = new TemporaryDirectory("engine-dataset-sweep");
        _dataset = BacktestRuns.ImportUsdm(_temp.Path);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _temp.Dispose();

    [Test]
    public void ASweepInParallel_GivesEachRunTheReportOfTheSameBacktestAlone()
    {
        string sweep = Path.Combine(_temp.Path, "sweep");
        EngineRun run = EngineProcess.Run("backtest", "sweep", "--data", _dataset, "--strategy", "market-maker", "--param", "quoteSize=0.01", "--param", "skewTicksPerQuote=1",
            "--param", "maxPosition=0.05", "--grid", "halfSpreadTicks=3..5:2", "--grid", "requoteTicks=3,6", "--parallel", "2", "--report", sweep, "--sort", "totalReturn");
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        string[] rows = File.ReadAllLines(Path.Combine(sweep, "results.csv"));
        Assert.That(rows, Has.Length.EqualTo(5));
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[3]), Is.All.EqualTo("ok"));
        Assert.That(File.ReadAllText(Path.Combine(sweep, "heatmap.html")), Does.Contain("halfSpreadTicks ↓ × requoteTicks →").Or.Contain("requoteTicks ↓ × halfSpreadTicks →"));

        // Run 3 is halfSpreadTicks=5 requoteTicks=3: the same backtest on its own.
        string alone = Path.Combine(_temp.Path, "alone-report");
        EngineRun single = BacktestRuns.Backtest(_dataset, Path.Combine(_temp.Path, "alone"), "--strategy", "market-maker", "--param", "quoteSize=0.01", "--param", "skewTicksPerQuote=1",
            "--param", "maxPosition=0.05", "--param", "halfSpreadTicks=5", "--param", "requoteTicks=3", "--report", alone);
        Assert.That(single.ExitCode, Is.Zero, single.StandardOutput + single.StandardError);
        Assert.That(File.ReadAllBytes(Path.Combine(sweep, "runs", "0003", "report", "report.json")), Is.EqualTo(File.ReadAllBytes(Path.Combine(alone, "report.json"))));
    }

    [Test]
    public void TheMomentumTaker_AndAUserAssemblysStrategy_BacktestOnTheDataset()
    {
        EngineRun momentum = BacktestRuns.Backtest(_dataset, Path.Combine(_temp.Path, "momentum"), "--strategy", "momentum-taker", "--param", "tradeSize=0.01", "--param", "maxPosition=0.03",
            "--param", "thresholdTicks=3", "--param", "lookbackMillis=500", "--report", Path.Combine(_temp.Path, "momentum-report"));
        Assert.That(momentum.ExitCode, Is.Zero, momentum.StandardOutput + momentum.StandardError);
        Assert.That(Regex.Match(momentum.StandardOutput, @"fills (\d+) \(maker (\d+)\)").Groups.Values.Skip(1).Select(g => g.Value), Is.Not.EqualTo(new[] { "0", "0" }), "it trades");
        Assert.That(momentum.StandardOutput, Does.Match(@"fills [1-9][\d,]* \(maker 0\)"), "a taker: every fill takes liquidity");

        string assembly = Path.Combine(TestContext.CurrentContext.TestDirectory, "user-strategies", "MyStrategies.dll");
        EngineRun user = BacktestRuns.Backtest(_dataset, Path.Combine(_temp.Path, "user"), "--strategy-assembly", assembly, "--strategy", "interval-buyer",
            "--param", "quantity=0.01", "--param", "intervalMillis=30000", "--param", "maxPosition=0.05");
        Assert.That(user.ExitCode, Is.Zero, user.StandardOutput + user.StandardError);
        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(_temp.Path, "user", "journal"));
        Assert.That(replay.StandardOutput, Does.Contain("StateHash: " + BacktestRuns.StateHashOf(user)), replay.StandardError);

        EngineRun unknown = BacktestRuns.Backtest(_dataset, Path.Combine(_temp.Path, "unknown"), "--strategy", "interval-buyer", "--param", "quantity=0.01");
        Assert.That(unknown.ExitCode, Is.EqualTo(2));
        Assert.That(unknown.StandardError, Does.Contain("--strategy interval-buyer: no such strategy (registered: market-maker, momentum-taker)"));
    }

    [Test]
    public void ADatasetBacktestsReportPage_DrawsEveryChart_InHeadlessChromium()
    {
        string chromium = Chromium.RequirePath();
        string report = Path.Combine(_temp.Path, "html-report");
        EngineRun run = BacktestRuns.Backtest(_dataset, Path.Combine(_temp.Path, "html"), [.. BacktestRuns.MarketMaker, "--report", report, "--sample-seconds", "5"]);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);

        string page = new Uri(Path.Combine(report, "report.html")).AbsoluteUri;
        string dom = Chromium.Run(chromium, "--dump-dom", page);
        string rendered = Regex.Match(dom, "data-rendered=\"([^\"]*)\"").Groups[1].Value;
        Assert.That(rendered.Split(' '), Is.EquivalentTo(new[] { "equity=drawn", "drawdown=drawn", "price-btc-usdt-perp=drawn", "position-btc-usdt-perp=drawn", "pnl=drawn", "latency=drawn" }));
        string screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dataset-report-html.png");
        Chromium.Run(chromium, "--screenshot=" + screenshot, "--window-size=1100,3000", page);
        TestContext.AddTestAttachment(screenshot, "a dataset backtest's report.html in headless Chromium");
    }
}
