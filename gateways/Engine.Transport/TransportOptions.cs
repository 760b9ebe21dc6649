namespace Engine.Transport;

/// <summary>Sizes and place of an engine's transport file. The defaults suit one engine and a few gateways.</summary>
public sealed record TransportOptions
{
    /// <summary>/dev/shm when the OS has it (memory, never disk), else the temp folder.</summary>
    public static string DefaultDirectory => System.IO.Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();

    public string Directory { get; init; } = DefaultDirectory;

    /// <summary>The file name; one engine instance per name.</summary>
    public string Name { get; init; } = "engine-ipc";

    public int IngressCapacity { get; init; } = 4 * 1024 * 1024;

    public int EgressCapacity { get; init; } = 4 * 1024 * 1024;

    public int MaxClients { get; init; } = 64;

    public string FilePath => Path.Combine(Directory, Name);

    public void Validate()
    {
        Ingress.RingBufferDescriptor.CheckCapacity(IngressCapacity);
        Egress.BroadcastBufferDescriptor.CheckCapacity(EgressCapacity);
        if (MaxClients is < 1 or > 4096)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxClients), $"MaxClients must be between 1 and 4096, got {MaxClients}");
        }

        if (string.IsNullOrWhiteSpace(Name) || Name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"'{Name}' is not a valid transport file name", nameof(Name));
        }
    }
}
