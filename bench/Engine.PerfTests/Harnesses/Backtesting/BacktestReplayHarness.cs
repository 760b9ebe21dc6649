using System.Diagnostics;
using Engine.Cli.Backtesting;
using Engine.Cli.Data;
using Engine.Core;
using Engine.Host;
using Engine.PerfTests.Harnesses.Rings;

namespace Engine.PerfTests.Harnesses.Backtesting;

/// <summary>
/// A dataset backtest through the full BLP: the Binance USD-M recording of ../shared/data imported as a dataset
/// (`engine data import --format hftbacktest`), then backtested with the sample market maker and the fill simulation
/// (<see cref="DatasetBacktestRunner"/>: the dataset edge, the simulated venue's queue model and book walking, every
/// input checked and journaled), in market-data events/s. Baseline in the same run: the dataset's journal replayed
/// through a BLP without a strategy (<see cref="JournalReplayer"/>, as `engine journal replay DIR`). Verified: every
/// round replays every market-data record, the strategy trades, and every round ends in the same StateHash. Then the
/// bar figure (<see cref="BarBacktestRounds"/>): kline days backtested the same way, in klines/s.
/// </summary>
public sealed class BacktestReplayHarness : IHarness
{
    private static readonly string[] s_parameters = ["quoteSize=0.01", "halfSpreadTicks=5", "skewTicksPerQuote=1", "maxPosition=0.05", "requoteTicks=3"];

    public string Name => "backtest-replay";

    public string Description =>
        "dataset backtest (Binance USD-M recording, market maker, fill simulation, journaled) in market-data events/s, vs the dataset's journal replayed without a strategy; then 3 days of 1-minute klines in klines/s";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int rounds = context.Quick ? 2 : 5;
        string root = Path.Combine(Path.GetTempPath(), "engine-backtest-replay-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(root);
            string datasetDirectory = Path.Combine(root, "dataset");
            var importClock = Stopwatch.StartNew();
            DatasetImport.Run(new ImportRequest(DatasetFormat.HftBacktest, "binance-usdm", datasetDirectory, [SharedDataFiles.Find("binance/raw/usdm_btcusdt_20240808.gz")]));
            BacktestDataset dataset = BacktestDataset.Open(datasetDirectory, null);
            long records = dataset.Range.Records;
            context.Log.WriteLine($"  imported {records:N0} market-data records in {importClock.Elapsed.TotalSeconds:F1} s");
            Dictionary<string, string> parameters = s_parameters.Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
            VenueFees fees = BacktestConfiguration.FeesFor(dataset, null, null);
            EngineConfig config = BacktestConfiguration.Write(Path.Combine(root, "config"), Path.Combine(root, "unused"), dataset, "market-maker", parameters, 100_000m, fees);

            // Warm-up round of each (tier-1 JIT), not measured.
            ulong hash = Backtest(config, dataset, Path.Combine(root, "warm-up"), out _, out _, out _);
            Replay(dataset, records, out _);
            var backtestRates = new List<double>();
            var replayRates = new List<double>();
            var loopRates = new List<double>();
            var applyRates = new List<double>();
            long inputs = 0;
            long fills = 0;
            for (int round = 0; round < rounds; round++)
            {
                var clock = Stopwatch.StartNew();
                ulong roundHash = Backtest(config, dataset, Path.Combine(root, "round-" + round), out inputs, out fills, out TimeSpan loop);
                clock.Stop();
                loopRates.Add(records / loop.TotalSeconds);
                if (roundHash != hash)
                {
                    throw new HarnessVerificationException($"round {round} ended in StateHash {roundHash:x16}, the warm-up in {hash:x16}: the backtest is not deterministic");
                }

                backtestRates.Add(RoundStatistics.PerSecond(records, clock.ElapsedTicks));
                replayRates.Add(RoundStatistics.PerSecond(records, Replay(dataset, records, out TimeSpan apply)));
                applyRates.Add(records / apply.TotalSeconds);
                context.Log.WriteLine(
                    $"  round {round}: backtest {backtestRates[^1] / 1e6:F3}M events/s (loop alone {loopRates[^1] / 1e6:F3}M/s; {inputs:N0} inputs journaled, {fills:N0} fills), replay without strategy {replayRates[^1] / 1e6:F3}M/s (records alone {applyRates[^1] / 1e6:F3}M/s)");
            }

            double backtest = RoundStatistics.Median(backtestRates);
            double replay = RoundStatistics.Median(replayRates);
            context.Report(new HarnessResult("backtest-replay", backtest, "events/s", "dataset-replay-without-strategy", replay)
            {
                Extra = new Dictionary<string, double>
                {
                    ["ratio"] = backtest / replay,

                    // Without the fixed costs of a run (creating the journal's pre-allocated segment and the BLP; for
                    // the replay, the BLP): on a dataset of minutes they weigh as much as the records.
                    ["loop_events_per_s"] = RoundStatistics.Median(loopRates),
                    ["replay_records_only_per_s"] = RoundStatistics.Median(applyRates),
                    ["records"] = records,
                    ["inputs_journaled"] = inputs,
                    ["fills"] = fills,
                    ["rounds"] = rounds,
                    ["ns_per_event"] = 1e9 / backtest,
                },
            });
            BarBacktestRounds.Run(context, root, parameters, rounds);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static ulong Backtest(EngineConfig config, BacktestDataset dataset, string journal, out long inputs, out long fills, out TimeSpan loop)
    {
        var runner = new DatasetBacktestRunner(config, new DatasetBacktestOptions
        {
            DatasetDirectory = dataset.Directory,
            VenueId = checked((ushort)dataset.Listing.Venue.Id.Value),
            FromNanos = dataset.Range.FirstEngineTime,
            ToNanos = dataset.Range.LastEngineTime,
        });
        BacktestResult result = runner.Run(journal);
        if (runner.Replayed != dataset.Range.Records)
        {
            throw new HarnessVerificationException($"the backtest replayed {runner.Replayed} of {dataset.Range.Records} market-data records");
        }

        fills = runner.Venue!.Fills;
        if (fills == 0)
        {
            throw new HarnessVerificationException("the market maker did not trade: the fill simulation was not exercised");
        }

        inputs = result.Inputs;
        loop = runner.LoopTime;
        Directory.Delete(journal, recursive: true);
        return result.StateHash;
    }

    /// <summary>As `engine journal replay`: a fresh BLP, every record; <paramref name="apply"/> is the time of the records alone.</summary>
    private static long Replay(BacktestDataset dataset, long records, out TimeSpan apply)
    {
        var clock = Stopwatch.StartNew();
        var kernel = new EngineKernel(dataset.Config.CreateCoreSettings(), new JournalReplayer.CountingOutput(), new KernelOptions { CheckpointInterval = dataset.Config.CheckpointInterval });
        long applyStart = Stopwatch.GetTimestamp();
        long applied = kernel.ReplayDirectory(dataset.Directory, 1, out _);
        apply = Stopwatch.GetElapsedTime(applyStart);
        clock.Stop();
        if (applied != records || kernel.Processor.Counters.MarketData != records)
        {
            throw new HarnessVerificationException($"the replay applied {applied} records ({kernel.Processor.Counters.MarketData} market data) of {records}");
        }

        return clock.ElapsedTicks;
    }
}
