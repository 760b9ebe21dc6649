namespace Engine.Host;

/// <summary>
/// Where the engine's execution reports come from (engine.json's <c>mode</c>; docs/OPERATIONS.md, "Paper trading").
/// Live: the venue gateways send orders to the venues and report their executions. Paper: the venue gateways bring the
/// real market data, and the orders of the paper venues (<see cref="PaperTradingConfig"/>) are filled in the engine
/// process by the fill simulation against the book the BLP sees; nothing reaches a real venue.
/// </summary>
public enum TradingMode
{
    Live,
    Paper,
}
