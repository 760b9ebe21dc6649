namespace Engine.Host;

/// <summary>Reads which listing (venue id, instrument id) a market-data message names, for the messages a dataset backtest simulates fills on. Stateless.</summary>
public static class MarketDataListing
{
    private const int Body = Codecs.MessageHeaderDecoder.EncodedLength;

    /// <summary>False for a message that names no single listing (or that the fill simulation does not read).</summary>
    public static bool TryRead(int templateId, ReadOnlySpan<byte> message, out ushort venueId, out uint instrumentId)
    {
        venueId = 0;
        instrumentId = 0;
        if (message.Length < Body)
        {
            return false;
        }

        var header = new Codecs.MessageHeaderDecoder(message, 0, Codecs.EngineSchema.Version);
        int block = header.BlockLength;
        int version = header.Version;
        if (message.Length < Body + block)
        {
            return false;
        }

        switch (templateId)
        {
            case Codecs.L2SnapshotDecoder.TemplateId:
                var snapshot = new Codecs.L2SnapshotDecoder(message, Body, block, version);
                (venueId, instrumentId) = (snapshot.VenueId, snapshot.InstrumentId);
                return true;
            case Codecs.L2UpdateDecoder.TemplateId:
                var update = new Codecs.L2UpdateDecoder(message, Body, block, version);
                (venueId, instrumentId) = (update.VenueId, update.InstrumentId);
                return true;
            case Codecs.TradeDecoder.TemplateId:
                var trade = new Codecs.TradeDecoder(message, Body, block, version);
                (venueId, instrumentId) = (trade.VenueId, trade.InstrumentId);
                return true;
            case Codecs.BestBidOfferDecoder.TemplateId:
                var top = new Codecs.BestBidOfferDecoder(message, Body, block, version);
                (venueId, instrumentId) = (top.VenueId, top.InstrumentId);
                return true;
            case Codecs.BarDecoder.TemplateId:
                var bar = new Codecs.BarDecoder(message, Body, block, version);
                (venueId, instrumentId) = (bar.VenueId, bar.InstrumentId);
                return true;
            case Codecs.FundingRateDecoder.TemplateId:
                var funding = new Codecs.FundingRateDecoder(message, Body, block, version);
                (venueId, instrumentId) = (funding.VenueId, funding.InstrumentId);
                return true;
            default:
                return false;
        }
    }
}
