using System.Text.Json;
using Engine.Journal.Reading;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>
/// <c>engine backtest --data</c> on real data, run as the real <c>engine</c> process: an imported Binance recording
/// backtested twice gives the same journal, StateHash and report.json, and its journal replays to that StateHash;
/// fees follow the venue's maker and taker rates; a journal `engine demo` recorded backtests with another parameter
/// and replays exactly its recorded market data.
/// </summary>
[TestFixture]
public sealed class DatasetBacktestTests
{
    private TemporaryDirectory _temp = null!;
    private string _dataset = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _temp = new TemporaryDirectory("engine-dataset-backtest");
        _dataset = BacktestRuns.ImportUsdm(_temp.Path);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _temp.Dispose();

    [Test]
    public void The_same_backtest_twice_gives_the_same_journal_StateHash_and_report_and_its_journal_replays_to_it()
    {
        string firstDir = Path.Combine(_temp.Path, "first");
        string secondDir = Path.Combine(_temp.Path, "second");
        EngineRun first = BacktestRuns.Backtest(_dataset, firstDir, [.. BacktestRuns.MarketMaker, "--report", Path.Combine(_temp.Path, "report-1"), "--sample-seconds", "10"]);
        EngineRun second = BacktestRuns.Backtest(_dataset, secondDir, [.. BacktestRuns.MarketMaker, "--report", Path.Combine(_temp.Path, "report-2"), "--sample-seconds", "10"]);
        Assert.That(first.ExitCode, Is.Zero, first.StandardOutput + first.StandardError);
        Assert.That(second.ExitCode, Is.Zero, second.StandardOutput + second.StandardError);
        using (JsonDocument manifest = Data.DatasetChecks.Manifest(_dataset))
        {
            // Every record of the dataset reaches the engine (none is longer than its largest input).
            long records = manifest.RootElement.GetProperty("counts").EnumerateObject().Sum(kind => kind.Value.GetInt64());
            Assert.That(first.StandardOutput, Does.Contain("market-maker on BTC-USDT-PERP at BINANCE_USDM").And.Contain($"{records:N0} market-data records replayed"));
        }


        string hash = BacktestRuns.StateHashOf(first);
        Assert.That(BacktestRuns.StateHashOf(second), Is.EqualTo(hash));
        foreach (string name in new[] { "report.json", "equity.csv", "trades.csv" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(_temp.Path, "report-2", name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(_temp.Path, "report-1", name))), name);
        }

