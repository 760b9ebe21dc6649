namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>
/// The account's one-way (<c>positionSide</c> BOTH), cross-margined position in one symbol: a signed amount (long
/// positive) at an average entry price, and the leverage that sets its initial margin.
/// </summary>
public sealed class BinanceUsdMPosition
{
    public required BinanceSymbol Symbol { get; init; }

    public decimal Amount { get; set; }

    public decimal EntryPrice { get; set; }

    public int Leverage { get; set; } = 20;

    /// <summary>Realized profit accumulated on the position (ACCOUNT_UPDATE's <c>cr</c>).</summary>
    public decimal AccumulatedRealized { get; set; }

    public long UpdateTime { get; set; }

    /// <summary>
    /// Applies a fill of <paramref name="quantity"/> (positive buys, negative sells) at <paramref name="price"/>: the
    /// part against the position realizes profit at the entry price, the rest opens or adds at the average price.
    /// Returns the realized profit.
    /// </summary>
    public decimal Apply(decimal quantity, decimal price)
    {
        decimal realized = 0m;
        if (Amount != 0m && Math.Sign(quantity) != Math.Sign(Amount))
        {
            decimal closed = Math.Min(Math.Abs(quantity), Math.Abs(Amount));
            realized = closed * (price - EntryPrice) * Math.Sign(Amount);
            decimal left = Amount + (Math.Sign(quantity) * closed);
            decimal opened = quantity + (Math.Sign(Amount) * closed);
            Amount = left;
            if (Amount == 0m)
            {
                EntryPrice = 0m;
            }

            if (opened != 0m)
            {
                Amount = opened;
                EntryPrice = price;
            }
        }
        else
        {
            decimal total = Amount + quantity;
            EntryPrice = ((EntryPrice * Math.Abs(Amount)) + (price * Math.Abs(quantity))) / Math.Abs(total);
            Amount = total;
        }

        AccumulatedRealized += realized;
        return realized;
    }
}
