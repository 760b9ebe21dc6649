using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// What may trade at all: the global, per-instrument and per-account trading states (active, reducing-only,
/// halted), the global and per-account kill switches, and the dead-man switch that halts trading when operators'
/// heartbeats stop. Changed by admin inputs, by the daily loss limit (an account's kill switch) and by time (the
/// dead-man switch); the pre-trade check reads them first. Owned by the BLP thread.
/// </summary>
internal sealed class TradingSwitches
{
    private readonly RiskTables _tables;
    private TradingState _globalState;
    private bool _globalKillSwitch;
    private DeadManSwitch _deadMan;

    public TradingSwitches(RiskTables tables, long deadManIntervalNanos)
    {
        _tables = tables;
        _deadMan = new DeadManSwitch(deadManIntervalNanos);
    }

    public TradingState GlobalState => _globalState;

    public bool GlobalKillSwitch => _globalKillSwitch;

    public ref DeadManSwitch DeadMan => ref _deadMan;

    public void SetGlobalState(TradingState state) => _globalState = Require(state);

    public void SetInstrumentState(InstrumentId instrument, TradingState state) => _tables.InstrumentSlot(instrument).State = Require(state);

    public TradingState InstrumentState(InstrumentId instrument) => _tables.InstrumentSlot(instrument).State;

    public void SetAccountState(AccountId account, TradingState state) => _tables.AccountSlot(account).State = Require(state);

    public TradingState AccountState(AccountId account) => _tables.AccountSlot(account).State;

    public void SetGlobalKillSwitch(bool on) => _globalKillSwitch = on;

    public void SetAccountKillSwitch(AccountId account, bool on) => _tables.AccountSlot(account).KillSwitch = on;

    public bool IsAccountKillSwitchOn(AccountId account) => _tables.AccountSlot(account).KillSwitch;

    public void SetDeadManInterval(long intervalNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervalNanos);
        _deadMan.SetInterval(intervalNanos);
    }

    public void OnAdminHeartbeat(long nowNanos) => _deadMan.Heartbeat(nowNanos);

    /// <summary>When the heartbeat is overdue at <paramref name="nowNanos"/>: halts trading and returns true exactly once.</summary>
    public bool PollDeadMan(long nowNanos) => _deadMan.IsEnabled && _deadMan.IsOverdue(nowNanos) && FireDeadMan();

    /// <summary>Halts trading; true the first time since the last heartbeat (the BLP then cancels every open order).</summary>
    public bool FireDeadMan()
    {
        _globalState = TradingState.Halted;
        return _deadMan.Fire();
    }

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.WriteInt32((int)_globalState);
        writer.WriteBoolean(_globalKillSwitch);
        writer.WriteValue(in _deadMan);
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        _globalState = (TradingState)reader.ReadInt32();
        _globalKillSwitch = reader.ReadBoolean();
        _deadMan = reader.ReadValue<DeadManSwitch>();
    }

    public void AddToHash(ref StateHasher hasher)
    {
        hasher.Add((long)_globalState);
        hasher.Add(_globalKillSwitch ? 1 : 0);
        _deadMan.AddToHash(ref hasher);
    }

    private static TradingState Require(TradingState state) =>
        state is TradingState.Active or TradingState.Reducing or TradingState.Halted
            ? state
            : throw new ArgumentOutOfRangeException(nameof(state), state, "not a trading state");
}
