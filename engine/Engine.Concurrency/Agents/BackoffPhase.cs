namespace Engine.Concurrency.Agents;

/// <summary>The step a <see cref="BackoffIdleStrategy"/> is in: each is cheaper in CPU and slower to react.</summary>
public enum BackoffPhase
{
    NotIdle,
    Spinning,
    Yielding,
    Parking,
}
