using Engine.Primitives;

namespace Engine.Gateways.Venues.Feeds;

/// <summary>
/// A public trade as a venue printed it. <see cref="Aggressor"/> is the taker's side, or null when the venue does not
/// say. Times in nanoseconds: exchange clock and gateway receive clock.
/// </summary>
public readonly record struct TradePrint(long TradeId, long Price, long Quantity, Side? Aggressor, long ExchangeNanos, long ReceiveNanos);
