using Engine.Ledger;
using Engine.Ledger.Accounts;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Operators' inputs: kill switches, risk limits, trading states, the dead-man heartbeat, strategy parameters and
/// funds transfers. Each is applied in full or not at all; one that cannot apply (an unknown target, a wrong scope, an
/// out-of-range value) changes nothing and is refused through <see cref="AdminRefusal"/> with the result code and the
/// reason naming the id or value at fault, which <see cref="AdminAnswers"/> publishes. A refused command is counted as
/// refused, not as a malformed input: it was well-formed, only not applicable. Owned by the BLP thread.
/// </summary>
internal sealed partial class AdminCommands
{
    // Risk's largest token-bucket capacity (orders).
    private const int MaxOrderBurst = 1_000_000_000;

    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly TradedInstruments _traded;
    private readonly OrderManager _orders;
    private readonly StrategyHost _strategies;
    private readonly AdminRefusal _refusal;
    private readonly EgressEncoder _egress;

    public AdminCommands(InputContext input, EngineCounters counters, CoreSettings settings, RiskEngine risk, Accounting accounting, TradedInstruments traded, OrderManager orders, StrategyHost strategies, AdminRefusal refusal, EgressEncoder egress)
    {
        _refusal = refusal;
        _egress = egress;
        _input = input;
        _counters = counters;
        _settings = settings;
        _risk = risk;
        _accounting = accounting;
        _traded = traded;
        _orders = orders;
        _strategies = strategies;
    }

