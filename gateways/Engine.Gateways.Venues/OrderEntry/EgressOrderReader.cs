using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.OrderEntry;

/// <summary>
/// The first step of every order-entry adapter: an engine NewOrder read from egress, if it is for one of this
/// adapter's listings, into a <see cref="VenueOrder"/> with the venue's symbol and the listing's scales. Egress is a
/// broadcast, so most messages are someone else's: those are recognised from the header and two fields and skipped
/// without decoding the rest. Allocation-free; one thread.
/// </summary>
public sealed class EgressOrderReader
{
    private readonly Dictionary<uint, OrderEntryInstrument> _byInstrument = [];
    private readonly ushort _venueId;

    public EgressOrderReader(ushort venueId, IEnumerable<OrderEntryInstrument> instruments)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _venueId = venueId;
        foreach (OrderEntryInstrument instrument in instruments)
        {
            if (instrument.VenueId != venueId)
            {
                throw new ArgumentException($"instrument {instrument.VenueSymbol} is listed on venue {instrument.VenueId}, not on this adapter's venue {venueId}", nameof(instruments));
            }

            _byInstrument.Add(instrument.InstrumentId, instrument);
        }
    }

    /// <summary>
    /// Reads a NewOrder (an SBE message with its header) for this venue into <paramref name="order"/>; false for
    /// another venue's order or an instrument this adapter does not trade. A message too short for its block is
    /// <see cref="InvalidDataException"/>: egress is the engine's own output, so it is a bug, not input to skip.
    /// </summary>
    public bool TryReadNewOrder(ReadOnlySpan<byte> sbeMessage, ref VenueOrder order)
    {
        var header = new Sbe.MessageHeaderDecoder(sbeMessage, 0, Sbe.EngineSchema.Version);
        if (header.TemplateId != Sbe.NewOrderDecoder.TemplateId)
        {
            return false;
        }

        int blockLength = header.BlockLength;
        if (sbeMessage.Length < Sbe.MessageHeaderDecoder.EncodedLength + blockLength || blockLength < Sbe.NewOrderDecoder.BlockLength)
        {
            throw new InvalidDataException($"a NewOrder on egress has {sbeMessage.Length} bytes for a block of {blockLength}");
        }

        var request = new Sbe.NewOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, blockLength, header.Version);
        if (request.VenueId != _venueId || !_byInstrument.TryGetValue(request.InstrumentId, out OrderEntryInstrument? instrument))
        {
            return false;
        }

        order.Symbol = instrument.Symbol;
        order.PriceScale = instrument.PriceScale;
        order.QuantityScale = instrument.QuantityScale;
        order.ClientOrderId = request.ClientOrderId;
        order.OrigClientOrderId = request.ClientOrderId;
        order.Side = request.Side;
        order.Type = request.OrderType;
        order.TimeInForce = request.TimeInForce;
        order.Flags = request.Flags;
        order.Price = request.Price.Mantissa;
        order.StopPrice = request.StopPrice.Mantissa;
        order.Quantity = request.Quantity.Mantissa;
        order.ExpireTimeNanos = request.ExpireTime;
        return true;
    }
}
