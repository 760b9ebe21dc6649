using System.Runtime.InteropServices;

namespace Engine.Core;

/// <summary>
/// The sample momentum taker's whole state: its parameters (in the listing's units), the trade price it measures
/// moves from, and the position it holds. Declared once: hashed, snapshotted and restored from these bytes
/// (<see cref="Strategy{TState}"/>). All longs: no padding.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct MomentumTakerState
{
    public long TradeSize;
    public long MaxPosition;
    public long ThresholdTicks;
    public long LookbackMillis;
    public long HoldMillis;
    public long StopTicks;
    public long SlippageTicks;

    /// <summary>The trade price moves are measured from, and the engine time it was set (0: not yet).</summary>
    public long AnchorPrice;
    public long AnchorTime;

    /// <summary>The last trade price of the entry, and when it was entered (0: flat).</summary>
    public long EntryPrice;
    public long EntryTime;

    /// <summary>The market order in flight (0: none); no new decision until it is done.</summary>
    public long WorkingOrder;
    public long Entries;
    public long Exits;
    public long Fills;
}
