namespace Engine.Risk;

/// <summary>Shared limit sentinels. A limit of <see cref="Unlimited"/> units never rejects (config: "unlimited").</summary>
public static class RiskLimit
{
    /// <summary>The raw units of a limit that is off.</summary>
    public const long Unlimited = long.MaxValue;

    /// <summary>A price band of this many basis points is off.</summary>
    public const int NoPriceBand = 0;

    /// <summary>One in basis points: 10,000 bps = 100 %.</summary>
    public const int BasisPointsPerUnit = 10_000;
}
