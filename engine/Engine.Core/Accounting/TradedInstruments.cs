using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// The instruments this BLP trades (those risk configured) and the listings it trades them on, by id: rules, ledger
/// assets and fees. An order names its listing; one that names only an instrument (a version 0-1 message) goes to the
/// instrument's first traded listing. Built once from the settings; immutable afterwards.
/// </summary>
public sealed class TradedInstruments
{
    private readonly TradedInstrument?[] _byId;
    private readonly TradedListing?[] _listings;
    private readonly TradedListing?[] _primary;

    public TradedInstruments(CoreSettings settings, AssetTable assets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(assets);
        InstrumentRegistry registry = settings.Registry;
        _byId = new TradedInstrument?[registry.Instruments.Count + 1];
        _listings = new TradedListing?[registry.Listings.Count + 1];
        _primary = new TradedListing?[registry.Instruments.Count + 1];
        foreach (RiskInstrument risk in settings.Risk.Instruments)
        {
            Instrument instrument = registry.GetInstrument(risk.Id);
            int moneyScale = risk.Rules.PriceScale + risk.Rules.QuantityScale + risk.Rules.Multiplier.Scale;
            if (risk.Rules.QuantityScale > assets.Scale || moneyScale > assets.Scale)
            {
                throw new ArgumentException(
                    $"{instrument.Symbol}: quantity scale {risk.Rules.QuantityScale} or money scale {moneyScale} is finer than the ledger scale {assets.Scale}; raise the ledger scale",
                    nameof(settings));
            }

            Engine.Ledger.Accounts.AssetId contracts = instrument.Kind == InstrumentKind.Spot ? default : assets[AssetTable.ContractAssetCode(instrument)];
            var traded = new TradedInstrument(instrument, risk.Rules, assets[instrument.BaseAsset], assets[instrument.QuoteAsset], assets[instrument.SettleAsset], contracts);
            _byId[risk.Id.Value] = traded;
            foreach (ListingId id in ListingsOf(risk, registry))
            {
                Listing listing = registry.GetListing(id);
                var tradedListing = new TradedListing(listing, traded, FeesOf(settings, listing.Venue.Id), listing.Venue.IsInternal);
                _listings[id.Value] = tradedListing;
                _primary[risk.Id.Value] ??= tradedListing;
            }
        }
    }

    /// <summary>Instrument slots: ids are 1..InstrumentSlots-1.</summary>
    public int InstrumentSlots => _byId.Length;

    /// <summary>Listing slots: ids are 1..ListingSlots-1.</summary>
    public int ListingSlots => _listings.Length;

    /// <summary>The traded instrument with this id, or null when this engine does not trade it.</summary>
    public TradedInstrument? TryGet(InstrumentId instrument) =>
        instrument.Value > 0 && instrument.Value < _byId.Length ? _byId[instrument.Value] : null;

    /// <summary>The traded instrument with this id; throws for one the engine does not trade.</summary>
    public TradedInstrument Get(InstrumentId instrument) =>
        TryGet(instrument) ?? throw new ArgumentOutOfRangeException(nameof(instrument), instrument.Value, "the instrument is not traded by this engine (not in the risk config)");

    /// <summary>The traded listing with this id, or null when this engine does not send orders there.</summary>
    public TradedListing? TryGetListing(ListingId listing) =>
        listing.Value > 0 && listing.Value < _listings.Length ? _listings[listing.Value] : null;

    public TradedListing GetListing(ListingId listing) =>
        TryGetListing(listing) ?? throw new ArgumentOutOfRangeException(nameof(listing), listing.Value, "the listing is not traded by this engine (not in the risk config)");

    /// <summary>The instrument's first traded listing (orders that name no venue go there), or null.</summary>
    public TradedListing? PrimaryListing(InstrumentId instrument) =>
        instrument.Value > 0 && instrument.Value < _primary.Length ? _primary[instrument.Value] : null;

    private static IEnumerable<ListingId> ListingsOf(RiskInstrument risk, InstrumentRegistry registry)
    {
        if (risk.Listings.Count > 0)
        {
            foreach (RiskListing listing in risk.Listings)
            {
                yield return listing.Id;
            }

            yield break;
        }

        ListingId only = registry.ListingOf(risk.Venue, risk.Id);
        if (only.IsNone)
        {
            throw new ArgumentException($"{risk.Symbol}: risk names no listing the engine could trade it on (venue {risk.Venue.Value} does not list it)");
        }

        yield return only;
    }

    private static VenueFees FeesOf(CoreSettings settings, VenueId venue)
    {
        foreach (VenueFees candidate in settings.Fees)
        {
            if (candidate.Venue == venue)
            {
                return candidate;
            }
        }

        return new VenueFees(venue, 0, 0);
    }
}
