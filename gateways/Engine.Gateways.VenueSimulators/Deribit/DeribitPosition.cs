namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// The account's position in one inverse perpetual: a signed size in USD (long positive) at an average price that
/// is the harmonic mean of the fills' prices weighted by their USD amounts (the price at which the position's coins
/// were bought), and the profit realized on it, in the coin.
/// </summary>
public sealed class DeribitPosition
{
    public required DeribitInstrument Instrument { get; init; }

    /// <summary>USD, long positive.</summary>
    public decimal Size { get; private set; }

    public decimal AveragePrice { get; private set; }

    /// <summary>Realized profit in the coin since the start.</summary>
    public decimal RealizedProfitLoss { get; private set; }

    /// <summary>
    /// Applies a fill of <paramref name="amount"/> USD (positive buys, negative sells) at <paramref name="price"/>: the
    /// part against the position realizes <c>closed * (1/average - 1/price)</c> coins (signed by the position), the
    /// rest opens or adds at the harmonic average. Returns the realized profit in the coin.
    /// </summary>
    public decimal Apply(decimal amount, decimal price)
    {
        decimal realized = 0m;
        if (Size != 0m && Math.Sign(amount) != Math.Sign(Size))
        {
            decimal closed = Math.Min(Math.Abs(amount), Math.Abs(Size));
            realized = Math.Round(closed * ((1m / AveragePrice) - (1m / price)) * Math.Sign(Size), 10, MidpointRounding.ToEven);
            decimal opened = amount + (Math.Sign(Size) * closed);
            Size += Math.Sign(amount) * closed;
            if (Size == 0m)
            {
                AveragePrice = 0m;
            }

            if (opened != 0m)
            {
                Size = opened;
                AveragePrice = price;
            }
        }
        else
        {
            decimal total = Math.Abs(Size) + Math.Abs(amount);
            decimal coins = (Size == 0m ? 0m : Math.Abs(Size) / AveragePrice) + (Math.Abs(amount) / price);
            AveragePrice = total / coins;
            Size += amount;
        }

        RealizedProfitLoss += realized;
        return realized;
    }

    /// <summary>Profit in the coin if the position closed at <paramref name="markPrice"/>.</summary>
    public decimal FloatingProfitLoss(decimal markPrice) =>
        Size == 0m || markPrice == 0m ? 0m : Math.Round(Size * ((1m / AveragePrice) - (1m / markPrice)), 10, MidpointRounding.ToEven);
}
