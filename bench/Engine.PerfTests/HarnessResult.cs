namespace Engine.PerfTests;

/// <summary>
/// One reported figure. <see cref="BaselineName"/> and <see cref="BaselineValue"/> are set when a baseline ran in the
/// same process, so the ratio is meaningful on a shared, noisy machine.
/// </summary>
public sealed record HarnessResult(
    string Name,
    double Value,
    string Unit,
    string? BaselineName = null,
    double? BaselineValue = null)
{
    /// <summary>Extra figures for the same result (percentiles, counts, MB/s), written as additional JSON fields.</summary>
    public IReadOnlyDictionary<string, double>? Extra { get; init; }
}
