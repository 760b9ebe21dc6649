namespace Engine.Codecs;

/// <summary>
/// The operators' names of the wire's risk limit types (risk.json's and the admin gateway's), and each limit's range,
/// for the engine's refusal reasons and the gateway's reports: one list both read. Stateless.
/// </summary>
public static class RiskLimitNames
{
    /// <summary>The limit's operator name; the wire number for a type this build does not know.</summary>
    public static string Of(RiskLimitType type) => type switch
    {
        RiskLimitType.MaxOrderQuantity => "maxOrderSize",
        RiskLimitType.MaxPosition => "maxPositionSize",
        RiskLimitType.MaxNotional => "maxOrderNotional",
        RiskLimitType.MaxOpenOrders => "maxOpenOrders",
        RiskLimitType.MaxOrdersPerSecond => "orderRatePerSecond",
        RiskLimitType.PriceBandBasisPoints => "priceBandBps",
        RiskLimitType.MaxSymbolExposure => "maxSymbolExposure",
        RiskLimitType.MaxGrossExposure => "maxGrossExposure",
        RiskLimitType.MaxDailyLoss => "maxDailyLoss",
        RiskLimitType.OrderBurst => "orderBurst",
        _ => "limit type " + ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The values the limit takes, in words.</summary>
    public static string Range(RiskLimitType type) => type switch
    {
        RiskLimitType.PriceBandBasisPoints => "0 (no band) to 2147483647 basis points",
        RiskLimitType.MaxOrdersPerSecond => "0 (unlimited) to 1000000000 orders per second",
        RiskLimitType.OrderBurst => "1 to 1000000000 orders",
        _ => "positive (unlimited is the largest mantissa)",
    };
}
