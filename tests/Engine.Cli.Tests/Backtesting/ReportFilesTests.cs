using System.Globalization;
using System.Text.Json;
using Engine.Cli.Backtesting.Reports;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>report.json, equity.csv and trades.csv as written into a folder: bytes, agreement, and nothing half-written.</summary>
[TestFixture]
public sealed class ReportFilesTests
{
    private const long M = ReportSeries.Minute;

    /// <summary>A two-hour run on a seeded random walk with round trips on two instruments.</summary>
    internal static ReportInput Run()
    {
        var random = new Random(19);
        decimal[] equity = new decimal[121];
        decimal[] btc = new decimal[121];
        decimal[] eth = new decimal[121];
        equity[0] = 10_000m;
        for (int i = 1; i < equity.Length; i++)
        {
            btc[i] = btc[i - 1] + (random.Next(-300, 301) / 100m);
            eth[i] = eth[i - 1] + (random.Next(-100, 101) / 100m);
            equity[i] = 10_000m + btc[i] + eth[i];
        }

        var fills = new List<ReportFill>();
        for (int i = 0; i < 20; i++)
        {
            string instrument = i % 2 == 0 ? "BTCUSDT" : "ETHUSDT";
            decimal price = 100m + random.Next(0, 1_000) / 10m;
            decimal exit = price + (random.Next(-50, 51) / 10m);
            FillSide side = i % 3 == 0 ? FillSide.Sell : FillSide.Buy;
            FillSide back = side == FillSide.Buy ? FillSide.Sell : FillSide.Buy;
            decimal realised = side == FillSide.Buy ? exit - price : price - exit;
            fills.Add(ReportSeries.Fill(i * 5 * M, instrument, side, price, 1m, 0.01m, maker: i % 4 == 0));
            fills.Add(ReportSeries.Fill(((i * 5) + 3) * M, instrument, back, exit, 1m, 0.01m, maker: i % 5 == 0, realised: realised));
        }

        return new ReportInput
        {
            Equity = ReportSeries.Curve(M, equity),
            InstrumentPnl = new Dictionary<string, IReadOnlyList<decimal>> { ["ETHUSDT"] = eth, ["BTCUSDT"] = btc },
            InitialCapital = 10_000m,
            Fills = fills,
            Funding = [new FundingPayment(ReportSeries.Start + (60 * M), "BTCUSDT", -1.25m)],
            Orders = new Dictionary<string, long> { ["ETHUSDT"] = 25, ["BTCUSDT"] = 30 },
            StateHash = "0123456789abcdef",
        };
    }

