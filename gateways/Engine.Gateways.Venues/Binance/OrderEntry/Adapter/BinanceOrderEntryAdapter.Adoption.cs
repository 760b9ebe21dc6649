using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.OrderEntry;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// Taking over from a gateway process that died: the first duty cycle asks the engine for the venue's open orders
/// (VenueOrdersRequest); each one listed (OpenVenueOrder) that this process does not track is adopted as of unknown
/// fate, for the REST thread to settle from Binance; the end of the list lets reconciliation judge orphans.
/// </summary>
public sealed partial class BinanceOrderEntryAdapter
{
    // The VenueOrdersRequest this process sends once, when it first runs: the engine's open orders here, to adopt.
    private readonly ulong _ordersRequestId = (ulong)Environment.ProcessId << 32 | (uint)Environment.TickCount;
    private bool _ordersRequested;

    /// <summary>Orders an earlier gateway process sent, taken over from the engine's list at start.</summary>
    public int AdoptedOrders { get; private set; }

    private void AskEngineForOpenOrders<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        _ordersRequested = true;
        var request = Sbe.VenueOrdersRequestEncoder.WrapAndApplyHeader(_frame, 0);
        request.Time = nowNanos;
        request.RequestId = _ordersRequestId;
        request.VenueId = _venueId;
        sink.OnFrame(Sbe.VenueOrdersRequestEncoder.TemplateId, _frame.AsSpan(0, Sbe.EngineSchema.HeaderLength + request.EncodedLength));
    }

    /// <summary>
    /// One of the engine's open orders here, answering this process's VenueOrdersRequest: an order an earlier gateway
    /// process sent is adopted (Binance is asked what became of it, and what filled meanwhile is reported); the end of
    /// the answer lets reconciliation judge orphans.
    /// </summary>
    private void OnOpenVenueOrder(Sbe.OpenVenueOrderDecoder open)
    {
        if (open.RequestId != _ordersRequestId || open.VenueId != _venueId)
        {
            return;
        }

        if (open.OrderId == 0)
        {
            _log.WriteLine($"binance order entry: the engine lists {open.FilledQuantity.Mantissa} open orders here; {AdoptedOrders} adopted from an earlier gateway process");
            _worker.EngineOrdersListed();
            return;
        }

        if (!_byInstrument.TryGetValue(open.InstrumentId, out OrderEntryInstrument? instrument))
        {
            _log.WriteLine($"binance order entry: the engine's open order {open.OrderId} is of instrument {open.InstrumentId}, which this gateway does not trade; left alone");
            return;
        }

        var order = new BinanceTrackedOrder(open.OrderId, instrument)
        {
            Account = open.AccountId,
            StrategyId = open.StrategyId,
            Side = open.Side,
            OrderType = open.OrderType,
            TimeInForce = open.TimeInForce,
            Flags = open.Flags,
            Price = open.Price.Mantissa,
            StopPrice = open.StopPrice.Mantissa,
            Quantity = open.Quantity.Mantissa,
            Cumulative = open.FilledQuantity.Mantissa,
        };
        if (_tracker.Adopt(order))
        {
            AdoptedOrders++;
            _log.WriteLine($"binance order entry: adopted order {order.EngineOrderId} ({instrument.VenueSymbol}, {order.Cumulative} of {order.Quantity} units filled as the engine knows) from an earlier gateway process; asking Binance about it");
        }
    }
}
