namespace Engine.Transport.Tests;

/// <summary>Transport files with unique names (tests run in parallel with other test processes on the host).</summary>
public static class TestTransports
{
    public static TransportOptions Small(int ingressCapacity = 64 * 1024, int egressCapacity = 64 * 1024) => new()
    {
        Name = $"engine-test-{Environment.ProcessId}-{Guid.NewGuid():N}",
        IngressCapacity = ingressCapacity,
        EgressCapacity = egressCapacity,
        MaxClients = 8,
    };
}
