using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A perpetual's funding as the BLP last saw it: the latest rate (predicted or settled) as mantissa x 10^exponent,
/// the funding time it belongs to and the mark price it came with, and the funding time of the last settlement the
/// BLP applied (0 before any), which makes settlements idempotent: a venue gateway that resends one after a
/// reconnect changes nothing. Immutable value, stored per listing in <see cref="MarketState"/>.
/// </summary>
public readonly record struct FundingRateState(long RateMantissa, int RateExponent, long FundingTime, bool Settled, Price MarkPrice, long LastSettledTime);
