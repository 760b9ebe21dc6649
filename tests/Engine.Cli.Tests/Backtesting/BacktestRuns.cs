using Engine.Cli.Tests.Data;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>How the dataset backtest tests run <c>engine backtest --data</c>: the sample market maker with parameters that trade on the Binance USD-M recording.</summary>
internal static class BacktestRuns
{
    public static readonly string[] MarketMaker =
        ["--strategy", "market-maker", "--param", "quoteSize=0.01", "--param", "halfSpreadTicks=5", "--param", "skewTicksPerQuote=1", "--param", "maxPosition=0.05", "--param", "requoteTicks=3"];

    /// <summary>Imports the USD-M recording of ../shared/data (skipped without it; a failure in CI).</summary>
    public static string ImportUsdm(string folder)
    {
        string dataset = Path.Combine(folder, "usdm");
        EngineRun import = DatasetChecks.Import("--format", "hftbacktest", "--venue", "binance-usdm", "--out", dataset, DatasetChecks.Raw("usdm_btcusdt_20240808.gz"));
        Assert.That(import.ExitCode, Is.Zero, import.StandardOutput + import.StandardError);
        return dataset;
    }

    public static EngineRun Backtest(string dataset, string dataDir, params string[] more) =>
        EngineProcess.Run(["backtest", "--data", dataset, "--data-dir", dataDir, .. more]);

    public static string StateHashOf(EngineRun run)
    {
        string line = run.StandardOutput.Split('\n').Single(l => l.StartsWith("StateHash: ", StringComparison.Ordinal));
        return line["StateHash: ".Length..].Trim();
    }
}