    [Test]
    public void The_same_input_twice_gives_byte_identical_files()
    {
        using var first = new TemporaryDirectory("report-a");
        using var second = new TemporaryDirectory("report-b");
        ReportWriter.WriteTo(BacktestReport.Compute(Run()), first.Path);
        ReportWriter.WriteTo(BacktestReport.Compute(Run()), second.Path);
        foreach (string name in new[] { ReportJson.FileName, ReportCsv.EquityFileName, ReportCsv.TradesFileName })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(second.Path, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(first.Path, name))), name);
        }
    }

    [Test]
    public void Report_json_holds_the_issues_keys_at_the_top_and_per_instrument_in_a_fixed_order()
    {
        using var folder = new TemporaryDirectory("report-keys");
        ReportWriter.WriteTo(BacktestReport.Compute(Run()), folder.Path);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder.Path, ReportJson.FileName)));
        string[] keys =
        [
            "totalReturn", "sharpe", "sortino", "calmar", "maxDrawdown", "maxDrawdownDuration", "volatility", "winRate", "profitFactor",
            "orders", "fills", "makerShare", "fees", "funding", "turnover", "exposureTime", "stateHash",
        ];
        JsonElement root = document.RootElement;
        JsonElement instruments = root.GetProperty("instruments");
        Assert.That(instruments.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "BTCUSDT", "ETHUSDT" }));
        foreach (JsonElement scope in new[] { root, instruments.GetProperty("BTCUSDT"), instruments.GetProperty("ETHUSDT") })
        {
            string[] names = [.. scope.EnumerateObject().Select(p => p.Name)];
            Assert.That(names, Is.SupersetOf(keys));
            Assert.That(names.Where(keys.Contains), Is.EqualTo(keys), "the issue's keys in its order");
        }

        Assert.That(root.GetProperty("stateHash").GetString(), Is.EqualTo("0123456789abcdef"));
        Assert.That(root.GetProperty("orders").GetInt64(), Is.EqualTo(55));
        Assert.That(root.GetProperty("funding").GetDecimal(), Is.EqualTo(-1.25m));
    }

    [Test]
    public void Total_return_max_drawdown_and_win_rate_recomputed_from_the_csv_files_equal_report_json()
    {
        using var folder = new TemporaryDirectory("report-recompute");
        ReportWriter.WriteTo(BacktestReport.Compute(Run()), folder.Path);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder.Path, ReportJson.FileName)));
        JsonElement root = document.RootElement;

        string[] equityLines = File.ReadAllLines(Path.Combine(folder.Path, ReportCsv.EquityFileName));
        Assert.That(equityLines[0], Is.EqualTo("time,equity"));
        decimal[] equity = [.. equityLines.Skip(1).Select(line => decimal.Parse(line.Split(',')[1], CultureInfo.InvariantCulture))];
        Assert.That(equity, Has.Length.EqualTo(121));
        Assert.That(DateTimeOffset.Parse(equityLines[1].Split(',')[0], CultureInfo.InvariantCulture), Is.EqualTo(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        decimal peak = equity[0];
        decimal deepest = 0;
        foreach (decimal value in equity)
        {
            peak = Math.Max(peak, value);
            deepest = Math.Max(deepest, (peak - value) / peak);
        }

        Assert.That(root.GetProperty("totalReturn").GetDecimal(), Is.EqualTo((equity[^1] / equity[0]) - 1));
        Assert.That(root.GetProperty("maxDrawdown").GetDecimal(), Is.EqualTo(deepest));
        Assert.That(deepest, Is.GreaterThan(0m), "the walk has a drawdown to compare");

        string[] tradeLines = File.ReadAllLines(Path.Combine(folder.Path, ReportCsv.TradesFileName));
        Assert.That(tradeLines[0], Is.EqualTo(ReportCsv.TradesHeader));
        int netColumn = Array.IndexOf(tradeLines[0].Split(','), "netPnl");
        decimal[] net = [.. tradeLines.Skip(1).Select(line => decimal.Parse(line.Split(',')[netColumn], CultureInfo.InvariantCulture))];
        Assert.That(net, Has.Length.EqualTo(20));
        Assert.That(root.GetProperty("winRate").GetDouble(), Is.EqualTo((double)net.Count(pnl => pnl > 0) / net.Length));
    }

    [Test]
    public void A_report_that_fails_midway_leaves_the_previous_files_and_no_partial_file()
    {
        using var folder = new TemporaryDirectory("report-atomic");
        ReportWriter.WriteTo(BacktestReport.Compute(Run()), folder.Path);
        byte[] before = File.ReadAllBytes(Path.Combine(folder.Path, ReportJson.FileName));

        // trades.csv cannot hold an instrument with a comma: the third file fails after the first two were written.
        ReportInput bad = ReportSeries.Input(M, 100m, 100m) with
        {
            InstrumentPnl = ReportSeries.FlatPnl(2, "BTC,USDT"),
            Fills = [ReportSeries.Fill(0, "BTC,USDT", FillSide.Buy, 10m, 1m), ReportSeries.Fill(M, "BTC,USDT", FillSide.Sell, 10m, 1m)],
        };
        Assert.That(() => ReportWriter.WriteTo(BacktestReport.Compute(bad), folder.Path), Throws.ArgumentException.With.Message.Contains("BTC,USDT"));
        Assert.That(File.ReadAllBytes(Path.Combine(folder.Path, ReportJson.FileName)), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName), Is.EquivalentTo(new[] { "report.json", "equity.csv", "trades.csv" }));
    }

    [Test]
    public void A_report_folder_that_cannot_be_created_is_a_usage_error_naming_it()
    {
        using var folder = new TemporaryDirectory("report-blocked");
        string file = Path.Combine(folder.Path, "not-a-folder");
        File.WriteAllText(file, "x");
        string target = Path.Combine(file, "report");
        Assert.That(() => ReportWriter.WriteTo(BacktestReport.Compute(Run()), target), Throws.TypeOf<UsageException>().With.Message.Contains(target));
    }
}
