using Engine.Cli.Tests.Data;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>
/// Bad input to <c>engine backtest --data</c> is a usage error (exit 2) with a message naming what is wrong, found
/// before the run: nothing is written, neither the run's data directory nor a report.
/// </summary>
[TestFixture]
public sealed class DatasetBacktestBadInputTests
{
    private TemporaryDirectory _temp = null!;
    private string _dataset = null!;

    [OneTimeSetUp]
    public void OneTimeSetUp()
    {
        _temp = new TemporaryDirectory("engine-dataset-backtest-bad");
        _dataset = Path.Combine(_temp.Path, "agg");
        EngineRun import = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--out", _dataset, DatasetChecks.Vision("BTCUSDT-aggTrades-2026-01-01-head5000.csv"));
        Assert.That(import.ExitCode, Is.Zero, import.StandardOutput + import.StandardError);
    }

    [OneTimeTearDown]
    public void OneTimeTearDown() => _temp.Dispose();

    [Test]
    public void A_folder_that_is_not_a_dataset_is_refused()
    {
        string notADataset = Path.Combine(_temp.Path, "not-a-dataset");
        Directory.CreateDirectory(notADataset);
        File.WriteAllText(Path.Combine(notADataset, "notes.txt"), "hello");

        AssertUsageError(Run(notADataset, BacktestRuns.MarketMaker), "not a dataset");
    }

    [Test]
    public void A_missing_folder_is_refused() =>
        AssertUsageError(Run(Path.Combine(_temp.Path, "nowhere"), BacktestRuns.MarketMaker), "no such folder");

    [Test]
    public void An_unknown_strategy_is_refused_naming_the_registered_ones() =>
        AssertUsageError(Run(_dataset, "--strategy", "moon-shot"), "--strategy moon-shot: no such strategy (registered: market-maker");

    [Test]
    public void A_parameter_of_the_wrong_type_is_refused_naming_it() =>
        AssertUsageError(Run(_dataset, [.. Replace(BacktestRuns.MarketMaker, "halfSpreadTicks=5", "halfSpreadTicks=wide")]), "--param halfSpreadTicks: 'wide' is not a whole number");

    [Test]
    public void An_out_of_range_parameter_is_refused() =>
        AssertUsageError(Run(_dataset, [.. Replace(BacktestRuns.MarketMaker, "halfSpreadTicks=5", "halfSpreadTicks=0")]), "--param halfSpreadTicks: '0' (0) is outside 1..1000000");

    [Test]
    public void An_unknown_parameter_is_refused() =>
        AssertUsageError(Run(_dataset, [.. BacktestRuns.MarketMaker, "--param", "leverage=100"]), "--param leverage: unknown parameter of market-maker");

    [Test]
    public void A_parameters_file_with_a_value_of_the_wrong_kind_is_refused()
    {
        string file = Path.Combine(_temp.Path, "params.json");
        File.WriteAllText(file, """{ "quoteSize": ["0.01"] }""");

        AssertUsageError(Run(_dataset, "--strategy", "market-maker", "--params", file), "$.quoteSize: expected a string, number or boolean");
    }

    [Test]
    public void From_after_to_is_refused() =>
        AssertUsageError(Run(_dataset, [.. BacktestRuns.MarketMaker, "--from", "2026-01-01T00:10:00Z", "--to", "2026-01-01T00:05:00Z"]), "--from 2026-01-01T00:10:00Z is after --to 2026-01-01T00:05:00Z");

    [Test]
    public void A_range_outside_the_data_is_refused() =>
        AssertUsageError(Run(_dataset, [.. BacktestRuns.MarketMaker, "--from", "2027-01-01"]), "--from/--to select no market data");

    [Test]
    public void A_report_folder_that_cannot_be_written_is_refused_before_the_run()
    {
        string file = Path.Combine(_temp.Path, "a-file");
        File.WriteAllText(file, "in the way");

        AssertUsageError(Run(_dataset, [.. BacktestRuns.MarketMaker, "--report", Path.Combine(file, "report")]), "--report ");
        Assert.That(File.ReadAllText(file), Is.EqualTo("in the way"));
    }

    [Test]
    public void Dataset_options_without_data_are_refused()
    {
        EngineRun run = EngineProcess.Run("backtest", "--strategy", "market-maker", "--data-dir", Path.Combine(_temp.Path, "run-nodata"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.Contain("need --data DIR"));
    }

    private EngineRun Run(string dataset, params string[] arguments) =>
        BacktestRuns.Backtest(dataset, Path.Combine(_temp.Path, "run-" + TestContext.CurrentContext.Test.Name), arguments);

    private void AssertUsageError(EngineRun run, string message)
    {
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.Contain(message));
        Assert.That(run.StandardError, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(Directory.Exists(Path.Combine(_temp.Path, "run-" + TestContext.CurrentContext.Test.Name)), Is.False, "nothing written");
    }

    private static IEnumerable<string> Replace(string[] arguments, string from, string to) => arguments.Select(a => a == from ? to : a);
}
