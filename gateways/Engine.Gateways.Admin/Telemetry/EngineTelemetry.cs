using System.Globalization;
using System.Text.Json;
using Engine.Transport;

namespace Engine.Gateways.Admin.Telemetry;

/// <summary>
/// Reads the engine host's once-a-second publication (<see cref="PipelineLatencyFile"/>) for health, metrics and the
/// console's status: nothing is asked of the engine and nothing is journaled. A reading is taken at most every
/// <see cref="MinimumInterval"/>, however many callers ask; rates come from the last two distinct publications.
/// Thread-safe (one lock around the read and the derived state).
/// </summary>
public sealed class EngineTelemetry(string transportPath, TimeProvider time)
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>A publication older than this means the engine host stopped publishing (stopped, hung or gone).</summary>
    public static readonly TimeSpan Stale = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private EngineProgressReading? _current;
    private EngineProgressReading? _previous;

    /// <summary>The latest reading, or null when the engine has published none (or none with its progress).</summary>
    public EngineProgressReading? Current
    {
        get
        {
            lock (_lock)
            {
                DateTimeOffset now = time.GetUtcNow();
                if (now - _lastRead >= MinimumInterval)
                {
                    _lastRead = now;
                    Read(now);
                }

                return _current;
            }
        }
    }

    private void Read(DateTimeOffset now)
    {
        string? published = PipelineLatencyFile.TryRead(transportPath);
        if (published is null)
        {
            _current = null;
            return;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(published);
            JsonElement root = document.RootElement;
            if (!root.TryGetProperty("host", out JsonElement host) || host.ValueKind != JsonValueKind.Object)
            {
                _current = null;
                return;
            }

            var stamp = DateTimeOffset.Parse(root.GetProperty("time").GetString()!, CultureInfo.InvariantCulture);
            if (_current is { } same && same.Time == stamp)
            {
                _current = same with { JournalAdvancing = same.JournalAdvancing && now - stamp < Stale };
                return;
            }

            long inputs = host.GetProperty("inputsAccepted").GetInt64();
            long journal = host.GetProperty("journalSequence").GetInt64();
            long? replication = host.GetProperty("replicationLag").ValueKind == JsonValueKind.Number ? host.GetProperty("replicationLag").GetInt64() : null;
            double rate = 0;
            bool advancing = false;
            if (_current is { } before && stamp > before.Time)
            {
                rate = (inputs - before.InputsAccepted) / (stamp - before.Time).TotalSeconds;
                advancing = journal > before.JournalSequence;
            }

            _previous = _current;
            _current = new EngineProgressReading(
                stamp, inputs, journal, host.GetProperty("durableSequence").GetInt64(), host.GetProperty("appliedSequence").GetInt64(), replication,
                Math.Max(0, rate), advancing && now - stamp < Stale, Stages(root));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Replaced whole by a rename, so never half written; an engine of another version publishes another shape.
            _current = _previous;
        }
    }

    private static List<StageLatencyReading> Stages(JsonElement root)
    {
        var stages = new List<StageLatencyReading>();
        if (!root.TryGetProperty("stages", out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            return stages;
        }

        foreach (JsonElement stage in array.EnumerateArray())
        {
            var percentiles = new List<(string, double)>();
            foreach (JsonProperty percentile in stage.GetProperty("percentiles").EnumerateObject())
            {
                // "p99.9" -> quantile "0.999", Prometheus' convention.
                double value = double.Parse(percentile.Name.AsSpan(1), CultureInfo.InvariantCulture) / 100;
                percentiles.Add((value.ToString(CultureInfo.InvariantCulture), percentile.Value.GetDouble()));
            }

            stages.Add(new StageLatencyReading(stage.GetProperty("stage").GetString()!, stage.GetProperty("count").GetInt64(), percentiles));
        }

        return stages;
    }
}
