using System.Text;

namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// <c>--emit-jobs FILE</c>: one POSIX shell command per run, so a sweep can be run by any batch scheduler (a job
/// array, GNU parallel, xargs -P); then <c>engine backtest merge --report DIR</c> builds the results table. Each line
/// is complete on its own and writes only into its own run folder.
/// </summary>
public static class JobScript
{
    public static void Write(SweepPlan plan, string path)
    {
        ArgumentNullException.ThrowIfNull(plan);
        string engine = string.Join(' ', SweepRunner.EngineCommand().Select(Quote));
        var script = new StringBuilder();
        foreach (SweepJob job in plan.Jobs)
        {
            script.Append(engine).Append(' ').Append(string.Join(' ', job.Arguments.Select(Quote))).Append(" > ")
                .Append(Quote(Path.Combine(plan.Folder, job.Folder, SweepRunner.LogFileName))).Append(" 2>&1\n");
        }

        try
        {
            Directory.CreateDirectory(plan.Folder);
            foreach (SweepJob job in plan.Jobs)
            {
                Directory.CreateDirectory(Path.Combine(plan.Folder, job.Folder));
            }

            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            Directory.CreateDirectory(folder!);
            File.WriteAllText(path + ".partial", script.ToString());
            File.Move(path + ".partial", path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--emit-jobs {path}: cannot write it ({e.Message})");
        }
    }

    /// <summary>A word as POSIX sh reads it literally: bare when it is plainly safe, else in single quotes.</summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        bool safe = word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,@%+".Contains(c, StringComparison.Ordinal));
        return safe ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }
}
