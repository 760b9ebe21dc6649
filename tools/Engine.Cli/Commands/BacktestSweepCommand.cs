using System.CommandLine;
using Engine.Cli.Backtesting.Sweeps;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine backtest sweep</c>: the same backtest over a grid of strategy parameters, one process per run
/// (<c>--parallel N</c> at a time), then a results table sorted by a figure and a heatmap of two parameters; or, with
/// <c>--emit-jobs FILE</c>, one command per run for any batch scheduler, merged afterwards by
/// <c>engine backtest merge</c>. Every run is the deterministic backtest it would be alone.
/// </summary>
public static class BacktestSweepCommand
{
    /// <summary>The backtest options a sweep passes to every run unchanged (the runs validate them).</summary>
    private static readonly string[] s_sharedOptions =
    [
        "--data", "--strategy", "--strategy-assembly", "--params", "--from", "--to", "--instrument", "--capital", "--seed", "--queue-model",
        "--latency-jitter-us", "--venue-latency-us", "--order-latency-us", "--maker-bps", "--taker-bps", "--sample-seconds",
    ];

    public static Command Create(TextWriter output)
    {
        var shared = s_sharedOptions.Select(name => new Option<string?>(name) { Description = $"Passed to every run as `engine backtest {name}`." }).ToArray();
        shared[0].Required = true;
        shared[1].Required = true;
        var fixedParameters = new Option<string[]>("--param") { Description = "A parameter every run shares, name=value (repeatable).", AllowMultipleArgumentsPerToken = false };
        var grid = new Option<string[]>("--grid") { Description = "A swept parameter: name=a..b:step (inclusive) or name=v1,v2,... (repeatable; runs = the product).", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Runs at a time (processes).", DefaultValueFactory = _ => 1 };
        var report = new Option<DirectoryInfo>("--report") { Description = "The sweep's folder: sweep.json, runs/NNNN/ (each run's report and log), results.csv, heatmap.html.", Required = true };
        var sort = new Option<string>("--sort") { Description = "The report figure results.csv is sorted by, best first.", DefaultValueFactory = _ => "sharpe" };
        var heatmap = new Option<string?>("--heatmap") { Description = "Two swept parameters x,y for heatmap.html (default: the first two)." };
        var emitJobs = new Option<FileInfo?>("--emit-jobs") { Description = "Write one shell command per run to this file instead of running them." };
        var command = new Command("sweep", "Run a backtest over a grid of parameter values; results table and heatmap.")
        {
            fixedParameters, grid, parallel, report, sort, heatmap, emitJobs,
        };
        foreach (Option<string?> option in shared)
        {
            command.Options.Add(option);
        }

        command.SetAction(parsed =>
        {
            int runsAtOnce = parsed.GetValue(parallel);
            if (runsAtOnce is < 1 or > 256)
            {
                throw new UsageException($"--parallel must be within 1..256, got {runsAtOnce}");
            }

            string metric = SweepMetric.Require(parsed.GetValue(sort)!, "--sort");
            GridAxis[] axes = [.. (parsed.GetValue(grid) ?? []).Select(GridAxis.Parse)];
            var sharedArguments = new List<string>();
            foreach (Option<string?> option in shared)
            {
                if (parsed.GetValue(option) is { } value)
                {
                    sharedArguments.AddRange([option.Name, value]);
                }
            }

            foreach (string parameter in parsed.GetValue(fixedParameters) ?? [])
            {
                string name = parameter.Split('=')[0];
                if (axes.Any(a => a.Name == name))
                {
                    throw new UsageException($"--param {parameter}: {name} is also swept by a --grid");
                }

                sharedArguments.AddRange(["--param", parameter]);
            }

            string folder = parsed.GetValue(report)!.FullName;
            SweepPlan plan = SweepPlan.Create(folder, axes, sharedArguments);
            (string x, string y)? map = HeatmapAxes(parsed.GetValue(heatmap), axes);
            PrepareFolder(plan);
            if (parsed.GetValue(emitJobs) is { } jobs)
            {
                JobScript.Write(plan, jobs.FullName);
                output.WriteLine($"sweep: {plan.Jobs.Count} runs written to {jobs.FullName}, one command per line; run them anywhere that sees {plan.Folder}, then: engine backtest merge --report {plan.Folder}");
                return CommandLineApp.Success;
            }

            output.WriteLine($"sweep: {plan.Jobs.Count} runs ({string.Join(" × ", axes.Select(a => $"{a.Name} {a.Values.Count}"))}), {runsAtOnce} at a time, into {plan.Folder}");
            IReadOnlyList<int> failed = SweepRunner.Run(plan, runsAtOnce, output);
            BacktestMergeCommand.Merge(plan, metric, map, output);
            if (failed.Count > 0)
            {
                throw new CommandFailedException($"{failed.Count} of {plan.Jobs.Count} runs failed (runs {string.Join(", ", failed)}; each run's run.log says why)");
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>The heatmap's axes: named (both swept, different), or the first two; none for a one-parameter sweep.</summary>
    internal static (string X, string Y)? HeatmapAxes(string? text, IReadOnlyList<GridAxis> axes)
    {
        if (text is null)
        {
            return axes.Count >= 2 ? (axes[0].Name, axes[1].Name) : null;
        }

        string[] names = text.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != 2 || names[0] == names[1] || names.Any(n => axes.All(a => a.Name != n)))
        {
            throw new UsageException($"--heatmap '{text}': expected two different swept parameters x,y (swept: {string.Join(", ", axes.Select(a => a.Name))})");
        }

        return (names[0], names[1]);
    }

    /// <summary>A new folder, or one holding this very sweep (resumed: finished runs are kept); never another sweep's or anything else.</summary>
    private static void PrepareFolder(SweepPlan plan)
    {
        string manifest = Path.Combine(plan.Folder, SweepPlan.FileName);
        if (File.Exists(manifest))
        {
            SweepPlan existing = SweepPlan.Load(plan.Folder);
            bool same = existing.SharedArguments.SequenceEqual(plan.SharedArguments)
                && existing.Axes.Count == plan.Axes.Count
                && existing.Axes.Zip(plan.Axes).All(pair => pair.First.Name == pair.Second.Name && pair.First.Values.SequenceEqual(pair.Second.Values));
            if (!same)
            {
                throw new UsageException($"--report {plan.Folder} holds another sweep (its {SweepPlan.FileName} differs); use a new folder");
            }

            return;
        }

        if (Directory.Exists(plan.Folder) && Directory.EnumerateFileSystemEntries(plan.Folder).Any())
        {
            throw new UsageException($"--report {plan.Folder} is not empty and holds no sweep; use a new folder");
        }

        try
        {
            plan.Save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--report {plan.Folder}: cannot write there ({e.Message})");
        }
    }
}
