namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// The account's net-mode, cross-margined position in one swap (<c>GET /api/v5/account/positions</c>): a signed
/// number of contracts (long positive) at an average price, and the profit realized on it.
/// </summary>
public sealed class OkxPosition
{
    public required OkxInstrument Instrument { get; init; }

    public required long PosId { get; init; }

    /// <summary>Contracts, long positive.</summary>
    public decimal Pos { get; set; }

    public decimal AvgPx { get; set; }

    public decimal RealizedPnl { get; set; }

    public int Lever { get; set; } = 10;

    public long CTime { get; set; }

    public long UTime { get; set; }

    /// <summary>
    /// Applies a fill of <paramref name="contracts"/> (positive buys) at <paramref name="price"/>: the part against the
    /// position realizes profit against the average price, the rest opens or adds. Returns the profit realized.
    /// </summary>
    public decimal Apply(decimal contracts, decimal price)
    {
        decimal realized = 0m;
        if (Pos != 0m && Math.Sign(contracts) != Math.Sign(Pos))
        {
            decimal closed = Math.Min(Math.Abs(contracts), Math.Abs(Pos));
            realized = closed * (price - AvgPx) * Math.Sign(Pos) * Instrument.ContractValue;
            decimal opened = contracts + (Math.Sign(Pos) * closed);
            Pos += Math.Sign(contracts) * closed;
            if (Pos == 0m)
            {
                AvgPx = 0m;
            }

            if (opened != 0m)
            {
                Pos = opened;
                AvgPx = price;
            }
        }
        else
        {
            decimal total = Pos + contracts;
            AvgPx = ((AvgPx * Math.Abs(Pos)) + (price * Math.Abs(contracts))) / Math.Abs(total);
            Pos = total;
        }

        RealizedPnl += realized;
        return realized;
    }
}
