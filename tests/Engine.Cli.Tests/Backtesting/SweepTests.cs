using Engine.Cli.Backtesting.Reports;
using Engine.Cli.Backtesting.Sweeps;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>
/// Sweeps: grids parse exactly, the runs are the grid's product in a fixed order, --emit-jobs writes one complete
/// shell command per run, and `engine backtest merge` builds the sorted results table and the heatmap from the runs'
/// own report.json files (here written as a batch scheduler's runs would leave them).
/// </summary>
[TestFixture]
public sealed class SweepTests
{
    [TestCase("thresholdTicks=2..10:4", new[] { "2", "6", "10" })]
    [TestCase("tradeSize=0.01..0.03:0.01", new[] { "0.01", "0.02", "0.03" })]
    [TestCase("x=-1..1:0.5", new[] { "-1", "-0.5", "0.0", "0.5", "1.0" })]
    [TestCase("mode=a,b , c", new[] { "a", "b", "c" })]
    public void AGrid_ListsItsValuesExactly(string text, string[] values) =>
        Assert.That(GridAxis.Parse(text).Values, Is.EqualTo(values));

    [TestCase("thresholdTicks", "expected name=a..b:step or name=v1,v2,...")]
    [TestCase("x=1..5", "a range needs a step")]
    [TestCase("x=5..1:1", "the end 1 is below the start 5")]
    [TestCase("x=1..5:0", "the step must be positive")]
    [TestCase("x=1..z:1", "the end 'z' is not a decimal number")]
    [TestCase("x=0..1:0.00001", "100001 values; at most 10000")]
    [TestCase("x=a,,b", "an empty value")]
    public void ABadGrid_IsAUsageError_SayingWhy(string text, string message) =>
        Assert.That(() => GridAxis.Parse(text), Throws.TypeOf<UsageException>().With.Message.Contains(message));

    [Test]
    public void ThePlan_IsTheGridsProduct_FirstAxisSlowest_AndReloadsAsItWasMade()
    {
        using var folder = new TemporaryDirectory("sweep-plan");
        SweepPlan plan = SweepPlan.Create(folder.Path, [GridAxis.Parse("a=1..2:1"), GridAxis.Parse("b=x,y,z")], ["--data", "d", "--strategy", "s"]);
        Assert.That(plan.Jobs.Select(j => j.Describe()), Is.EqualTo(new[] { "a=1 b=x", "a=1 b=y", "a=1 b=z", "a=2 b=x", "a=2 b=y", "a=2 b=z" }));
        Assert.That(plan.Jobs[4].Arguments, Is.EqualTo(new[]
        {
            "backtest", "--data", "d", "--strategy", "s", "--param", "a=2", "--param", "b=y",
            "--report", Path.Combine(folder.Path, "runs", "0005", "report"), "--data-dir", Path.Combine(folder.Path, "runs", "0005", "work"),
        }));
        plan.Save();
        Assert.That(SweepPlan.Load(folder.Path).Jobs.Select(j => j.Arguments), Is.EqualTo(plan.Jobs.Select(j => j.Arguments)));
    }

