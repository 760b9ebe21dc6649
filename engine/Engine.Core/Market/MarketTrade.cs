using Engine.Primitives;

namespace Engine.Core;

/// <summary>A public trade print of one instrument. <see cref="HasAggressor"/> is false when the venue does not say. Immutable.</summary>
public readonly record struct MarketTrade(InstrumentId Instrument, Price Price, Quantity Quantity, Side AggressorSide, bool HasAggressor, long VenueTime);
