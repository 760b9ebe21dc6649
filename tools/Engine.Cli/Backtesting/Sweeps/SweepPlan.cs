using System.Globalization;
using System.Text.Json;

namespace Engine.Cli.Backtesting.Sweeps;

/// <summary>
/// A sweep: the grid's axes, the backtest arguments every run shares, and one <see cref="SweepJob"/> per grid point
/// (the first axis varies slowest; runs are numbered from 1 in that order). Kept as <c>sweep.json</c> in the sweep's
/// folder, so that runs executed anywhere (<c>--emit-jobs</c>) can be merged later by <c>engine backtest merge</c>.
/// Immutable.
/// </summary>
public sealed record SweepPlan(string Folder, IReadOnlyList<GridAxis> Axes, IReadOnlyList<string> SharedArguments, IReadOnlyList<SweepJob> Jobs)
{
    public const string FileName = "sweep.json";

    /// <summary>More runs than this is refused: the grid is probably not what was meant.</summary>
    public const int MaxRuns = 100_000;

    public static SweepPlan Create(string folder, IReadOnlyList<GridAxis> axes, IReadOnlyList<string> sharedArguments)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Count == 0)
        {
            throw new UsageException("a sweep needs at least one --grid");
        }

        if (axes.Select(a => a.Name).Distinct(StringComparer.Ordinal).Count() != axes.Count)
        {
            throw new UsageException("a parameter appears in two --grid options");
        }

        long runs = axes.Aggregate(1L, (product, axis) => product * axis.Values.Count);
        if (runs > MaxRuns)
        {
            throw new UsageException($"the grid has {runs:N0} points; at most {MaxRuns:N0} runs per sweep");
        }

        string root = Path.GetFullPath(folder);
        var jobs = new List<SweepJob>((int)runs);
        int width = Math.Max(4, runs.ToString(CultureInfo.InvariantCulture).Length);
        for (int index = 0; index < runs; index++)
        {
            var point = new List<KeyValuePair<string, string>>(axes.Count);
            int rest = index;
            for (int axis = axes.Count - 1; axis >= 0; axis--)
            {
                point.Insert(0, new(axes[axis].Name, axes[axis].Values[rest % axes[axis].Values.Count]));
                rest /= axes[axis].Values.Count;
            }

            int number = index + 1;
            string runFolder = Path.Combine("runs", number.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
            var arguments = new List<string> { "backtest" };
            arguments.AddRange(sharedArguments);
            foreach ((string name, string value) in point)
            {
                arguments.Add("--param");
                arguments.Add(name + "=" + value);
            }

            arguments.AddRange(["--report", Path.Combine(root, runFolder, "report"), "--data-dir", Path.Combine(root, runFolder, "work")]);
            jobs.Add(new SweepJob(number, point, runFolder, arguments));
        }

        return new SweepPlan(root, axes, sharedArguments, jobs);
    }

    public void Save()
    {
        Directory.CreateDirectory(Folder);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("sweepVersion", 1);
            json.WriteStartArray("sharedArguments");
            foreach (string argument in SharedArguments)
            {
                json.WriteStringValue(argument);
            }

            json.WriteEndArray();
            json.WriteStartArray("axes");
            foreach (GridAxis axis in Axes)
            {
                json.WriteStartObject();
                json.WriteString("name", axis.Name);
                json.WriteStartArray("values");
                axis.Values.ToList().ForEach(json.WriteStringValue);
                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        string path = Path.Combine(Folder, FileName);
        File.WriteAllBytes(path + ".partial", stream.ToArray());
        File.Move(path + ".partial", path, overwrite: true);
    }

    /// <summary>The plan a sweep folder's sweep.json describes (its jobs are rebuilt from it exactly as they were made).</summary>
    public static SweepPlan Load(string folder)
    {
        string path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            throw new UsageException($"--report {folder}: no {FileName} there; it is not a sweep folder (run `engine backtest sweep` with --report or --emit-jobs first)");
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            string[] shared = [.. root.GetProperty("sharedArguments").EnumerateArray().Select(a => a.GetString()!)];
            GridAxis[] axes = [.. root.GetProperty("axes").EnumerateArray().Select(a => new GridAxis(
                a.GetProperty("name").GetString()!, [.. a.GetProperty("values").EnumerateArray().Select(v => v.GetString()!)]))];
            return Create(folder, axes, shared);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CommandFailedException($"{path}: not a sweep manifest this engine can read ({e.Message})");
        }
    }
}
