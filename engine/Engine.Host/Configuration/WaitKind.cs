using Engine.Concurrency.Agents;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Host;

/// <summary>
/// How the pipeline's threads wait for work. BusySpin: lowest latency, a whole core per thread (only with isolated
/// cores). Yielding: microseconds, and gives the core away when others need it (the default; right for shared
/// machines). Sleeping: backs off to sleeps, near-idle CPU, millisecond latency. Blocking: a lock and a condition,
/// lowest CPU, tens of microseconds.
/// </summary>
public enum WaitKind
{
    BusySpin,
    Yielding,
    Sleeping,
    Blocking,
}

/// <summary>The ring wait strategy and the agent idle strategy of each <see cref="WaitKind"/>.</summary>
public static class WaitKinds
{
    public static IWaitStrategy CreateWaitStrategy(this WaitKind kind) => kind switch
    {
        WaitKind.BusySpin => new BusySpinWaitStrategy(),
        WaitKind.Yielding => new YieldingWaitStrategy(),
        WaitKind.Sleeping => new SleepingWaitStrategy(),
        _ => new BlockingWaitStrategy(),
    };

    public static IIdleStrategy CreateIdleStrategy(this WaitKind kind) => kind switch
    {
        WaitKind.BusySpin => new BusySpinIdleStrategy(),
        WaitKind.Yielding => new YieldingIdleStrategy(),
        _ => new BackoffIdleStrategy(),
    };
}
