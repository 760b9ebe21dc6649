namespace Engine.Host;

/// <summary>
/// The kernel's output in a simulation: each order request goes to the venue edge it names (requests of schema
/// version 0-1, naming none, go to the first); every other output is counted and dropped (a backtest has no
/// gateways to tell). Owned by the simulation's thread.
/// </summary>
public sealed class SimulationOutputs : Core.IEngineOutput
{
    private readonly List<IVenueEdge> _venues = [];

    /// <summary>The simulated time the current input is applied at (the loop sets it before each action).</summary>
    public long Now { get; set; }

    public long Published { get; private set; }

    /// <summary>Order requests for a venue no edge simulates.</summary>
    public long Unrouted { get; private set; }

    public void Add(IVenueEdge venue) => _venues.Add(venue);

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        Published++;
        if (!Codecs.MessageCatalog.IsOrderRequest(templateId))
        {
            return;
        }

        ushort venue = VenueOf(templateId, message);
        foreach (IVenueEdge edge in _venues)
        {
            if (venue == 0 || edge.VenueId == venue)
            {
                edge.OnRequest(templateId, message, Now);
                return;
            }
        }

        Unrouted++;
    }

    private static ushort VenueOf(int templateId, ReadOnlySpan<byte> message)
    {
        var header = new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version);
        const int Body = Codecs.MessageHeaderDecoder.EncodedLength;
        return templateId switch
        {
            Codecs.NewOrderDecoder.TemplateId => new Codecs.NewOrderDecoder(message, Body, header.BlockLength, header.Version) is { VenueIdInActingVersion: true } order ? order.VenueId : (ushort)0,
            Codecs.CancelOrderDecoder.TemplateId => new Codecs.CancelOrderDecoder(message, Body, header.BlockLength, header.Version) is { VenueIdInActingVersion: true } cancel ? cancel.VenueId : (ushort)0,
            Codecs.AmendOrderDecoder.TemplateId => new Codecs.AmendOrderDecoder(message, Body, header.BlockLength, header.Version) is { VenueIdInActingVersion: true } amend ? amend.VenueId : (ushort)0,
            _ => 0,
        };
    }
}
