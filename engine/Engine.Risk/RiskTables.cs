using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// The risk engine's state, in arrays indexed by small dense ids so nothing allocates: instruments, listings, accounts,
/// strategies, and positions flat as (account id x instrument stride + instrument id) so one account's positions are
/// contiguous. The parts of the engine (<see cref="LimitTable"/>, <see cref="TradingSwitches"/>,
/// <see cref="PositionBook"/>, <see cref="PreTradeCheck"/>) each own their fields of these slots; this class owns the
/// arrays, the id checks and the snapshot of the slots. Owned by the BLP thread.
/// </summary>
internal sealed class RiskTables
{
    public RiskTables(int maxInstrumentId, int maxListingId, int maxAccountId, int maxStrategyId, int valuationScale)
    {
        InstrumentStride = maxInstrumentId + 1;
        if ((long)(maxAccountId + 1) * InstrumentStride > RiskSettings.MaxPositionSlots)
        {
            throw new ArgumentException($"maxAccountId {maxAccountId} x {maxInstrumentId} instruments exceeds {RiskSettings.MaxPositionSlots} position slots");
        }

        Instruments = new InstrumentRiskState[InstrumentStride];
        Listings = new ListingRiskState[maxListingId + 1];
        Accounts = new AccountRiskState[maxAccountId + 1];
        Strategies = new StrategyRiskState[maxStrategyId + 1];
        Positions = new Position[(maxAccountId + 1) * InstrumentStride];
        ValuationScale = valuationScale;
    }

    public InstrumentRiskState[] Instruments { get; }

    public ListingRiskState[] Listings { get; }

    public AccountRiskState[] Accounts { get; }

    public StrategyRiskState[] Strategies { get; }

    public Position[] Positions { get; }

    /// <summary>Instrument slots per account in <see cref="Positions"/> (the largest instrument id + 1).</summary>
    public int InstrumentStride { get; }

    public int ValuationScale { get; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsInstrumentConfigured(int instrument) => (uint)instrument < (uint)Instruments.Length && Instruments[instrument].Configured;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsAccountOpen(int account) => (uint)account < (uint)Accounts.Length && Accounts[account].Open;

    public bool IsKnown(AccountId account, InstrumentId instrument) => IsAccountOpen(account.Value) && IsInstrumentConfigured(instrument.Value);

    public ref AccountRiskState AccountSlot(AccountId account)
    {
        if (!IsAccountOpen(account.Value))
        {
            ThrowUnknownAccount(account);
        }

        return ref Accounts[account.Value];
    }

    public ref InstrumentRiskState InstrumentSlot(InstrumentId instrument)
    {
        if (!IsInstrumentConfigured(instrument.Value))
        {
            ThrowUnknownInstrument(instrument);
        }

        return ref Instruments[instrument.Value];
    }

    public ref Position PositionSlot(AccountId account, InstrumentId instrument)
    {
        AccountSlot(account);
        InstrumentSlot(instrument);
        return ref Positions[(account.Value * InstrumentStride) + instrument.Value];
    }

    public void RequireAccountSlot(AccountId account)
    {
        if (account.Value < 1 || account.Value >= Accounts.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(account), account.Value, $"account ids are 1..{Accounts.Length - 1} (maxAccountId)");
        }
    }

    public void RequireStrategySlot(StrategyId strategy)
    {
        if (strategy.Value < 1 || strategy.Value >= Strategies.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy.Value, $"strategy ids are 1..{Strategies.Length - 1}");
        }
    }

    /// <summary>Writes the slots as their bytes (listings are configuration and are rebuilt from the settings).</summary>
    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.WriteArray<InstrumentRiskState>(Instruments);
        writer.WriteArray<AccountRiskState>(Accounts);
        writer.WriteArray<StrategyRiskState>(Strategies);
        writer.WriteArray<Position>(Positions);
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ReadInto<InstrumentRiskState>(Instruments);
        reader.ReadInto<AccountRiskState>(Accounts);
        reader.ReadInto<StrategyRiskState>(Strategies);
        reader.ReadInto<Position>(Positions);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownAccount(AccountId account) =>
        throw new ArgumentException($"account {account} is not open in risk");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownInstrument(InstrumentId instrument) =>
        throw new ArgumentException($"instrument {instrument} has no risk configuration");
}
