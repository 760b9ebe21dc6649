namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// One execution as the report sees it. Amounts are <c>decimal</c> in the instrument's own units (price and
/// quantity) and in the valuation currency (fee, realised P&amp;L), converted exactly from the engine's fixed point.
/// </summary>
/// <param name="TimeNanos">Execution time, nanoseconds since the Unix epoch, UTC.</param>
/// <param name="Instrument">The instrument's symbol, as the report's <c>instruments</c> keys name it.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Price">Execution price, positive.</param>
/// <param name="Quantity">Executed quantity, positive (the side gives the sign).</param>
/// <param name="Fee">Fee paid; a maker rebate is negative.</param>
/// <param name="IsMaker">Whether the fill was on a resting order (the account was the maker).</param>
/// <param name="RealisedPnl">
/// P&amp;L realised by the part of this fill that reduced or closed a position, gross of fees; zero for a fill
/// that only opens or adds.
/// </param>
public sealed record ReportFill(
    long TimeNanos,
    string Instrument,
    FillSide Side,
    decimal Price,
    decimal Quantity,
    decimal Fee,
    bool IsMaker,
    decimal RealisedPnl)
{
    /// <summary>Order sent -> fill, nanoseconds (the order's NewOrder leaving the engine to this fill at the venue); 0 when unknown.</summary>
    public long LatencyNanos { get; init; }

    /// <summary>The quantity with the side's sign: positive for a buy, negative for a sell.</summary>
    public decimal SignedQuantity => Side == FillSide.Buy ? Quantity : -Quantity;

    /// <summary>|price × quantity| in the valuation currency: what the fill adds to turnover.</summary>
    public decimal Notional => Math.Abs(Price * Quantity);
}
