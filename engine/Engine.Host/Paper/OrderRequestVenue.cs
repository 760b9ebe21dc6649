namespace Engine.Host;

/// <summary>Reads the venue an order request (NewOrder, CancelOrder, AmendOrder, CancelAll) names, as a venue gateway reads it from egress. Stateless.</summary>
public static class OrderRequestVenue
{
    /// <summary>Returned for a request naming no venue: a CancelAll for every venue, or a request of schema version 0-1.</summary>
    public const ushort Any = 0;

    public static ushort Of(int templateId, ReadOnlySpan<byte> message)
    {
        const int Body = Codecs.MessageHeaderDecoder.EncodedLength;
        var header = new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version);
        return templateId switch
        {
            Codecs.NewOrderDecoder.TemplateId => new Codecs.NewOrderDecoder(message, Body, header.BlockLength, header.Version) is { VenueIdInActingVersion: true } order ? order.VenueId : Any,
            Codecs.CancelOrderDecoder.TemplateId => new Codecs.CancelOrderDecoder(message, Body, header.BlockLength, header.Version) is { VenueIdInActingVersion: true } cancel ? cancel.VenueId : Any,
            Codecs.AmendOrderDecoder.TemplateId => new Codecs.AmendOrderDecoder(message, Body, header.BlockLength, header.Version) is { VenueIdInActingVersion: true } amend ? amend.VenueId : Any,
            Codecs.CancelAllDecoder.TemplateId => new Codecs.CancelAllDecoder(message, Body, header.BlockLength, header.Version) is { VenueIdInActingVersion: true } all && all.VenueId != Codecs.CancelAllDecoder.VenueIdNullValue ? all.VenueId : Any,
            _ => Any,
        };
    }
}
