using System.Runtime.InteropServices;

namespace Engine.Core;

/// <summary>
/// The sample market maker's whole state: its parameters (in the listing's units) and its two working quotes. Declared
/// once: hashed, snapshotted and restored from these bytes (<see cref="Strategy{TState}"/>). All longs: no padding.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct MarketMakingState
{
    public long QuoteSize;
    public long MaxPosition;
    public long HalfSpreadTicks;
    public long SkewTicksPerQuote;
    public long RequoteTicks;

    /// <summary>The working bid's order id (0: none).</summary>
    public long Bid;

    /// <summary>The working ask's order id (0: none).</summary>
    public long Ask;
    public long QuotesSent;
    public long Fills;
}