        string[] segments = [.. Directory.GetFiles(Path.Combine(firstDir, "journal"), "*.seg").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.That(segments, Is.Not.Empty);
        foreach (string segment in segments)
        {
            Assert.That(File.ReadAllBytes(Path.Combine(secondDir, "journal", segment)), Is.EqualTo(File.ReadAllBytes(Path.Combine(firstDir, "journal", segment))), segment);
        }

        using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_temp.Path, "report-1", "report.json")));
        JsonElement root = report.RootElement;
        Assert.That(root.GetProperty("stateHash").GetString(), Is.EqualTo(hash));
        Assert.That(root.GetProperty("fills").GetInt64(), Is.Positive, "the market maker trades on this day");
        Assert.That(root.GetProperty("orders").GetInt64(), Is.Positive);
        Assert.That(root.GetProperty("barFills").GetBoolean(), Is.False);
        Assert.That(root.GetProperty("instruments").TryGetProperty("BTC-USDT-PERP", out _), Is.True);

        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(firstDir, "journal"));
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardOutput + replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain("StateHash: " + hash));
    }

    [Test]
    public void Fees_are_charged_at_the_maker_rate_on_resting_fills_and_the_taker_rate_on_taking_ones()
    {
        EngineRun makerFree = BacktestRuns.Backtest(_dataset, Path.Combine(_temp.Path, "fees-0"), [.. BacktestRuns.MarketMaker, "--maker-bps", "0", "--taker-bps", "10", "--report", Path.Combine(_temp.Path, "fees-0-report")]);
        EngineRun makerTen = BacktestRuns.Backtest(_dataset, Path.Combine(_temp.Path, "fees-10"), [.. BacktestRuns.MarketMaker, "--maker-bps", "10", "--taker-bps", "0", "--report", Path.Combine(_temp.Path, "fees-10-report")]);
        Assert.That(makerFree.ExitCode, Is.Zero, makerFree.StandardOutput + makerFree.StandardError);
        Assert.That(makerTen.ExitCode, Is.Zero, makerTen.StandardOutput + makerTen.StandardError);

        using JsonDocument free = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_temp.Path, "fees-0-report", "report.json")));
        using JsonDocument ten = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_temp.Path, "fees-10-report", "report.json")));

        // The post-only market maker only ever rests: every fill is a maker fill.
        Assert.That(free.RootElement.GetProperty("makerShare").GetDouble(), Is.EqualTo(1.0));
        Assert.That(free.RootElement.GetProperty("fees").GetDecimal(), Is.Zero);
        decimal notional = ten.RootElement.GetProperty("turnoverNotional").GetDecimal();
        long fills = ten.RootElement.GetProperty("fills").GetInt64();
        decimal fees = ten.RootElement.GetProperty("fees").GetDecimal();

        // 10 bps of each fill's notional, rounded up to the ledger's 10^-8 per fill.
        Assert.That(fees, Is.InRange(notional * 0.001m, (notional * 0.001m) + (fills * 0.00000001m)));
    }

    [Test]
    public void A_journal_the_demo_recorded_backtests_with_another_parameter_replaying_exactly_its_market_data()
    {
        string demo = Path.Combine(_temp.Path, "demo");
        EngineRun recorded = EngineProcess.Run("demo", "--seconds", "4", "--data-dir", demo);
        Assert.That(recorded.ExitCode, Is.Zero, recorded.StandardOutput + recorded.StandardError);
        string journal = Path.Combine(demo, "journal");
        string backtestDir = Path.Combine(_temp.Path, "demo-backtest");

        EngineRun run = BacktestRuns.Backtest(
            journal,
            backtestDir,
            "--instrument", "BTC-USDT", "--strategy", "market-maker", "--param", "quoteSize=0.02", "--param", "halfSpreadTicks=40",
            "--param", "skewTicksPerQuote=10", "--param", "maxPosition=0.1", "--param", "requoteTicks=20");

        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("a recorded journal").And.Contain("market-maker on BTC-USDT at SIM"));
        List<byte[]> original = MarketData(journal);
        Assert.That(original, Is.Not.Empty);
        Assert.That(run.StandardOutput, Does.Contain($"{original.Count:N0} market-data records replayed"));
        Assert.That(MarketData(Path.Combine(backtestDir, "journal")), Is.EqualTo(original), "the backtest's market-data inputs are the recorded ones, in their order");
    }

    [Test]
    public void From_and_to_select_the_records_of_that_engine_time_range_and_a_parameters_file_gives_the_parameters()
    {
        const long From = 1_723_161_300_000_000_000; // 2024-08-08T23:55:00Z
        const long To = 1_723_161_360_000_000_000;   // 2024-08-08T23:56:00Z
        long inRange = 0;
        using (JournalReader reader = JournalReader.Open(_dataset))
        {
            while (reader.TryRead(out JournalRecord record))
            {
                inRange += record.EngineTime is >= From and <= To ? 1 : 0;
            }
        }

        string parameters = Path.Combine(_temp.Path, "mm.json");
        File.WriteAllText(parameters, """{ "quoteSize": "0.01", "halfSpreadTicks": 5, "skewTicksPerQuote": 1, "maxPosition": "0.05", "requoteTicks": 3 }""");

        EngineRun run = BacktestRuns.Backtest(
            _dataset, Path.Combine(_temp.Path, "window"), "--strategy", "market-maker", "--params", parameters, "--from", "2024-08-08T23:55:00Z", "--to", "1723161360000000000");

        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(inRange, Is.InRange(1, 93_960));
        Assert.That(run.StandardOutput, Does.Contain($"{inRange:N0} market-data records replayed"));
        Assert.That(run.StandardOutput, Does.Contain("engine time 2024-08-08T23:55:00.000000000Z .. 2024-08-08T23:56:00.000000000Z"));
    }

    [Test]
    public void Bar_data_backtests_under_the_OHLC_rules_and_the_report_says_they_are_less_realistic()
    {
        string klines = Path.Combine(_temp.Path, "klines");
        string[] files = [.. new[] { "01", "02", "03" }.Select(day => Data.DatasetChecks.Vision($"um-BTCUSDT-1m-2022-01-{day}.csv"))];
        EngineRun import = Data.DatasetChecks.Import(["--format", "binance-vision", "--venue", "binance-usdm", "--out", klines, "--price-scale", "2", .. files]);
        Assert.That(import.ExitCode, Is.Zero, import.StandardOutput + import.StandardError);
        string report = Path.Combine(_temp.Path, "klines-report");

        EngineRun run = BacktestRuns.Backtest(klines, Path.Combine(_temp.Path, "klines-run"), [.. BacktestRuns.MarketMaker, "--to", "2022-01-01T06:00:00Z", "--report", report]);

        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("360 market-data records replayed").And.Contain("bar data: fills follow the OHLC rules (less realistic)"));
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(report, "report.json")));
        Assert.That(json.RootElement.GetProperty("barFills").GetBoolean(), Is.True);
    }

    private static List<byte[]> MarketData(string journal)
    {
        var records = new List<byte[]>();
        using JournalReader reader = JournalReader.Open(journal);
        while (reader.TryRead(out JournalRecord record))
        {
            if (Engine.Codecs.MessageCatalog.IsMarketData(record.TemplateId))
            {
                records.Add(record.Payload.ToArray());
            }
        }

        return records;
    }
}
