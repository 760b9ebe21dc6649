using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Answers a restarted venue gateway's VenueOrdersRequest with the venue's open engine orders, one OpenVenueOrder each
/// and a closing one with order id 0 (its filled quantity the count), so the new process adopts the orders the one
/// before it sent (and settles them from the venue) instead of canceling them as orphans. Reads only: the request
/// changes no state, and being journaled, a replay answers it identically. A request for a venue the registry does
/// not have is malformed. Owned by the BLP thread.
/// </summary>
internal sealed class VenueOrdersAnswer
{
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly TradedInstruments _traded;
    private readonly OrderTable _orders;
    private readonly EgressEncoder _egress;
    private readonly byte[] _buffer = new byte[Sbe.EngineSchema.HeaderLength + Sbe.OpenVenueOrderEncoder.BlockLength];

    public VenueOrdersAnswer(EngineCounters counters, CoreSettings settings, TradedInstruments traded, OrderTable orders, EgressEncoder egress)
    {
        _counters = counters;
        _settings = settings;
        _traded = traded;
        _orders = orders;
        _egress = egress;
    }

    public void OnVenueOrdersRequest(Sbe.VenueOrdersRequestDecoder request)
    {
        ushort venueId = request.VenueId;
        if (venueId == 0 || venueId > _settings.Registry.Venues.Count)
        {
            _counters.MalformedInputs++;
            return;
        }

        var venue = new VenueId(venueId);
        long listed = 0;
        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (order.Id.IsNone || !order.IsOpen || _traded.GetListing(order.Listing).Venue != venue)
            {
                continue;
            }

            var open = Begin(request.RequestId, venueId);
            open.OrderId = (ulong)order.Id.Value;
            open.AccountId = (ulong)order.Account.Value;
            open.Price.SetMantissa(order.Price.Units);
            open.StopPrice.SetMantissa(order.Type.IsStop() ? order.StopPrice.Units : Sbe.PriceOptionalEncoder.MantissaNullValue);
            open.Quantity.SetMantissa(order.Quantity.Units);
            open.FilledQuantity.SetMantissa(order.Filled.Units);
            open.InstrumentId = (uint)order.Instrument.Value;
            open.StrategyId = (uint)order.Strategy.Value;
            open.Side = WireConversions.ToWire(order.Side);
            open.OrderType = WireConversions.ToWire(order.Type);
            open.TimeInForce = WireConversions.ToWire(order.TimeInForce);
            open.Flags = WireConversions.ToWire(order.Flags);
            _egress.Publish(Sbe.OpenVenueOrderEncoder.TemplateId, _buffer);
            listed++;
        }

        var end = Begin(request.RequestId, venueId);
        end.FilledQuantity.SetMantissa(listed);
        _egress.Publish(Sbe.OpenVenueOrderEncoder.TemplateId, _buffer);
    }

    /// <summary>A cleared message of the answer: nulls where the order says nothing.</summary>
    private Sbe.OpenVenueOrderEncoder Begin(ulong requestId, ushort venueId)
    {
        Array.Clear(_buffer);
        var open = Sbe.OpenVenueOrderEncoder.WrapAndApplyHeader(_buffer, 0);
        open.RequestId = requestId;
        open.VenueId = venueId;
        open.Price.SetMantissa(Sbe.PriceOptionalEncoder.MantissaNullValue);
        open.StopPrice.SetMantissa(Sbe.PriceOptionalEncoder.MantissaNullValue);
        return open;
    }
}
