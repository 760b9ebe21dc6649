using System.Text;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Primitives;
using NUnit.Framework;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>Binance's refusals, as its "Error Codes" documentation words them, in the engine's result codes.</summary>
[TestFixture]
public sealed class BinanceRejectCodesTests
{
    [TestCase(400, -2010, "Account has insufficient balance for requested action.", ResultCode.VenueInsufficientBalance)]
    [TestCase(400, -2010, "Order would immediately match and take.", ResultCode.PostOnlyWouldTake)]
    [TestCase(400, -2010, "Duplicate order sent.", ResultCode.DuplicateOrderId)]
    [TestCase(400, -1013, "Filter failure: PRICE_FILTER", ResultCode.PriceNotOnTick)]
    [TestCase(400, -1013, "Filter failure: LOT_SIZE", ResultCode.QuantityNotOnLot)]
    [TestCase(400, -1013, "Filter failure: NOTIONAL", ResultCode.NotionalBelowMinimum)]
    [TestCase(400, -1013, "Filter failure: MAX_NUM_ORDERS", ResultCode.VenueRejected)]
    [TestCase(429, -1015, "Too many new orders; current limit is 100 orders per 10 SECOND.", ResultCode.VenueRateLimited)]
    [TestCase(418, -1003, "Way too much request weight used; IP banned until 1.", ResultCode.VenueRateLimited)]
    [TestCase(400, -2011, "Unknown order sent.", ResultCode.VenueUnknownOrder)]
    [TestCase(400, -2013, "Order does not exist.", ResultCode.VenueUnknownOrder)]
    [TestCase(400, -1121, "Invalid symbol.", ResultCode.UnknownInstrument)]
    [TestCase(400, -2010, "Order would trigger immediately.", ResultCode.VenueRejected)]
    public void Binance_refusal_maps_to_the_engines_code(int status, int code, string message, ResultCode expected) =>
        Assert.That(BinanceRejectCodes.For(status, code, Encoding.UTF8.GetBytes(message)), Is.EqualTo(expected));
}
