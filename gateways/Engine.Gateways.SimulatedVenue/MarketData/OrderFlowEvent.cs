using Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.MarketData;

/// <summary>
/// One action of the simulated market's participants at simulated time <see cref="TimeNanos"/>. For a market order,
/// <see cref="Price"/> is the protection price; for a cancel, <see cref="OrderId"/> names the order (price and
/// quantity are those it was placed with). Immutable.
/// </summary>
public readonly record struct OrderFlowEvent(
    long TimeNanos,
    OrderFlowKind Kind,
    OrderId OrderId,
    Side Side,
    Price Price,
    Quantity Quantity,
    int Regime);
