namespace Engine.Risk;

/// <summary>The risk engine's per-strategy slot, indexed by strategy id. Mutable; owned by the BLP thread.</summary>
internal struct StrategyRiskState
{
    public OrderRateLimit Limit;
    public TokenBucket OrderBucket;
}
