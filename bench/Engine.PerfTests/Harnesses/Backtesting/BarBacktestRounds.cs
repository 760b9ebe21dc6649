using System.Diagnostics;
using System.Text.Json.Nodes;
using Engine.Cli.Backtesting;
using Engine.Cli.Data;
using Engine.Core;
using Engine.Host;
using Engine.PerfTests.Harnesses.Rings;

namespace Engine.PerfTests.Harnesses.Backtesting;

/// <summary>
/// The bar part of backtest-replay: the three 1-minute BTCUSDT kline days of ../shared/data imported as a dataset
/// (`engine data import --format binance-vision --price-scale 2`), backtested with the same strategy and fill
/// simulation, in klines/s. Twice: with the dataset's configuration (the engine's timer ticks every 100 ms of simulated
/// time, so three days journal 2.6 M ticks for 4,320 bars), and with the timer at its longest interval (60 s, one tick
/// per bar), the setting a bar backtest would use. Baseline in the same run: the bar dataset's journal replayed
/// without a strategy. Verified: every round replays every bar and ends in its configuration's StateHash.
/// </summary>
internal static class BarBacktestRounds
{
    private const int ShortRepeats = 10;

    private static readonly string[] s_klineFiles =
    [
        "binance/vision/um-BTCUSDT-1m-2022-01-01.csv",
        "binance/vision/um-BTCUSDT-1m-2022-01-02.csv",
        "binance/vision/um-BTCUSDT-1m-2022-01-03.csv",
    ];

    public static void Run(HarnessContext context, string root, IReadOnlyDictionary<string, string> parameters, int rounds)
    {
        string datasetDirectory = Path.Combine(root, "bars");
        DatasetImport.Run(new ImportRequest(DatasetFormat.BinanceVision, "binance-usdm", datasetDirectory, [.. s_klineFiles.Select(SharedDataFiles.Find)], PriceScale: 2));
        BacktestDataset dataset = BacktestDataset.Open(datasetDirectory, null);
        long bars = dataset.Range.Records;
        VenueFees fees = BacktestConfiguration.FeesFor(dataset, null, null);
        EngineConfig config = BacktestConfiguration.Write(Path.Combine(root, "bar-config"), Path.Combine(root, "unused"), dataset, "market-maker", parameters, 100_000m, fees);
        EngineConfig minuteTimer = WithTimerMillis(Path.Combine(root, "bar-config-minute-timer"), dataset, parameters, fees, 60_000);
        context.Log.WriteLine($"  bars: imported {bars:N0} klines");

        var timed = new List<double>();
        var minute = new List<double>();
        var replay = new List<double>();
        long timedInputs = 0;
        long minuteInputs = 0;
        ulong timedHash = Backtest(config, dataset, Path.Combine(root, "bars-warm-up"), out _, out _);
        ulong minuteHash = Backtest(minuteTimer, dataset, Path.Combine(root, "bars-warm-up-minute"), out _, out _);
        Replay(dataset, bars, out _);
        for (int round = 0; round < rounds; round++)
        {
            Check(Backtest(config, dataset, Path.Combine(root, "bars-" + round), out timedInputs, out TimeSpan loop), timedHash, round);
            timed.Add(bars / loop.TotalSeconds);

            // A round of the minute timer or of the replay takes milliseconds: several per round, so the median is not
            // one scheduler slice on a shared machine.
            for (int repeat = 0; repeat < ShortRepeats; repeat++)
            {
                Check(Backtest(minuteTimer, dataset, Path.Combine(root, "bars-minute-" + round + "-" + repeat), out minuteInputs, out TimeSpan minuteLoop), minuteHash, round);
                minute.Add(bars / minuteLoop.TotalSeconds);
                Replay(dataset, bars, out TimeSpan apply);
                replay.Add(bars / apply.TotalSeconds);
            }

            context.Log.WriteLine(
                $"  bars round {round}: backtest loop {timed[^1] / 1e6:F4}M klines/s ({timedInputs:N0} inputs journaled), timer at 60 s {RoundStatistics.Median(minute[^ShortRepeats..]) / 1e6:F3}M klines/s ({minuteInputs:N0} inputs), replay without strategy {RoundStatistics.Median(replay[^ShortRepeats..]) / 1e6:F3}M klines/s (medians of {ShortRepeats})");
        }

        double value = RoundStatistics.Median(minute);
        context.Report(new HarnessResult("backtest-replay-bars", value, "klines/s", "bar-dataset-replay-without-strategy", RoundStatistics.Median(replay))
        {
            Extra = new Dictionary<string, double>
            {
                ["klines"] = bars,
                ["timer_100ms_klines_per_s"] = RoundStatistics.Median(timed),
                ["timer_100ms_inputs_journaled"] = timedInputs,
                ["timer_60s_inputs_journaled"] = minuteInputs,
                ["rounds"] = rounds,
                ["timer_60s_and_replay_runs"] = rounds * ShortRepeats,
            },
        });
    }

    private static EngineConfig WithTimerMillis(string folder, BacktestDataset dataset, IReadOnlyDictionary<string, string> parameters, VenueFees fees, int millis)
    {
        BacktestConfiguration.Write(folder, Path.Combine(folder, "..", "unused"), dataset, "market-maker", parameters, 100_000m, fees);
        string path = Path.Combine(folder, "engine.json");
        JsonNode engine = JsonNode.Parse(File.ReadAllText(path))!;
        JsonObject pipeline = engine["pipeline"]?.AsObject() ?? new JsonObject();
        pipeline["timerIntervalMillis"] = millis;
        engine["pipeline"] = pipeline;
        File.WriteAllText(path, engine.ToJsonString());
        return EngineConfig.Load(path);
    }

    private static void Check(ulong hash, ulong expected, int round)
    {
        if (hash != expected)
        {
            throw new HarnessVerificationException($"bars round {round} ended in StateHash {hash:x16}, the warm-up in {expected:x16}: the bar backtest is not deterministic");
        }
    }

    private static ulong Backtest(EngineConfig config, BacktestDataset dataset, string journal, out long inputs, out TimeSpan loop)
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
            throw new HarnessVerificationException($"the bar backtest replayed {runner.Replayed} of {dataset.Range.Records} klines");
        }

        inputs = result.Inputs;
        loop = runner.LoopTime;
        Directory.Delete(journal, recursive: true);
        return result.StateHash;
    }

    private static void Replay(BacktestDataset dataset, long bars, out TimeSpan apply)
    {
        var kernel = new EngineKernel(dataset.Config.CreateCoreSettings(), new JournalReplayer.CountingOutput(), new KernelOptions { CheckpointInterval = dataset.Config.CheckpointInterval });
        long started = Stopwatch.GetTimestamp();
        long applied = kernel.ReplayDirectory(dataset.Directory, 1, out _);
        apply = Stopwatch.GetElapsedTime(started);
        if (applied != bars || kernel.Processor.Counters.MarketData != bars)
        {
            throw new HarnessVerificationException($"the bar replay applied {applied} records ({kernel.Processor.Counters.MarketData} market data) of {bars}");
        }
    }
}
