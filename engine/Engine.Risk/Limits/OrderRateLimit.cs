namespace Engine.Risk;

/// <summary>
/// A token bucket's shape: <see cref="PerSecond"/> tokens refill per second of input time, up to
/// <see cref="Burst"/>; each order takes one. <see cref="PerSecond"/> 0 means unlimited. Immutable.
/// </summary>
public readonly record struct OrderRateLimit(int PerSecond, int Burst)
{
    public static readonly OrderRateLimit Unlimited;

    public bool IsUnlimited => PerSecond == 0;
}
