using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// The operators' names of the wire's risk limit types (risk.json's and the admin gateway's), and each limit's range,
/// for refusal reasons and reports. Stateless.
/// </summary>
public static class RiskLimitNames
{
    /// <summary>The limit's operator name; the wire number for a type this build does not know.</summary>
    public static string Of(Sbe.RiskLimitType type) => type switch
    {
        Sbe.RiskLimitType.MaxOrderQuantity => "maxOrderSize",
        Sbe.RiskLimitType.MaxPosition => "maxPositionSize",
        Sbe.RiskLimitType.MaxNotional => "maxOrderNotional",
        Sbe.RiskLimitType.MaxOpenOrders => "maxOpenOrders",
        Sbe.RiskLimitType.MaxOrdersPerSecond => "orderRatePerSecond",
        Sbe.RiskLimitType.PriceBandBasisPoints => "priceBandBps",
        Sbe.RiskLimitType.MaxSymbolExposure => "maxSymbolExposure",
        Sbe.RiskLimitType.MaxGrossExposure => "maxGrossExposure",
        Sbe.RiskLimitType.MaxDailyLoss => "maxDailyLoss",
        Sbe.RiskLimitType.OrderBurst => "orderBurst",
        _ => "limit type " + ((int)type).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The values the limit takes, in words.</summary>
    public static string Range(Sbe.RiskLimitType type) => type switch
    {
        Sbe.RiskLimitType.PriceBandBasisPoints => "0 (no band) to 2147483647 basis points",
        Sbe.RiskLimitType.MaxOrdersPerSecond => "0 (unlimited) to 1000000000 orders per second",
        Sbe.RiskLimitType.OrderBurst => "1 to 1000000000 orders",
        _ => "positive (unlimited is the largest mantissa)",
    };
}
