namespace Engine.Host;

/// <summary>What a <see cref="ListingFillModel"/> tells its venue: a fill of an order, or an order ended without filling the rest (IOC, FOK, a market order without liquidity).</summary>
public interface IFillReporter
{
    void OnFill(SimulatedOrder order, long price, long quantity, bool isMaker, long time);

    void OnExpired(SimulatedOrder order, Primitives.ResultCode reason, long time);
}
