namespace Engine.Concurrency.Agents;

/// <summary>
/// What an agent's thread does between duty cycles: nothing when there was work, and a latency/CPU trade when
/// there was none (spin, yield, back off, sleep).
/// </summary>
/// <remarks>Thread ownership: an instance with state (the back-off) belongs to one runner thread.</remarks>
public interface IIdleStrategy
{
    /// <summary>Called after every duty cycle with the work it did; idles only when <paramref name="workCount"/> is 0.</summary>
    void Idle(int workCount);

    /// <summary>Forgets any back-off state (the next idle starts from the cheapest step).</summary>
    void Reset();
}
