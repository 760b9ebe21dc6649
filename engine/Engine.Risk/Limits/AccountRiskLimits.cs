using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Per-account limits, in the valuation asset at the valuation scale. Immutable; replaced whole by an admin input.
/// </summary>
/// <param name="MaxGrossExposure">config maxGrossExposure: the largest sum over instruments of absolute position values, open orders counted as filled.</param>
/// <param name="MaxDailyLoss">config maxDailyLoss: the loss since the start of the trading day (realised + change in unrealised - fees + funding) that trips the account's kill switch.</param>
/// <param name="OrderRate">config orderRatePerSecond and orderBurst: the account's token bucket.</param>
public readonly record struct AccountRiskLimits(Amount MaxGrossExposure, Amount MaxDailyLoss, OrderRateLimit OrderRate)
{
    /// <summary>Every limit off: for tests that exercise one check at a time.</summary>
    public static AccountRiskLimits Unlimited => new(new Amount(RiskLimit.Unlimited), new Amount(RiskLimit.Unlimited), OrderRateLimit.Unlimited);
}
