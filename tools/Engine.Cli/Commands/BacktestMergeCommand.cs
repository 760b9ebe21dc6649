using System.CommandLine;
using System.Globalization;
using Engine.Cli.Backtesting.Sweeps;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine backtest merge --report DIR</c>: the results table (results.csv, heatmap.html) of a sweep whose runs were
/// executed elsewhere (<c>engine backtest sweep --emit-jobs</c>), from each run's own report.json. Runs without a
/// report are listed as missing and make the merge exit 1, after the table is written.
/// </summary>
public static class BacktestMergeCommand
{
    public static Command Create(TextWriter output)
    {
        var report = new Option<DirectoryInfo>("--report") { Description = "The sweep's folder (holding sweep.json).", Required = true };
        var sort = new Option<string>("--sort") { Description = "The report figure results.csv is sorted by, best first.", DefaultValueFactory = _ => "sharpe" };
        var heatmap = new Option<string?>("--heatmap") { Description = "Two swept parameters x,y for heatmap.html (default: the first two)." };
        var command = new Command("merge", "Build a sweep's results table and heatmap from its runs' reports.") { report, sort, heatmap };
        command.SetAction(parsed =>
        {
            string metric = SweepMetric.Require(parsed.GetValue(sort)!, "--sort");
            SweepPlan plan = SweepPlan.Load(parsed.GetValue(report)!.FullName);
            int missing = Merge(plan, metric, BacktestSweepCommand.HeatmapAxes(parsed.GetValue(heatmap), plan.Axes), output);
            if (missing > 0)
            {
                throw new CommandFailedException($"{missing} of {plan.Jobs.Count} runs have no report yet (status 'missing' in {SweepResults.FileName})");
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>Writes results.csv (and heatmap.html) and prints the best runs; returns how many runs have no report.</summary>
    internal static int Merge(SweepPlan plan, string metric, (string X, string Y)? heatmap, TextWriter output)
    {
        IReadOnlyList<SweepResult> sorted = SweepResults.Sort(SweepResults.Read(plan), metric);
        string csv = Path.Combine(plan.Folder, SweepResults.FileName);
        SweepResults.WriteCsv(plan, sorted, csv);
        output.WriteLine($"sweep: results by {metric} ({(SweepMetric.LowerIsBetter(metric) ? "lowest" : "highest")} first) in {csv}");
        if (heatmap is { } axes)
        {
            string page = Path.Combine(plan.Folder, SweepHeatmap.FileName);
            SweepHeatmap.Write(plan, sorted, axes.X, axes.Y, metric, page);
            output.WriteLine($"sweep: heatmap of {metric} over {axes.X} × {axes.Y} in {page}");
        }

        foreach (SweepResult result in sorted.Take(5))
        {
            string value = result[metric]?.ToString("0.####", CultureInfo.InvariantCulture) ?? "n/a";
            string totalReturn = result["totalReturn"]?.ToString("P2", CultureInfo.InvariantCulture) ?? "n/a";
            output.WriteLine($"  run {result.Job.Number,4}  {result.Job.Describe(),-40}  {metric} {value,10}  totalReturn {totalReturn,9}  {result.Status}");
        }

        return sorted.Count(r => r.Status != "ok");
    }
}
