using Engine.Concurrency.Agents;

namespace Engine.Gateways.Hosting.Venues;

/// <summary>Timing of a <see cref="VenueGatewayHost"/>'s duty cycle; the defaults suit a shared machine.</summary>
public sealed record VenueGatewayOptions
{
    /// <summary>The engine counts as gone when its heartbeat is older than this.</summary>
    public TimeSpan EngineTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the gateway refreshes its own heartbeat in the client table (well inside the engine's timeout).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often the gateway checks the engine (process, file, heartbeat) and the cancellation token.</summary>
    public TimeSpan LivenessInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Egress messages handed to the adapter per duty cycle before it is given its own work again.</summary>
    public int RequestsPerCycle { get; init; } = 256;

    /// <summary>
    /// What the thread does when a cycle found nothing to do. The default spins briefly, yields, then sleeps 1 ms: the
    /// simulated venue's markets act every few hundred microseconds, and on a shared 2-core machine a busy-spinning
    /// gateway would take a core from the engine. A real venue gateway on a dedicated core may spin instead.
    /// </summary>
    public Func<IIdleStrategy> IdleStrategy { get; init; } = static () => new BackoffIdleStrategy(maxSpins: 50, maxYields: 20, minParkMilliseconds: 1, maxParkMilliseconds: 1);

    public void Validate()
    {
        if (EngineTimeout <= TimeSpan.Zero || HeartbeatInterval <= TimeSpan.Zero || LivenessInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("venue gateway: EngineTimeout, HeartbeatInterval and LivenessInterval must be positive");
        }

        if (RequestsPerCycle <= 0)
        {
            throw new ArgumentException($"venue gateway: RequestsPerCycle must be positive, got {RequestsPerCycle}");
        }

        ArgumentNullException.ThrowIfNull(IdleStrategy);
    }
}
