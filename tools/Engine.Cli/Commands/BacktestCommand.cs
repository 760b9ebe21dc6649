using System.CommandLine;
using System.Globalization;
using Engine.Host;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine backtest</c>: the BLP and the simulated venue in one loop on a simulated clock (see
/// <see cref="BacktestRunner"/>), journaled into <c>--data-dir</c>. Bit-for-bit repeatable: the same config, seed and
/// latencies print the same StateHash on every run; <c>engine journal replay</c> of its journal prints it too.
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
        var command = new Command("backtest", "Run the strategies against the simulated venue on a simulated clock; deterministic and journaled.")
        {
            config, dataDir, seed, seconds, venueLatency, orderLatency,
        };
        command.Subcommands.Add(BacktestSweepCommand.Create(output));
        command.Subcommands.Add(BacktestMergeCommand.Create(output));
        command.SetAction(parsed =>
        {
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
}
