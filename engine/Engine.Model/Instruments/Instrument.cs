using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// A canonical instrument, independent of where it trades: BTC-USDT spot on Binance, Bybit, Kraken and OKX is one
/// instrument with four listings. <see cref="SettleAsset"/> distinguishes linear (USDT) from inverse (BTC) contracts.
/// Immutable.
/// </summary>
public sealed record Instrument(InstrumentId Id, string Symbol, string BaseAsset, string QuoteAsset, string SettleAsset, InstrumentKind Kind)
{
    /// <summary>A derivative settled in its base asset (BTC-USD-PERP on Deribit and Binance COIN-M): its contract is worth a fixed amount of the quote.</summary>
    public bool IsInverse => Kind != InstrumentKind.Spot && SettleAsset == BaseAsset;
}
