using Engine.Gateways.SimulatedVenue.Exchange;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// One instrument the simulated venue serves: its listing, its exchange (matching engine + generated market), its
/// market-data sequence and the top of book last published, and the engine accounts' positions (only reduce-only
/// orders read them). Thread ownership: the venue's loop.
/// </summary>
internal sealed class VenueInstrument
{
    private readonly Dictionary<int, long> _positions = new(16);

    /// <summary>The engine's stop orders waiting for their trigger (their client order ids), oldest first.</summary>
    public List<ulong> WaitingStops { get; } = new(16);

    /// <summary>The price of the instrument's last trade (0 before one): what stop orders trigger on.</summary>
    public long LastTradePrice { get; set; }

    public VenueInstrument(Listing listing, SimulatedExchange exchange)
    {
        Listing = listing;
        Exchange = exchange;
        WireId = checked((uint)listing.Instrument.Id.Value);
        VenueWireId = checked((ushort)listing.Venue.Id.Value);
        ResetPublishedTop();
    }

    public Listing Listing { get; }

    public SimulatedExchange Exchange { get; }

    /// <summary>The instrument's id on the wire (InstrumentRegistry id).</summary>
    public uint WireId { get; }

    public ushort VenueWireId { get; }

    /// <summary>The last venue sequence used by this instrument's market data (Trade and BestBidOffer share it).</summary>
    public ulong Sequence { get; set; }

    public long PublishedBidPrice { get; set; }

    public long PublishedBidQuantity { get; set; }

    public long PublishedAskPrice { get; set; }

    public long PublishedAskQuantity { get; set; }

    /// <summary>Forgets the published top, so the next check publishes the book's top whatever it is.</summary>
    public void ResetPublishedTop()
    {
        PublishedBidPrice = long.MaxValue;
        PublishedBidQuantity = -1;
        PublishedAskPrice = long.MaxValue;
        PublishedAskQuantity = -1;
    }

    public Quantity PositionOf(AccountId account) =>
        _positions.TryGetValue(account.Value, out long units) ? new Quantity(units) : Quantity.Zero;

    public void AddFill(AccountId account, Sbe.Side side, long quantity)
    {
        _positions.TryGetValue(account.Value, out long units);
        _positions[account.Value] = side == Sbe.Side.Buy ? checked(units + quantity) : checked(units - quantity);
    }
}
