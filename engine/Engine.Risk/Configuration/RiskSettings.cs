using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Everything the risk engine starts from, usually parsed from config/risk.json by <see cref="RiskConfig"/>.
/// Limits in valuation units are amounts of <see cref="ValuationAsset"/> at <see cref="ValuationScale"/> decimals.
/// <see cref="TradingDayRollNanos"/> is the time of day (UTC, nanoseconds after midnight) at which a trading day
/// starts and the daily loss restarts from zero. Immutable.
/// </summary>
public sealed record RiskSettings(
    string ValuationAsset,
    int ValuationScale,
    int MaxAccountId,
    int MaxStrategyId,
    long DeadManIntervalNanos,
    IReadOnlyList<RiskInstrument> Instruments,
    AccountRiskLimits AccountDefaults,
    IReadOnlyList<KeyValuePair<AccountId, AccountRiskLimits>> AccountOverrides,
    OrderRateLimit StrategyDefaults,
    long TradingDayRollNanos = 0)
{
    /// <summary>
    /// Upper bound on maxAccountId: positions are a flat array of (accounts x instruments), and the BLP's funding
    /// settlement gives every account its own transfer id below the input's other postings (Engine.Core.TransferIds).
    /// </summary>
    public const int MaxAccountIdLimit = (1 << 16) - 1;

    /// <summary>
    /// When a venue gateway reports a balance or position break (VenueAlert), engage the account's kill switch and
    /// cancel its orders: the books no longer describe the account, and an operator must reconcile before it trades.
    /// </summary>
    public bool KillSwitchOnVenueBreak { get; init; }

    /// <summary>The accounts whose positions must always have a protective stop at their venue (risk.json's <c>protectiveStop</c>).</summary>
    public IReadOnlyList<ProtectiveStopPolicy> ProtectiveStops { get; init; } = [];

    /// <summary>Upper bound on maxStrategyId.</summary>
    public const int MaxStrategyIdLimit = 1 << 16;

    /// <summary>Upper bound on accounts x instruments position slots (each about 56 bytes).</summary>
    public const long MaxPositionSlots = 1L << 24;
}
