using System.CommandLine;
using System.Globalization;
using Engine.Cli.Backtesting;
using Engine.Host;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine backtest</c>: the BLP and the simulated venue in one loop on a simulated clock (see
/// <see cref="BacktestRunner"/>), journaled into <c>--data-dir</c>. Bit-for-bit repeatable: the same config, seed and
/// latencies print the same StateHash on every run; <c>engine journal replay</c> of its journal prints it too. With
/// <c>--data DIR</c> it backtests a strategy on recorded market data instead (<see cref="DatasetBacktest"/>).
/// </summary>
public static class BacktestCommand
{
    public static Command Create(TextWriter output)
    {
        var config = new Option<FileInfo?>("--config") { Description = "engine.json with the strategies, risk and fees (default: the built-in demo configuration)." };
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = "Where the backtest writes its journal (recreated on every run).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".", "data", "backtest")),
        };
        Option<long> seed = SeedOption.Create("Seed of the simulated venue.");
        var seconds = new Option<int>("--seconds") { Description = "Simulated seconds to run.", DefaultValueFactory = _ => 300 };
        var venueLatency = new Option<int>("--venue-latency-us") { Description = "Venue frame -> engine latency (µs).", DefaultValueFactory = _ => 50 };
        var orderLatency = new Option<int>("--order-latency-us") { Description = "Engine request -> venue latency (µs).", DefaultValueFactory = _ => 100 };
        var data = new Option<DirectoryInfo?>("--data") { Description = "A dataset (`engine data import`) or a recorded journal: backtest --strategy on its market data, with simulated fills." };
        var strategy = new Option<string?>("--strategy") { Description = "With --data: the registered strategy to run (e.g. market-maker)." };
        var strategyAssembly = new Option<FileInfo[]>("--strategy-assembly") { Description = "With --data: a user's strategy assembly (docs/STRATEGIES.md) whose strategies --strategy may name (repeatable).", Arity = ArgumentArity.ZeroOrMore };
        var parameter = new Option<string[]>("--param") { Description = "With --data: a strategy parameter, name=value (repeatable; wins over --params).", Arity = ArgumentArity.ZeroOrMore };
        var parametersFile = new Option<FileInfo?>("--params") { Description = "With --data: a JSON object of strategy parameters." };
        var from = new Option<string?>("--from") { Description = "With --data: first engine time replayed (ISO-8601 UTC or ns since the epoch; default: the data's first)." };
        var to = new Option<string?>("--to") { Description = "With --data: last engine time replayed (default: the data's last)." };
        var instrument = new Option<string?>("--instrument") { Description = "With --data: the instrument traded (default: the data's only one)." };
        var capital = new Option<string>("--capital") { Description = "With --data: the account's deposit, in the instrument's settlement asset.", DefaultValueFactory = _ => DatasetBacktest.DefaultCapital };
        var report = new Option<DirectoryInfo?>("--report") { Description = "With --data: write report.json, equity.csv and trades.csv into this folder." };
        var queue = new Option<string>("--queue-model") { Description = "With --data: risk-averse or probabilistic (docs/FILL-SIMULATION.md).", DefaultValueFactory = _ => "risk-averse" };
        var jitter = new Option<int>("--latency-jitter-us") { Description = "With --data: each latency plus a seeded uniform draw in [0, this] µs.", DefaultValueFactory = _ => 0 };
        var makerBps = new Option<int?>("--maker-bps") { Description = "With --data: maker fee, bps (default: the dataset configuration's for the venue, else 2)." };
        var takerBps = new Option<int?>("--taker-bps") { Description = "With --data: taker fee, bps (default: the configuration's, else 5)." };
        var sampleSeconds = new Option<int>("--sample-seconds") { Description = "With --data: the report's equity sample interval.", DefaultValueFactory = _ => 60 };
        var command = new Command("backtest", "Run the strategies against the simulated venue on a simulated clock, or (--data) a strategy on recorded market data; deterministic and journaled.")
        {
            config, dataDir, seed, seconds, venueLatency, orderLatency,
            data, strategy, strategyAssembly, parameter, parametersFile, from, to, instrument, capital, report, queue, jitter, makerBps, takerBps, sampleSeconds,
        };
        command.Subcommands.Add(BacktestSweepCommand.Create(output));
        command.Subcommands.Add(BacktestMergeCommand.Create(output));
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(data) is { } dataset)
            {
                int toEngineMicros = parsed.GetValue(venueLatency);
                int toVenueMicros = parsed.GetValue(orderLatency);
                int jitterMicros = parsed.GetValue(jitter);
                int sample = parsed.GetValue(sampleSeconds);
                if (toEngineMicros < 0 || toVenueMicros < 0 || jitterMicros < 0)
                {
                    throw new UsageException("latencies must not be negative");
                }

                if (sample is <= 0 or > 86_400)
                {
                    throw new UsageException($"--sample-seconds must be within 1..86400, got {sample}");
                }

                if (parsed.GetValue(config) is not null)
                {
                    throw new UsageException("--config does not apply with --data: the dataset keeps its configuration (fees: --maker-bps, --taker-bps)");
                }

                QueueModelKind queueModel = parsed.GetValue(queue) switch
                {
                    "risk-averse" => QueueModelKind.RiskAverse,
                    "probabilistic" => QueueModelKind.Probabilistic,
                    var other => throw new UsageException($"--queue-model '{other}': expected risk-averse or probabilistic"),
                };
                RequireBps(parsed.GetValue(makerBps), "--maker-bps");
                RequireBps(parsed.GetValue(takerBps), "--taker-bps");
                DatasetBacktest.Run(
                    new DatasetBacktestRequest
                    {
                        Dataset = dataset.FullName,
                        DataDirectory = parsed.GetValue(dataDir)!.FullName,
                        Strategy = parsed.GetValue(strategy),
                        StrategyAssemblies = [.. (parsed.GetValue(strategyAssembly) ?? []).Select(f => f.FullName)],
                        Parameters = parsed.GetValue(parameter) ?? [],
                        ParametersFile = parsed.GetValue(parametersFile)?.FullName,
                        From = parsed.GetValue(from),
                        To = parsed.GetValue(to),
                        Instrument = parsed.GetValue(instrument),
                        Capital = parsed.GetValue(capital)!,
                        Report = parsed.GetValue(report)?.FullName,
                        Seed = SeedOption.Require(parsed.GetValue(seed)),
                        Fills = new FillSimulationOptions
                        {
                            OrderLatency = new LatencyModel(toVenueMicros * 1_000L, jitterMicros * 1_000L),
                            MarketDataLatency = new LatencyModel(toEngineMicros * 1_000L, jitterMicros * 1_000L),
                            QueueModel = queueModel,
                        },
                        MakerBps = parsed.GetValue(makerBps),
                        TakerBps = parsed.GetValue(takerBps),
                        SampleIntervalNanos = sample * 1_000_000_000L,
                    },
                    output,
                    Console.Error);
                return CommandLineApp.Success;
            }

            if (parsed.GetValue(strategy) is not null || parsed.GetValue(strategyAssembly) is { Length: > 0 } || parsed.GetValue(report) is not null || parsed.GetValue(parametersFile) is not null
                || parsed.GetValue(parameter) is { Length: > 0 } || parsed.GetValue(from) is not null || parsed.GetValue(to) is not null || parsed.GetValue(instrument) is not null)
            {
                throw new UsageException("--strategy, --strategy-assembly, --param, --params, --from, --to, --instrument and --report need --data DIR (a dataset to backtest on)");
            }

            int simulatedSeconds = parsed.GetValue(seconds);
            if (simulatedSeconds is <= 0 or > 30 * 86_400)
            {
                throw new UsageException($"--seconds must be within 1..{30 * 86_400}, got {simulatedSeconds}");
            }

            ulong venueSeed = SeedOption.Require(parsed.GetValue(seed));
            int toEngine = parsed.GetValue(venueLatency);
            int toVenue = parsed.GetValue(orderLatency);
            if (toEngine < 0 || toVenue < 0)
            {
                throw new UsageException("latencies must not be negative");
            }

            string root = OwnedDataDirectory.Prepare(parsed.GetValue(dataDir)!, "backtest");
            string journal = Path.Combine(root, "journal");
            string configFile = parsed.GetValue(config)?.FullName
                ?? DefaultConfiguration.WriteTo(Path.Combine(root, "config"), journal, "engine-backtest");
            EngineConfig engineConfig = RunCommand.LoadConfig(configFile);
            var options = new BacktestOptions
            {
                Seed = venueSeed,
                DurationNanos = simulatedSeconds * 1_000_000_000L,
                VenueToEngineLatencyNanos = toEngine * 1_000L,
                EngineToVenueLatencyNanos = toVenue * 1_000L,
            };
            output.WriteLine($"backtest: {simulatedSeconds} simulated s, seed {options.Seed}, latency venue->engine {toEngine} µs, engine->venue {toVenue} µs; journal {journal}");
            BacktestResult result;
            try
            {
                result = new BacktestRunner(engineConfig, options).Run(journal);
            }
            catch (EngineConfigException e)
            {
                throw new CommandFailedException(e.Message);
            }

            EngineRunReport.WriteBacktestSummary(output, result);
            if (!result.Processor.Ledger.ComputeTrialBalance().IsBalanced)
            {
                throw new CommandFailedException("the ledger's trial balance is not zero");
            }

            output.WriteLine("StateHash: " + result.StateHash.ToString("x16", CultureInfo.InvariantCulture));
            return CommandLineApp.Success;
        });
        return command;
    }

    private static void RequireBps(int? bps, string option)
    {
        if (bps is < 0 or > 1000)
        {
            throw new UsageException($"{option} must be within 0..1000, got {bps}");
        }
    }
}
