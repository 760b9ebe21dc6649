using Codecs = Engine.Codecs;

namespace Engine.Cli.Data;

/// <summary>The schema's names of the messages an import writes, for its counts (and the manifest's).</summary>
public static class MarketDataNames
{
    public static string Of(int templateId) => templateId switch
    {
        Codecs.InstrumentDefinitionDecoder.TemplateId => "InstrumentDefinition",
        Codecs.L2SnapshotDecoder.TemplateId => "L2Snapshot",
        Codecs.L2UpdateDecoder.TemplateId => "L2Update",
        Codecs.L3OrderAddedDecoder.TemplateId => "L3OrderAdded",
        Codecs.L3OrderModifiedDecoder.TemplateId => "L3OrderModified",
        Codecs.L3OrderDeletedDecoder.TemplateId => "L3OrderDeleted",
        Codecs.L3OrderExecutedDecoder.TemplateId => "L3OrderExecuted",
        Codecs.TradeDecoder.TemplateId => "Trade",
        Codecs.BestBidOfferDecoder.TemplateId => "BestBidOffer",
        Codecs.VenueStatusDecoder.TemplateId => "VenueStatus",
        Codecs.SequenceGapDecoder.TemplateId => "SequenceGap",
        Codecs.ResyncDecoder.TemplateId => "Resync",
        Codecs.FundingRateDecoder.TemplateId => "FundingRate",
        Codecs.BarDecoder.TemplateId => "Bar",
        _ => "template-" + templateId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
