using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engine.Host;

/// <summary>
/// The pipeline's stage latencies as the JSON the host publishes (<see cref="Engine.Transport.PipelineLatencyFile"/>)
/// and the admin gateway shows under status's <c>pipelineLatency</c>:
/// <code>
/// { "time": "2026-01-02T03:04:05.678Z", "unit": "µs",
///   "stages": [ { "stage": "receive -> journaled", "description": "...", "count": 1234,
///                 "percentiles": { "p50": 12.3, "p90": 45.6 }, "max": 789.0 }, ... ] }
/// </code>
/// A percentile the sample count cannot support is left out (see <see cref="SupportedPercentiles"/>). With the host's
/// progress it adds <c>"host": {"inputsAccepted", "journalSequence", "durableSequence", "appliedSequence",
/// "replicationLag"}</c> (the gateway's health and metrics). Stateless.
/// </summary>
public static class PipelineLatencyJson
{
    public static string Format(PipelineLatencies latencies, DateTimeOffset time, HostProgress? progress = null)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        using var buffer = new MemoryStream();
        // Relaxed escaping: operators read the file as it is (µ and -> stay readable); it is never embedded in HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("time", time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("unit", "µs");
            json.WriteStartArray("stages");
            foreach (StageLatency stage in latencies.Stages)
            {
                LatencySummary summary = stage.Summarize();
                json.WriteStartObject();
                json.WriteString("stage", stage.Name);
                json.WriteString("description", stage.Description);
                json.WriteNumber("count", summary.Count);
                json.WriteStartObject("percentiles");
                foreach ((double percentile, long nanos) in summary.Percentiles)
                {
                    json.WriteNumber("p" + percentile.ToString(CultureInfo.InvariantCulture), Micros(nanos));
                }

                json.WriteEndObject();
                if (summary.Count > 0)
                {
                    json.WriteNumber("max", Micros(summary.MaxNanos));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (progress is { } host)
            {
                json.WriteStartObject("host");
                json.WriteNumber("inputsAccepted", host.InputsAccepted);
                json.WriteNumber("journalSequence", host.JournalSequence);
                json.WriteNumber("durableSequence", host.DurableSequence);
                json.WriteNumber("appliedSequence", host.AppliedSequence);
                if (host.ReplicationLag is { } lag)
                {
                    json.WriteNumber("replicationLag", lag);
                }
                else
                {
                    json.WriteNull("replicationLag");
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static double Micros(long nanos) => Math.Round(nanos / 1000.0, 1);
}
