namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// The error answers of Binance USD-M futures that differ from spot's (its "Error Codes" page: 20xx, 40xx, 50xx);
/// the general ones (-1021, -1022, -1102, -1121, -1125, -2011, -2013, -2014, -2015, ...) are <see cref="BinanceError"/>'s.
/// </summary>
public static class BinanceUsdMErrors
{
    public static BinanceError MarginInsufficient { get; } = new(400, -2019, "Margin is insufficient.");

    public static BinanceError WouldImmediatelyTrigger { get; } = new(400, -2021, "Order would immediately trigger.");

    public static BinanceError ReduceOnlyRejected { get; } = new(400, -2022, "ReduceOnly Order is rejected.");

    public static BinanceError QuantityNotPositive { get; } = new(400, -4003, "Quantity less than or equal to zero.");

    public static BinanceError QuantityBelowMinimum { get; } = new(400, -4004, "Quantity less than min quantity.");

    public static BinanceError PriceNotOnTick { get; } = new(400, -4014, "Price not increased by tick size.");

    public static BinanceError ClientOrderIdInvalid { get; } = new(400, -4015, "Client order id is not valid.");

    public static BinanceError QuantityNotOnStep { get; } = new(400, -4023, "Qty not increased by step size.");

    public static BinanceError PositionSideMismatch { get; } = new(400, -4061, "Order's position side does not match user's setting.");

    public static BinanceError DuplicateClientOrderId { get; } = new(400, -4116, "ClientOrderId is duplicated.");

    public static BinanceError FillOrKillRejected { get; } = new(400, -5021, "Due to the order could not be filled immediately, the FOK order has been rejected. The order will not be recorded in the order history");

    public static BinanceError PostOnlyRejected { get; } = new(400, -5022, "Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history");

    public static BinanceError NoNeedToModify { get; } = new(400, -5027, "No need to modify the order.");

    public static BinanceError UnsupportedOperation { get; } = new(400, -1020, "This operation is not supported.");

    public static BinanceError MinNotional(decimal notional) =>
        new(400, -4164, $"Order's notional must be no smaller than {notional.ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture)} (unless you choose reduce only).");

    public static BinanceError InvalidLeverage(string leverage) => new(400, -4028, $"Leverage {leverage} is not valid");
}
