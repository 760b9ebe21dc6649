namespace Engine.Risk;

/// <summary>
/// The risk engine's per-account slot, indexed by account id. Daily figures are in valuation units. Mutable; owned
/// by the BLP thread, reached by <c>ref</c>.
/// </summary>
internal struct AccountRiskState
{
    public bool Open;
    public bool KillSwitch;
    public TradingState State;
    public AccountRiskLimits Limits;
    public TokenBucket OrderBucket;

    /// <summary>Realised P&amp;L since the start of the trading day.</summary>
    public long RealisedToday;

    /// <summary>Fees paid since the start of the trading day (positive means paid).</summary>
    public long FeesToday;

    /// <summary>Funding received (positive) or paid since the start of the trading day.</summary>
    public long FundingToday;

    /// <summary>Unrealised P&amp;L of all positions when the trading day started.</summary>
    public long UnrealisedAtDayStart;
}