    [Test]
    public void EmitJobs_WritesOneCompleteCommandPerRun_AndMerge_BuildsTheSortedTableAndHeatmap()
    {
        using var folder = new TemporaryDirectory("sweep-emit");
        string sweep = Path.Combine(folder.Path, "sweep");
        string jobs = Path.Combine(folder.Path, "jobs.sh");
        EngineRun emit = EngineProcess.Run("backtest", "sweep", "--data", "/data/binance day", "--strategy", "momentum-taker", "--param", "tradeSize=0.01",
            "--grid", "thresholdTicks=2..4:1", "--grid", "stopTicks=10,20", "--report", sweep, "--emit-jobs", jobs);
        Assert.That(emit.ExitCode, Is.Zero, emit.StandardError);
        string[] lines = File.ReadAllLines(jobs);
        Assert.That(lines, Has.Length.EqualTo(6));
        Assert.That(lines[0], Does.Contain("backtest --data '/data/binance day' --strategy momentum-taker --param tradeSize=0.01 --param thresholdTicks=2 --param stopTicks=10 --report "));
        Assert.That(lines[0], Does.EndWith($"{Path.Combine(sweep, "runs", "0001", "run.log")} 2>&1"));

        EngineRun early = EngineProcess.Run("backtest", "merge", "--report", sweep);
        Assert.That(early.ExitCode, Is.EqualTo(1), "no run has reported yet");
        Assert.That(early.StandardError, Does.Contain("6 of 6 runs have no report yet"));

        // What the scheduler's runs leave: each run's report folder, with returns that grow with thresholdTicks.
        SweepPlan plan = SweepPlan.Load(sweep);
        foreach (SweepJob job in plan.Jobs)
        {
            decimal threshold = decimal.Parse(job.Point[0].Value, System.Globalization.CultureInfo.InvariantCulture);
            decimal stop = decimal.Parse(job.Point[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            ReportInput input = ReportSeries.Input(ReportSeries.Minute, 10_000m, 10_000m + (threshold * 10) + stop, 10_000m + (threshold * 20) + stop);
            ReportWriter.WriteTo(BacktestReport.Compute(input), Path.Combine(sweep, job.ReportFolder));
        }

        EngineRun merge = EngineProcess.Run("backtest", "merge", "--report", sweep, "--sort", "totalReturn");
        Assert.That(merge.ExitCode, Is.Zero, merge.StandardError);
        string[] rows = File.ReadAllLines(Path.Combine(sweep, "results.csv"));
        Assert.That(rows[0], Does.StartWith("run,thresholdTicks,stopTicks,status,totalReturn,sharpe,"));
        Assert.That(rows.Skip(1).Select(r => r.Split(',')[0]), Is.EqualTo(new[] { "6", "5", "4", "3", "2", "1" }), "best totalReturn first");
        string heatmap = File.ReadAllText(Path.Combine(sweep, "heatmap.html"));
        Assert.That(heatmap, Does.Contain("totalReturn (higher is better)").And.Contain("title=\"run 6: thresholdTicks=4 stopTicks=20\""));
    }

    [Test]
    public void ASweepFolder_HoldingAnotherSweep_OrOtherFiles_IsRefused()
    {
        using var folder = new TemporaryDirectory("sweep-refuse");
        string sweep = Path.Combine(folder.Path, "sweep");
        string jobs = Path.Combine(folder.Path, "jobs.sh");
        Assert.That(EngineProcess.Run("backtest", "sweep", "--data", "d", "--strategy", "s", "--grid", "a=1,2", "--report", sweep, "--emit-jobs", jobs).ExitCode, Is.Zero);

        EngineRun other = EngineProcess.Run("backtest", "sweep", "--data", "d", "--strategy", "s", "--grid", "a=1,3", "--report", sweep, "--emit-jobs", jobs);
        Assert.That(other.ExitCode, Is.EqualTo(2));
        Assert.That(other.StandardError, Does.Contain("holds another sweep"));

        File.WriteAllText(Path.Combine(folder.Path, "notes.txt"), "mine");
        EngineRun foreign = EngineProcess.Run("backtest", "sweep", "--data", "d", "--strategy", "s", "--grid", "a=1,2", "--report", folder.Path, "--emit-jobs", jobs);
        Assert.That(foreign.ExitCode, Is.EqualTo(2));
        Assert.That(foreign.StandardError, Does.Contain("is not empty and holds no sweep"));
    }

    [TestCase("--sort", "return", "--sort 'return' is not a report figure")]
    [TestCase("--heatmap", "a,zz", "--heatmap 'a,zz': expected two different swept parameters")]
    [TestCase("--parallel", "0", "--parallel must be within 1..256")]
    public void ABadSweepOption_IsAUsageError(string option, string value, string message)
    {
        using var folder = new TemporaryDirectory("sweep-bad");
        EngineRun run = EngineProcess.Run("backtest", "sweep", "--data", "d", "--strategy", "s", "--grid", "a=1,2", "--grid", "b=1,2", "--report", Path.Combine(folder.Path, "s"), option, value);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain(message));
    }
}
