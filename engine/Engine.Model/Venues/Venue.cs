using Engine.Primitives;

namespace Engine.Model;

/// <summary>A venue as configured: its id, its code in commands and config (BINANCE, OKX_SWAP, SIM) and its symbol format. Immutable.</summary>
public sealed record Venue(VenueId Id, string Code, string Name, SymbolFormat SymbolFormat, bool IsSimulated);
