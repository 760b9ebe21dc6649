namespace Engine.Cli.Backtesting.Reports;

/// <summary>
/// One closed round trip: an instrument's position from flat to flat. Immutable.
/// </summary>
/// <param name="Instrument">The instrument's symbol.</param>
/// <param name="Side">Buy for a long round trip (opened by buying), sell for a short one.</param>
/// <param name="OpenTimeNanos">Time of the fill that took the position away from flat.</param>
/// <param name="CloseTimeNanos">Time of the fill that brought it back to flat.</param>
/// <param name="Quantity">Quantity opened: the sum of the fills' quantities that increased the position.</param>
/// <param name="EntryPrice">Volume-weighted price of the quantity opened.</param>
/// <param name="ExitPrice">Volume-weighted price of the quantity closed (equal to <paramref name="Quantity"/>).</param>
/// <param name="Fills">Fills that took part; a fill that flips the position counts in both round trips.</param>
/// <param name="Fees">Fees of those fills; a flipping fill's fee is split by quantity.</param>
/// <param name="RealisedPnl">Realised P&amp;L of those fills, gross of fees.</param>
public sealed record RoundTrip(
    string Instrument,
    FillSide Side,
    long OpenTimeNanos,
    long CloseTimeNanos,
    decimal Quantity,
    decimal EntryPrice,
    decimal ExitPrice,
    int Fills,
    decimal Fees,
    decimal RealisedPnl)
{
    /// <summary>The round trip's result: realised P&amp;L net of fees (funding is reported on its own).</summary>
    public decimal NetPnl => RealisedPnl - Fees;
}
