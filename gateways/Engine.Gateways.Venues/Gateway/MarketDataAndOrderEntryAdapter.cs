using Engine.Gateways.Hosting.Venues;

namespace Engine.Gateways.Venues.Gateway;

/// <summary>
/// One venue gateway process for both sides of a venue: its market data feed and its order entry, behind one
/// <see cref="VenueGatewayHost"/> (one client <c>venue:CODE</c>, so when the process dies the engine knows whose orders
/// are in doubt). Engine requests go to both (each ignores what is not its); each does its own work in turn.
/// Thread ownership: the host's duty-cycle thread, as its two adapters.
/// </summary>
public sealed class MarketDataAndOrderEntryAdapter : IVenueAdapter
{
    private readonly IVenueAdapter _marketData;
    private readonly IVenueAdapter _orderEntry;

    public MarketDataAndOrderEntryAdapter(IVenueAdapter marketData, IVenueAdapter orderEntry)
    {
        ArgumentNullException.ThrowIfNull(marketData);
        ArgumentNullException.ThrowIfNull(orderEntry);
        if (marketData.VenueCode != orderEntry.VenueCode)
        {
            throw new ArgumentException($"market data of venue {marketData.VenueCode} and order entry of venue {orderEntry.VenueCode} cannot share a gateway");
        }

        _marketData = marketData;
        _orderEntry = orderEntry;
    }

    public string Name => $"{_marketData.Name}+{_orderEntry.Name}";

    public string VenueCode => _marketData.VenueCode;

    public void OnEngineRequest<TSink>(int templateId, ReadOnlySpan<byte> sbeMessage, long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        _orderEntry.OnEngineRequest(templateId, sbeMessage, nowNanos, ref sink);
        _marketData.OnEngineRequest(templateId, sbeMessage, nowNanos, ref sink);
    }

    public int DoWork<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink =>
        _orderEntry.DoWork(nowNanos, ref sink) + _marketData.DoWork(nowNanos, ref sink);
}
