using System.Globalization;
using System.Text;

namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// <c>heatmap.html</c>: one self-contained page with a grid of two swept parameters (x across, y down) coloured by a
/// figure, green better and red worse, each cell labelled with its value. With more than two axes, a cell shows the
/// best value over the other axes' values (and its tooltip says which run). Runs without the figure are grey.
/// </summary>
public static class SweepHeatmap
{
    public const string FileName = "heatmap.html";

    public static void Write(SweepPlan plan, IReadOnlyList<SweepResult> results, string x, string y, string metric, string path)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(results);
        GridAxis xAxis = plan.Axes.First(a => a.Name == x);
        GridAxis yAxis = plan.Axes.First(a => a.Name == y);
        bool lower = SweepMetric.LowerIsBetter(metric);
        var best = new Dictionary<(string X, string Y), SweepResult>();
        foreach (SweepResult result in results)
        {
            if (result[metric] is not { } value)
            {
                continue;
            }

            (string, string) key = (Value(result, x), Value(result, y));
            if (!best.TryGetValue(key, out SweepResult? current) || (lower ? value < current[metric] : value > current[metric]))
            {
                best[key] = result;
            }
        }

        double min = best.Count == 0 ? 0 : best.Values.Min(r => r[metric]!.Value);
        double max = best.Count == 0 ? 1 : best.Values.Max(r => r[metric]!.Value);
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sweep: ")
            .Append(metric).Append("</title><style>body{font:14px system-ui,sans-serif;margin:24px}table{border-collapse:collapse}")
            .Append("td,th{padding:6px 10px;text-align:center;font-variant-numeric:tabular-nums;border:1px solid #fff}th{background:#f1f3f7}")
            .Append("td.none{background:#e4e7ee;color:#8a93a5}</style></head><body><h1>")
            .Append(metric).Append(lower ? " (lower is better)" : " (higher is better)").Append("</h1><p>")
            .Append(Encode(y)).Append(" ↓ × ").Append(Encode(x)).Append(" →");
        if (plan.Axes.Count > 2)
        {
            html.Append(" · each cell: the best run over ").Append(Encode(string.Join(", ", plan.Axes.Select(a => a.Name).Where(n => n != x && n != y))));
        }

        html.Append("</p><table><tr><th></th>");
        foreach (string column in xAxis.Values)
        {
            html.Append("<th>").Append(Encode(column)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (string row in yAxis.Values)
        {
            html.Append("<tr><th>").Append(Encode(row)).Append("</th>");
            foreach (string column in xAxis.Values)
            {
                if (!best.TryGetValue((column, row), out SweepResult? result))
                {
                    html.Append("<td class=\"none\">n/a</td>");
                    continue;
                }

                double value = result[metric]!.Value;
                double goodness = max == min ? 0.5 : (value - min) / (max - min);
                goodness = lower ? 1 - goodness : goodness;
                html.Append("<td style=\"background:").Append(Colour(goodness)).Append("\" title=\"run ").Append(result.Job.Number.ToString(CultureInfo.InvariantCulture))
                    .Append(": ").Append(Encode(result.Job.Describe())).Append("\">").Append(value.ToString("0.####", CultureInfo.InvariantCulture)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table></body></html>\n");
        File.WriteAllText(path + ".partial", html.ToString());
        File.Move(path + ".partial", path, overwrite: true);
    }

    private static string Value(SweepResult result, string axis) => result.Job.Point.First(p => p.Key == axis).Value;

    /// <summary>Red (0) through pale yellow (0.5) to green (1).</summary>
    private static string Colour(double goodness)
    {
        (int r, int g, int b) = goodness < 0.5
            ? ((int)(230 + (20 * goodness * 2)), (int)(110 + ((250 - 110) * goodness * 2)), (int)(100 + ((190 - 100) * goodness * 2)))
            : ((int)(250 - ((250 - 90) * (goodness - 0.5) * 2)), (int)(250 - ((250 - 185) * (goodness - 0.5) * 2)), (int)(190 - ((190 - 110) * (goodness - 0.5) * 2)));
        return string.Create(CultureInfo.InvariantCulture, $"rgb({r},{g},{b})");
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
