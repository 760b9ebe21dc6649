namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// One fill of the account (<c>GET /api/v5/trade/fills</c>): the trade id (per instrument), the bill id that pages the
/// list, price, size (base currency or contracts), taker/maker, the fee (negative when charged) and its currency,
/// and for a swap the profit the fill realized.
/// </summary>
public sealed record OkxFill(
    long BillId,
    long TradeId,
    long OrdId,
    string ClOrdId,
    OkxInstrument Instrument,
    string Side,
    decimal FillPx,
    decimal FillSz,
    bool IsMaker,
    decimal Fee,
    string FeeCcy,
    decimal FillPnl,
    long Ts)
{
    public string ExecType => IsMaker ? "M" : "T";
}
