namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>One execution of a simulated USD-M order: an entry of <c>userTrades</c> and the TRADE update of the stream.</summary>
public sealed record BinanceUsdMFill(
    long TradeId,
    long OrderId,
    string Symbol,
    bool IsBuyer,
    bool IsMaker,
    decimal Price,
    decimal Quantity,
    decimal Commission,
    string CommissionAsset,
    decimal RealizedPnl,
    long Time);
