using Engine.Primitives;

namespace Engine.Core;

/// <summary>A public trade print on one listing. <see cref="HasAggressor"/> is false when the venue does not say. Immutable.</summary>
public readonly record struct MarketTrade(ListingId Listing, InstrumentId Instrument, Price Price, Quantity Quantity, Side AggressorSide, bool HasAggressor, long ExchangeTime);
