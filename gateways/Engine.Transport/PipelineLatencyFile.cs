namespace Engine.Transport;

/// <summary>
/// A small JSON file next to the transport file (<c>TRANSPORT.latency.json</c>, in /dev/shm by default: memory, not
/// disk) where the engine host publishes its pipeline's stage latencies about once a second, for gateways (the admin
/// gateway's status) to read. The engine's measurements are host data, not BLP state, so they do not travel through
/// the journaled status request; this file is their side path. Written by the engine (replaced whole, atomically);
/// read by anyone. The engine deletes it when it stops.
/// </summary>
public static class PipelineLatencyFile
{
    public static string PathFor(string transportPath)
    {
        ArgumentNullException.ThrowIfNull(transportPath);
        return transportPath + ".latency.json";
    }

    /// <summary>Replaces the file with <paramref name="json"/> (written beside it, then renamed over it: readers see all or nothing).</summary>
    public static void Write(string transportPath, string json)
    {
        string path = PathFor(transportPath);
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The file's JSON, or null when there is none (an engine that has not written it yet, or none at all).</summary>
    public static string? TryRead(string transportPath)
    {
        try
        {
            return File.ReadAllText(PathFor(transportPath));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void Delete(string transportPath)
    {
        string path = PathFor(transportPath);
        File.Delete(path);
        File.Delete(path + ".tmp");
    }
}
