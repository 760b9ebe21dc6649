using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// A venue as configured: its id, its code in commands and config (BINANCE, OKX_SWAP, SIM) and its symbol format.
/// <see cref="IsSimulated"/>: our matching engine in a gateway process (paper trading, backtests). <see cref="IsInternal"/>:
/// internal crossing, our matching engine inside the BLP, where orders of the engine's accounts trade with each other
/// and never leave the engine. <see cref="CancelsOnDisconnect"/>: the venue cancels a session's open orders when the
/// session drops (config "cancelOnDisconnect"; the simulated venue does, its orders live in the gateway process), so
/// the engine may close them as canceled when the venue's gateway dies; otherwise they are unknown until the gateway
/// reconnects and reconciles. Immutable.
/// </summary>
public sealed record Venue(VenueId Id, string Code, string Name, SymbolFormat SymbolFormat, bool IsSimulated, bool IsInternal = false, bool CancelsOnDisconnect = false);