    public void OnKillSwitch(Sbe.KillSwitchDecoder kill)
    {
        _counters.AdminInputs++;
        bool engage = kill.Action == Sbe.SwitchAction.Engage;
        if (!engage && kill.Action != Sbe.SwitchAction.Release)
        {
            _refusal.Refuse(ResultCode.AdminUnknownAction, Text($"kill switch action {(int)kill.Action} is not engage (1) or release (2)"));
            return;
        }

        ulong target = kill.TargetId;
        switch (kill.Scope)
        {
            case Sbe.KillScope.All:
                _risk.SetGlobalKillSwitch(engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelEverything();
                }

                break;
            case Sbe.KillScope.Account when target == 0:
                _refusal.Refuse(ResultCode.AdminScopeMissing, "kill switch scope account names no account (targetId 0)");
                break;
            case Sbe.KillScope.Account when !IsOpenAccount(target):
                _refusal.Refuse(ResultCode.UnknownAccount, Text($"account {target} is not an open account"));
                break;
            case Sbe.KillScope.Account:
                _risk.SetAccountKillSwitch(new AccountId((int)target), engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelWhere(OrderFilter.OfAccount(new AccountId((int)target)));
                }

                break;
            case Sbe.KillScope.Instrument when !IsTraded(target):
                _refusal.Refuse(ResultCode.UnknownInstrument, Text($"instrument {target} is not a traded instrument"));
                break;
            case Sbe.KillScope.Instrument:
                _risk.SetInstrumentTradingState(new InstrumentId((int)target), engage ? TradingState.Halted : TradingState.Active);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelWhere(OrderFilter.OfInstrument(new InstrumentId((int)target)));
                }

                break;
            case Sbe.KillScope.Strategy when !_strategies.IsValidId(target):
                _refusal.Refuse(ResultCode.UnknownStrategy, Text($"strategy {target} is not a configured strategy"));
                break;
            case Sbe.KillScope.Strategy:
                _strategies.SetKilled(new StrategyId((int)target), engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelWhere(OrderFilter.OfStrategy(new StrategyId((int)target)));
                }

                break;
            default:
                _refusal.Refuse(ResultCode.AdminUnknownScope, Text($"kill switch scope {(int)kill.Scope} is not all (1), account (2), instrument (3) or strategy (4)"));
                break;
        }
    }

    /// <summary>An operator cancels one order (the console's per-order cancel); refused when it is not open or not the account's.</summary>
    public void OnCancelOrder(Sbe.AdminCancelOrderDecoder cancel)
    {
        _counters.AdminInputs++;
        ulong order = cancel.OrderId;
        ulong account = cancel.AccountId;
        if (order > long.MaxValue || account > int.MaxValue)
        {
            _refusal.Refuse(ResultCode.UnknownOrder, Text($"order {order} of account {account} is not an id the engine gives"));
            return;
        }

        ResultCode result = _orders.CancelFromAdmin(new AccountId((int)account), new OrderId((long)order));
        switch (result)
        {
            case ResultCode.Ok:
                break;
            case ResultCode.AdminOrderClosed:
                _refusal.Refuse(result, Text($"order {order} is no longer open (filled or canceled)"));
                break;
            case ResultCode.AdminCancelPending:
                _refusal.Refuse(result, Text($"order {order} is already being canceled"));
                break;
            default:
                _refusal.Refuse(result, account == 0 ? Text($"order {order} is not an order the engine gave") : Text($"order {order} is not an open order of account {account}"));
                break;
        }
    }

    /// <summary>
    /// An operator asks venue gateways to reconcile now. The engine's state does not change: it checks the venue and
    /// passes the request on egress as it came, where the venue's gateway acts on it (every gateway for venue 0).
    /// </summary>
    public void OnReconcile(Sbe.AdminReconcileDecoder reconcile, ReadOnlySpan<byte> message)
    {
        _counters.AdminInputs++;
        ushort venue = reconcile.VenueId;
        if (venue > _settings.Registry.Venues.Count)
        {
            _refusal.Refuse(ResultCode.UnknownVenue, Text($"venue {venue} is not in the registry ({_settings.Registry.Venues.Count} venues; 0 asks every venue)"));
            return;
        }

        _egress.Forward(Sbe.AdminReconcileDecoder.TemplateId, message);
    }

    public void OnDeadManHeartbeat(Sbe.DeadManHeartbeatDecoder heartbeat)
    {
        _counters.AdminInputs++;
        if (heartbeat.Timeout > 0)
        {
            _risk.SetDeadManInterval(heartbeat.Timeout);
        }

        _risk.OnAdminHeartbeat(_input.Time);
    }

    /// <summary>
    /// Sets the trading state of one instrument, one open account or everything (a version 0 message has no scope: it
    /// means the instrument). The ids the scope does not use must be 0. The state changes only what new orders may do:
    /// open orders stay (a kill switch cancels them).
    /// </summary>
    public void OnInstrumentTradingAction(Sbe.InstrumentTradingActionDecoder action)
    {
        _counters.AdminInputs++;
        TradingState? state = action.Action switch
        {
            Sbe.TradingAction.Halt => TradingState.Halted,
            Sbe.TradingAction.ReduceOnly => TradingState.Reducing,
            Sbe.TradingAction.Resume => TradingState.Active,
            _ => null,
        };
        uint instrumentId = action.InstrumentId;
        ulong accountId = action.AccountIdInActingVersion ? action.AccountId : 0;
        Sbe.TradingScope scope = action.ScopeInActingVersion ? action.Scope : Sbe.TradingScope.Instrument;
        if (state is not { } newState)
        {
            _refusal.Refuse(ResultCode.AdminUnknownAction, Text($"trading action {(int)action.Action} is not halt (1), resume (2) or reduce-only (3)"));
            return;
        }

        switch (scope)
        {
            case Sbe.TradingScope.Instrument when accountId != 0:
                _refusal.Refuse(ResultCode.AdminIdNotUsedByScope, Text($"scope instrument names no account (got account {accountId})"));
                break;
            case Sbe.TradingScope.Instrument when !IsTraded(instrumentId):
                _refusal.Refuse(ResultCode.UnknownInstrument, Text($"instrument {instrumentId} is not a traded instrument"));
                break;
            case Sbe.TradingScope.Instrument:
                _risk.SetInstrumentTradingState(new InstrumentId((int)instrumentId), newState);
                break;
            case Sbe.TradingScope.Account when instrumentId != 0:
                _refusal.Refuse(ResultCode.AdminIdNotUsedByScope, Text($"scope account names no instrument (got instrument {instrumentId})"));
                break;
            case Sbe.TradingScope.Account when accountId == 0:
                _refusal.Refuse(ResultCode.AdminScopeMissing, "scope account names no account (accountId 0)");
                break;
            case Sbe.TradingScope.Account when !IsOpenAccount(accountId):
                _refusal.Refuse(ResultCode.UnknownAccount, Text($"account {accountId} is not an open account"));
                break;
            case Sbe.TradingScope.Account:
                _risk.SetAccountTradingState(new AccountId((int)accountId), newState);
                break;
            case Sbe.TradingScope.Global when instrumentId != 0 || accountId != 0:
                _refusal.Refuse(ResultCode.AdminIdNotUsedByScope, Text($"scope global names no instrument or account (got instrument {instrumentId}, account {accountId})"));
                break;
            case Sbe.TradingScope.Global:
                _risk.SetGlobalTradingState(newState);
                break;
            default:
                _refusal.Refuse(ResultCode.AdminUnknownScope, Text($"trading scope {(int)scope} is not instrument (1), account (2) or global (3)"));
                break;
        }
    }

    public void OnStrategyParameterChange(Sbe.StrategyParameterChangeDecoder change)
    {
        _counters.AdminInputs++;
        uint id = change.StrategyId;
        string name = change.NameAsString();
        string value = change.ValueAsString();
        if (!_strategies.IsValidId(id))
        {
            _refusal.Refuse(ResultCode.UnknownStrategy, Text($"strategy {id} is not a configured strategy"));
        }
        else if (!_strategies.OnParameter(id, name, value))
        {
            _refusal.Refuse(ResultCode.AdminParameterRefused, Text($"strategy {id} refused parameter '{name}' with value '{value}' (an unknown name or a value it does not take)"));
        }
    }

    public void OnFundsTransfer(Sbe.FundsTransferRequestDecoder transfer)
    {
        _counters.AdminInputs++;
        var account = new AccountId((int)Math.Min(transfer.AccountId, int.MaxValue));
        var asset = new AssetId((int)Math.Min(transfer.AssetId, int.MaxValue));
        var amount = new Amount(transfer.Amount.Mantissa);
        bool deposit = transfer.Direction == Sbe.FundsDirection.Deposit;
        if (account.IsNone || account.Value > _settings.Risk.MaxAccountId)
        {
            _refusal.Refuse(ResultCode.UnknownAccount, Text($"account {transfer.AccountId} is outside the accounts 1..{_settings.Risk.MaxAccountId}"));
            return;
        }

        if (asset.Value < 1 || asset.Value > _accounting.Assets.Count)
        {
            _refusal.Refuse(ResultCode.AdminUnknownAsset, Text($"asset {transfer.AssetId} is not one of the assets 1..{_accounting.Assets.Count}"));
            return;
        }

        if (!amount.IsPositive)
        {
            _refusal.Refuse(ResultCode.AmountMustBePositive, Text($"amount {amount.Units} (mantissa) is not positive"));
            return;
        }

        if (!deposit && transfer.Direction != Sbe.FundsDirection.Withdrawal)
        {
            _refusal.Refuse(ResultCode.AdminUnknownAction, Text($"funds direction {(int)transfer.Direction} is not deposit (1) or withdrawal (2)"));
            return;
        }

        if (!_risk.IsAccountOpen(account))
        {
            _risk.OpenAccount(account);
        }

        LedgerResult result = deposit ? _accounting.Deposit(account, asset, amount, _input.Time) : _accounting.Withdraw(account, asset, amount, _input.Time);
        if (result != LedgerResult.Ok)
        {
            // An overdrawing withdrawal is refused by the ledger (debits must not exceed credits): nothing moved.
            ResultCode code = result.ToResultCode();
            _refusal.Refuse(code, Text($"the ledger refused the {(deposit ? "deposit" : "withdrawal")} of account {account.Value} in {_accounting.Assets.CodeOf(asset)}: {ResultCodes.Reason(code)}"));
        }
    }

    private static string Text(FormattableString text) => FormattableString.Invariant(text);

    private bool IsOpenAccount(ulong id) => id is > 0 and <= int.MaxValue && _risk.IsAccountOpen(new AccountId((int)id));

    private bool IsTraded(ulong id) => id is > 0 and <= int.MaxValue && _traded.TryGet(new InstrumentId((int)id)) is not null;
}
