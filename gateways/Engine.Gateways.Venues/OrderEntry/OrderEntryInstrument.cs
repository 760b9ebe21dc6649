using System.Text;

namespace Engine.Gateways.Venues.OrderEntry;

/// <summary>One listing an order-entry adapter trades: the engine's wire ids, the venue's symbol (UTF-8, as written into requests) and the listing's scales.</summary>
public sealed class OrderEntryInstrument
{
    public OrderEntryInstrument(string venueSymbol, uint instrumentId, ushort venueId, int priceScale, int quantityScale)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venueSymbol);
        VenueSymbol = venueSymbol;
        Symbol = Encoding.ASCII.GetBytes(venueSymbol);
        InstrumentId = instrumentId;
        VenueId = venueId;
        PriceScale = priceScale;
        QuantityScale = quantityScale;
    }

    public string VenueSymbol { get; }

    public byte[] Symbol { get; }

    public uint InstrumentId { get; }

    public ushort VenueId { get; }

    public int PriceScale { get; }

    public int QuantityScale { get; }
}
