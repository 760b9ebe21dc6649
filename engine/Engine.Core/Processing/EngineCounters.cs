using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// What the BLP has done, counted from its inputs (so replay reproduces every figure; they are part of the state
/// hash). Read by the host for progress and the demo's summary; written by the BLP thread only.
/// </summary>
public sealed class EngineCounters
{
    public long Inputs;
    public long MarketData;
    public long MalformedInputs;
    public long IgnoredInputs;
    public long OrdersSubmitted;
    public long OrdersRejected;
    public long OrdersAccepted;
    public long Fills;
    public long OrdersFilled;
    public long OrdersCanceled;
    public long CancelRequests;
    public long AmendRequests;
    public long UnknownExecutionReports;
    public long AccountingBreaks;
    public long AdminInputs;
    public long TimerTicks;
    public long KillSwitchCancels;

    /// <summary>Open orders closed because their venue gateway died (cancel-on-disconnect).</summary>
    public long CanceledOnDisconnect;

    /// <summary>Funding payments posted (one per account holding a perpetual at a settlement).</summary>
    public long FundingPayments;

    /// <summary>The code of the most recent refusal (2xxx risk, 3xxx matching, 4xxx ledger); 0 before any.</summary>
    public int LastRejectCode;

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.BeginSection("counters");
        writer.WriteArray<long>([Inputs, MarketData, MalformedInputs, IgnoredInputs, OrdersSubmitted, OrdersRejected, OrdersAccepted, Fills, OrdersFilled, OrdersCanceled, CancelRequests, AmendRequests, UnknownExecutionReports, AccountingBreaks, AdminInputs, TimerTicks, KillSwitchCancels, LastRejectCode, CanceledOnDisconnect, FundingPayments]);
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ExpectSection("counters");
        long[] values = reader.ReadArray<long>();
        if (values.Length != 20)
        {
            throw new SnapshotFormatException($"snapshot: {values.Length} counters, this build has 20");
        }

        (Inputs, MarketData, MalformedInputs, IgnoredInputs, OrdersSubmitted, OrdersRejected, OrdersAccepted, Fills) = (values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
        (OrdersFilled, OrdersCanceled, CancelRequests, AmendRequests, UnknownExecutionReports, AccountingBreaks, AdminInputs, TimerTicks) = (values[8], values[9], values[10], values[11], values[12], values[13], values[14], values[15]);
        KillSwitchCancels = values[16];
        LastRejectCode = (int)values[17];
        CanceledOnDisconnect = values[18];
        FundingPayments = values[19];
    }

    public void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(Inputs);
        hasher.Add(MarketData);
        hasher.Add(MalformedInputs);
        hasher.Add(IgnoredInputs);
        hasher.Add(OrdersSubmitted);
        hasher.Add(OrdersRejected);
        hasher.Add(OrdersAccepted);
        hasher.Add(Fills);
        hasher.Add(OrdersFilled);
        hasher.Add(OrdersCanceled);
        hasher.Add(CancelRequests);
        hasher.Add(AmendRequests);
        hasher.Add(UnknownExecutionReports);
        hasher.Add(AccountingBreaks);
        hasher.Add(AdminInputs);
        hasher.Add(TimerTicks);
        hasher.Add(KillSwitchCancels);
        hasher.Add(CanceledOnDisconnect);
        hasher.Add(LastRejectCode);
        hasher.Add(FundingPayments);
    }
}
