using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// What the BLP has done, counted from its inputs (so replay reproduces every figure; they are part of the state
/// hash). Read by the host for progress and the demo's summary; written by the BLP thread only. Each counter is
/// listed once more, in <see cref="Slot"/>, which the snapshot and the hash walk: adding one means adding it there.
/// </summary>
public sealed class EngineCounters
{
    private const int Count = 28;

    // Snapshots written before AdminRefused (DuplicateFills, VenueAlerts) existed hold the first 24 (25) counters; the
    // missing ones start at 0.
    private const int CountBeforeAdminRefused = 24;
    private const int CountBeforeDuplicateFills = 25;

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

    /// <summary>Open orders closed because their venue gateway died and the venue cancels a dropped session's orders.</summary>
    public long CanceledOnDisconnect;

    /// <summary>Open orders whose fate became unknown because their venue gateway died (the venue keeps its orders).</summary>
    public long UnknownOnDisconnect;

    /// <summary>Funding payments posted (one per account holding a perpetual at a settlement).</summary>
    public long FundingPayments;

    /// <summary>Feed gaps venue gateways reported (books marked stale).</summary>
    public long FeedGaps;

    /// <summary>Feed resynchronisations venue gateways reported (stale books fresh again).</summary>
    public long FeedResyncs;

    /// <summary>Trading days started (daily loss figures reset at the configured roll time).</summary>
    public long TradingDays;

    /// <summary>Admin commands the engine refused (an unknown target, a wrong scope, a value out of range): not malformed inputs.</summary>
    public long AdminRefused;

    /// <summary>
    /// Fills a venue reported again (a gateway restarted and re-read its trades, or a report was repeated): their
    /// cumulative quantity was already counted, so nothing was applied twice.
    /// </summary>
    public long DuplicateFills;

    /// <summary>VenueAlert inputs: what venue gateways' reconciliation found (breaks, orphans canceled, missed fills).</summary>
    public long VenueAlerts;

    /// <summary>Of those, balance and position breaks: the venue's figure is not what the fills reported explain.</summary>
    public long VenueBreaks;

    private long _lastRejectCode;

    /// <summary>The code of the most recent refusal (2xxx risk, 3xxx matching, 4xxx ledger); <see cref="ResultCode.Ok"/> before any.</summary>
    public ResultCode LastRejectCode
    {
        get => (ResultCode)_lastRejectCode;
        set => _lastRejectCode = (long)value;
    }

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.BeginSection("counters");
        Span<long> values = stackalloc long[Count];
        for (int i = 0; i < Count; i++)
        {
            values[i] = Slot(i);
        }

        writer.WriteArray<long>(values);
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ExpectSection("counters");
        long[] values = reader.ReadArray<long>();
        if (values.Length is not (Count or CountBeforeDuplicateFills or CountBeforeAdminRefused))
        {
            throw new SnapshotFormatException($"snapshot: {values.Length} counters, this build has {Count}");
        }

        for (int i = 0; i < Count; i++)
        {
            Slot(i) = i < values.Length ? values[i] : 0;
        }
    }

    public void AddToHash(ref StateHasher hasher)
    {
        for (int i = 0; i < Count; i++)
        {
            hasher.Add(Slot(i));
        }
    }

    private ref long Slot(int index)
    {
        switch (index)
        {
            case 0: return ref Inputs;
            case 1: return ref MarketData;
            case 2: return ref MalformedInputs;
            case 3: return ref IgnoredInputs;
            case 4: return ref OrdersSubmitted;
            case 5: return ref OrdersRejected;
            case 6: return ref OrdersAccepted;
            case 7: return ref Fills;
            case 8: return ref OrdersFilled;
            case 9: return ref OrdersCanceled;
            case 10: return ref CancelRequests;
            case 11: return ref AmendRequests;
            case 12: return ref UnknownExecutionReports;
            case 13: return ref AccountingBreaks;
            case 14: return ref AdminInputs;
            case 15: return ref TimerTicks;
            case 16: return ref KillSwitchCancels;
            case 17: return ref CanceledOnDisconnect;
            case 18: return ref UnknownOnDisconnect;
            case 19: return ref FundingPayments;
            case 20: return ref FeedGaps;
            case 21: return ref FeedResyncs;
            case 22: return ref TradingDays;
            case 23: return ref _lastRejectCode;
            case 24: return ref AdminRefused;
            case 25: return ref DuplicateFills;
            case 26: return ref VenueAlerts;
            case 27: return ref VenueBreaks;
            default: throw new ArgumentOutOfRangeException(nameof(index), index, $"counters are 0..{Count - 1}");
        }
    }
}
