namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>One run's row of the results table: its job, whether it produced a report, its figures (null where undefined) and StateHash.</summary>
public sealed record SweepResult(SweepJob Job, string Status, IReadOnlyDictionary<string, double?> Figures, string StateHash)
{
    public double? this[string metric] => Figures.TryGetValue(metric, out double? value) ? value : null;
}
