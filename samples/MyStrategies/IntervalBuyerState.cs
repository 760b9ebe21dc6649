using System.Runtime.InteropServices;

namespace MyStrategies;

/// <summary>The interval buyer's whole state (hashed, snapshotted, restored by the engine): integers only, no padding.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct IntervalBuyerState
{
    public long Quantity;
    public long IntervalMillis;
    public long MaxPosition;
    public long SlippageTicks;

    /// <summary>Engine time of the last purchase (0: none yet).</summary>
    public long LastBuyTime;
    public long Buys;
}
