using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// The results table of a sweep: every run's report.json read back, sorted best first by a chosen figure (runs
/// without the figure, or without a report, last; ties by run number), written as <c>results.csv</c>. Reading the
/// runs' own report files is what makes a sweep run elsewhere (<c>--emit-jobs</c>) mergeable.
/// </summary>
public static class SweepResults
{
    public const string FileName = "results.csv";

    public static IReadOnlyList<SweepResult> Read(SweepPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var results = new List<SweepResult>(plan.Jobs.Count);
        foreach (SweepJob job in plan.Jobs)
        {
            string path = Path.Combine(plan.Folder, job.ReportFolder, "report.json");
            if (!File.Exists(path))
            {
                results.Add(new SweepResult(job, "missing", new Dictionary<string, double?>(), ""));
                continue;
            }

            try
            {
                using JsonDocument report = JsonDocument.Parse(File.ReadAllBytes(path));
                var figures = new Dictionary<string, double?>(StringComparer.Ordinal);
                foreach (string name in SweepMetric.Names)
                {
                    figures[name] = report.RootElement.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
                }

                string hash = report.RootElement.TryGetProperty("stateHash", out JsonElement h) ? h.GetString() ?? "" : "";
                results.Add(new SweepResult(job, "ok", figures, hash));
            }
            catch (JsonException e)
            {
                throw new CommandFailedException($"{path}: not a report.json ({e.Message})");
            }
        }

        return results;
    }

    public static IReadOnlyList<SweepResult> Sort(IReadOnlyList<SweepResult> results, string metric)
    {
        ArgumentNullException.ThrowIfNull(results);
        int direction = SweepMetric.LowerIsBetter(metric) ? 1 : -1;
        return [.. results
            .OrderBy(r => r[metric] is null ? 1 : 0)
            .ThenBy(r => r[metric] is { } value ? direction * value : 0)
            .ThenBy(r => r.Job.Number)];
    }

    public static void WriteCsv(SweepPlan plan, IReadOnlyList<SweepResult> sorted, string path)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sorted);
        var csv = new StringBuilder("run,");
        csv.Append(string.Join(',', plan.Axes.Select(a => a.Name))).Append(",status,").Append(string.Join(',', SweepMetric.Names)).Append(",stateHash\n");
        foreach (SweepResult result in sorted)
        {
            csv.Append(result.Job.Number.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(string.Join(',', result.Job.Point.Select(p => p.Value))).Append(',').Append(result.Status).Append(',')
                .Append(string.Join(',', SweepMetric.Names.Select(n => result[n]?.ToString("R", CultureInfo.InvariantCulture) ?? "")))
                .Append(',').Append(result.StateHash).Append('\n');
        }

        File.WriteAllText(path + ".partial", csv.ToString());
        File.Move(path + ".partial", path, overwrite: true);
    }
}
