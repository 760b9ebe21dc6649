namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>One execution of a simulated order: the <c>fills</c> entries of a FULL response and the trade list.</summary>
public sealed record BinanceFill(long TradeId, long OrderId, string Symbol, bool IsBuyer, bool IsMaker, decimal Price, decimal Quantity, decimal Commission, string CommissionAsset, long Time);
