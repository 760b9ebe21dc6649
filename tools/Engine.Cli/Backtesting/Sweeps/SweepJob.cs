namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// One run of a sweep: its number, its grid point (parameter name to value, in the grid's axis order), the folder it
/// writes (its report and logs) relative to the sweep's report folder, and the <c>engine</c> arguments that run it.
/// </summary>
public sealed record SweepJob(int Number, IReadOnlyList<KeyValuePair<string, string>> Point, string Folder, IReadOnlyList<string> Arguments)
{
    /// <summary>Where the run's report files go, relative to the sweep's folder.</summary>
    public string ReportFolder => Path.Combine(Folder, "report");

    /// <summary>The grid point as <c>a=1 b=2</c>, for logs and errors.</summary>
    public string Describe() => string.Join(' ', Point.Select(p => p.Key + "=" + p.Value));
}
