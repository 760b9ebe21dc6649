using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// The instruments this BLP trades (those risk configured), by instrument id: rules, ledger assets and fees of the
/// listing each trades on. Built once from the settings; immutable afterwards.
/// </summary>
public sealed class TradedInstruments
{
    private readonly TradedInstrument?[] _byId;

    public TradedInstruments(CoreSettings settings, AssetTable assets)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(assets);
        _byId = new TradedInstrument?[settings.Registry.Instruments.Count + 1];
        foreach (RiskInstrument risk in settings.Risk.Instruments)
        {
            Instrument instrument = settings.Registry.GetInstrument(risk.Id);
            VenueFees fees = default;
            foreach (VenueFees candidate in settings.Fees)
            {
                if (candidate.Venue == risk.Venue)
                {
                    fees = candidate;
                }
            }

            int moneyScale = risk.Rules.PriceScale + risk.Rules.QuantityScale + risk.Rules.Multiplier.Scale;
            if (risk.Rules.QuantityScale > assets.Scale || moneyScale > assets.Scale)
            {
                throw new ArgumentException(
                    $"{instrument.Symbol}: quantity scale {risk.Rules.QuantityScale} or money scale {moneyScale} is finer than the ledger scale {assets.Scale}; raise the ledger scale",
                    nameof(settings));
            }

            Engine.Ledger.Accounts.AssetId contracts = instrument.Kind == InstrumentKind.Spot ? default : assets[AssetTable.ContractAssetCode(instrument)];
            _byId[risk.Id.Value] = new TradedInstrument(
                instrument, risk.Venue, risk.Rules, assets[instrument.BaseAsset], assets[instrument.QuoteAsset], assets[instrument.SettleAsset], contracts, fees with { Venue = risk.Venue });
        }
    }

    /// <summary>Slots: instrument ids are 1..Length-1.</summary>
    public int Length => _byId.Length;

    /// <summary>The traded instrument with this id, or null when this engine does not trade it.</summary>
    public TradedInstrument? TryGet(InstrumentId instrument) =>
        instrument.Value > 0 && instrument.Value < _byId.Length ? _byId[instrument.Value] : null;

    /// <summary>The traded instrument with this id; throws for one the engine does not trade.</summary>
    public TradedInstrument Get(InstrumentId instrument) =>
        TryGet(instrument) ?? throw new ArgumentOutOfRangeException(nameof(instrument), instrument.Value, "the instrument is not traded by this engine (not in the risk config)");
}
