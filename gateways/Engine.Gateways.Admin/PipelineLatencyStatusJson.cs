using System.Text.Json;

namespace Engine.Gateways.Admin;

/// <summary>
/// Status's <c>pipelineLatency</c>: the engine host's per-stage latencies, read from the file the host publishes next
/// to the transport file (<see cref="Engine.Transport.PipelineLatencyFile"/>), as they stood at its <c>time</c> (about
/// once a second). They come by this side path, not in the EngineStatus message: the status is answered by the
/// deterministic BLP from a journaled request, and the host's clock measurements are no part of its state. null when
/// the engine has published none (yet).
/// </summary>
public static class PipelineLatencyStatusJson
{
    public const string PropertyName = "pipelineLatency";

    public static void Write(Utf8JsonWriter json, string transportPath)
    {
        ArgumentNullException.ThrowIfNull(json);
        string? published = Engine.Transport.PipelineLatencyFile.TryRead(transportPath);
        if (published is not null)
        {
            try
            {
                using JsonDocument document = JsonDocument.Parse(published);
                json.WritePropertyName(PropertyName);
                document.RootElement.WriteTo(json);
                return;
            }
            catch (JsonException)
            {
                // Replaced whole by a rename, so never half written; anything else unreadable is shown as absent.
            }
        }

        json.WriteNull(PropertyName);
    }
}
