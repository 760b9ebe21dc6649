namespace Engine.Core;

/// <summary>
/// The input the BLP is applying: its journal sequence, its time (the engine's only clock), and what the outputs it
/// causes must carry. Reset by <see cref="BusinessLogicProcessor.Process"/> for every input and read by every part
/// of the BLP. Owned by the BLP thread.
/// </summary>
internal sealed class InputContext
{
    /// <summary>The journal sequence of the input being applied (of the last one, between inputs).</summary>
    public long Sequence { get; private set; }

    /// <summary>The input's engine time (ns, UTC): the time the journal stamped on it, and the BLP's only clock.</summary>
    public long Time { get; private set; }

    /// <summary>
    /// When the current input is market data: its gateway receive time (0 when its gateway did not say). Order
    /// requests it causes carry it as their trigger time, so the host can measure tick-to-trade from it.
    /// </summary>
    public long TriggerTime { get; private set; }

    /// <summary>True while the current input is market data.</summary>
    public bool IsMarketData { get; private set; }

    /// <summary>ExecutionReports the BLP published for this input (internal crossing numbers its execIds with it).</summary>
    public long ReportsThisInput { get; set; }

    public void Begin(long sequence, long time)
    {
        Sequence = sequence;
        Time = time;
        TriggerTime = 0;
        IsMarketData = false;
        ReportsThisInput = 0;
    }

    /// <summary>The current input is market data its gateway received at <paramref name="gatewayReceiveTime"/>.</summary>
    public void MarketData(long gatewayReceiveTime)
    {
        TriggerTime = gatewayReceiveTime;
        IsMarketData = true;
    }

    /// <summary>Restores the last input's sequence and time from a snapshot.</summary>
    public void Restore(long sequence, long time)
    {
        Sequence = sequence;
        Time = time;
    }
}
