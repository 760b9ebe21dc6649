using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// A venue as configured: its id, its code in commands and config (BINANCE, OKX_SWAP, SIM) and its symbol format.
/// <see cref="IsSimulated"/>: our matching engine in a gateway process (paper trading, backtests). <see cref="IsInternal"/>:
/// internal crossing, our matching engine inside the BLP, where orders of the engine's accounts trade with each other
/// and never leave the engine. Immutable.
/// </summary>
public sealed record Venue(VenueId Id, string Code, string Name, SymbolFormat SymbolFormat, bool IsSimulated, bool IsInternal = false);
