using System.Diagnostics;
using System.Reflection;

namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// Runs a sweep's jobs as separate <c>engine backtest</c> processes, at most <c>parallel</c> at a time: one process
/// per run, so runs share no state and each is the same deterministic backtest it would be alone. Each run's output
/// goes to <c>run.log</c> in its folder. A run whose report.json exists is complete and is not run again (a sweep
/// that was interrupted resumes). Returns the numbers of the runs that failed.
/// </summary>
public static class SweepRunner
{
    public const string LogFileName = "run.log";

    public static IReadOnlyList<int> Run(SweepPlan plan, int parallel, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(progress);
        var failed = new List<int>();
        int done = 0;
        var gate = new object();
        Parallel.ForEach(plan.Jobs, new ParallelOptions { MaxDegreeOfParallelism = parallel }, job =>
        {
            string folder = Path.Combine(plan.Folder, job.Folder);
            bool complete = File.Exists(Path.Combine(folder, "report", "report.json"));
            int exitCode = complete ? 0 : RunOne(job, folder);
            lock (gate)
            {
                done++;
                string outcome = complete ? "done before (skipped)" : exitCode == 0 ? "ok" : $"FAILED (exit {exitCode}; see {Path.Combine(folder, LogFileName)})";
                progress.WriteLine($"sweep: {done}/{plan.Jobs.Count} run {job.Number} {job.Describe()}: {outcome}");
                if (exitCode != 0)
                {
                    failed.Add(job.Number);
                }
            }
        });
        failed.Sort();
        return failed;
    }

    /// <summary>The command that starts this engine again: the apphost itself, or <c>dotnet engine.dll</c>.</summary>
    public static IReadOnlyList<string> EngineCommand()
    {
        string process = Environment.ProcessPath ?? "dotnet";
        string assembly = Assembly.GetEntryAssembly()?.Location ?? "";
        return Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? [process, assembly] : [process];
    }

    private static int RunOne(SweepJob job, string folder)
    {
        Directory.CreateDirectory(folder);
        IReadOnlyList<string> command = EngineCommand();
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Skip(1).Concat(job.Arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var log = new StreamWriter(Path.Combine(folder, LogFileName));
        log.WriteLine("$ engine " + string.Join(' ', job.Arguments.Select(JobScript.Quote)));
        using Process process = Process.Start(start) ?? throw new CommandFailedException($"could not start {command[0]}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        log.Write(stdout.GetAwaiter().GetResult());
        log.Write(stderr.GetAwaiter().GetResult());
        log.WriteLine($"exit {process.ExitCode}");
        return process.ExitCode;
    }
}
