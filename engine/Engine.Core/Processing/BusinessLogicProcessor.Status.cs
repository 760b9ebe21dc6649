using Engine.Ledger.Accounts;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// What the BLP answers to operators: an <c>AdminResult</c> for every admin input (applied, or refused and why, and
/// how many orders it canceled) and an <c>EngineStatus</c> for every <c>StatusRequest</c>. Both are outputs like
/// any other: derived from the journaled inputs, so a replay regenerates them.
/// </summary>
public sealed partial class BusinessLogicProcessor
{
    /// <summary>The most entries of each EngineStatus group, so the message stays far below egress's largest record.</summary>
    public const int MaxStatusEntriesPerGroup = 1000;

    private byte[] _statusBuffer = [];
    private long _adminMalformedBefore;
    private long _adminCancelsBefore;

    private void BeginAdmin()
    {
        _adminMalformedBefore = _counters.MalformedInputs;
        _adminCancelsBefore = _counters.CancelRequests;
    }

    private static bool IsAdminInput(int templateId) =>
        templateId is (>= Sbe.KillSwitchDecoder.TemplateId and <= Sbe.FundsTransferRequestDecoder.TemplateId)
            or Sbe.CancelAllDecoder.TemplateId or Sbe.SnapshotRequestDecoder.TemplateId;

    /// <summary>Publishes the AdminResult of the admin input just applied (refused if it counted as malformed).</summary>
    private void EndAdmin(int refTemplateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        (long requestTime, uint principal) = AdminOrigin(refTemplateId, blockLength, version, message);
        bool applied = _counters.MalformedInputs == _adminMalformedBefore;
        var result = Sbe.AdminResultEncoder.WrapAndApplyHeader(_outputBuffer, 0);
        result.JournalSequence = (ulong)_sequence;
        result.RequestTime = requestTime;
        result.Affected = (uint)Math.Clamp(_counters.CancelRequests - _adminCancelsBefore, 0, uint.MaxValue);
        result.PrincipalId = principal;
        result.RefTemplateId = (ushort)refTemplateId;
        result.Applied = applied ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        result.SetText(applied ? string.Empty : RefusalReason(refTemplateId));
        _output.Publish(Sbe.AdminResultEncoder.TemplateId, _outputBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + result.EncodedLength));
    }

    /// <summary>Who asked and when: the key an admin client matches the answer by (CancelAll names no principal).</summary>
    private static (long RequestTime, uint Principal) AdminOrigin(int templateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        const int Body = Sbe.MessageHeaderDecoder.EncodedLength;
        switch (templateId)
        {
            case Sbe.KillSwitchDecoder.TemplateId:
            {
                var input = new Sbe.KillSwitchDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.RiskLimitChangeDecoder.TemplateId:
            {
                var input = new Sbe.RiskLimitChangeDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.DeadManHeartbeatDecoder.TemplateId:
            {
                var input = new Sbe.DeadManHeartbeatDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.InstrumentTradingActionDecoder.TemplateId:
            {
                var input = new Sbe.InstrumentTradingActionDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.StrategyParameterChangeDecoder.TemplateId:
            {
                var input = new Sbe.StrategyParameterChangeDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.FundsTransferRequestDecoder.TemplateId:
            {
                var input = new Sbe.FundsTransferRequestDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.SnapshotRequestDecoder.TemplateId:
            {
                var input = new Sbe.SnapshotRequestDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.CancelAllDecoder.TemplateId:
                return (new Sbe.CancelAllDecoder(message, Body, blockLength, version).SendingTime, 0);
            default:
                return default;
        }
    }

    /// <summary>Why an admin input of this kind is refused: the cases its handler counts as malformed.</summary>
    private static string RefusalReason(int templateId) => templateId switch
    {
        Sbe.KillSwitchDecoder.TemplateId => "the scope's target is not an open account, a traded instrument or a configured strategy (or the scope or action is unknown)",
        Sbe.RiskLimitChangeDecoder.TemplateId => "the limit does not apply to that scope, the account, instrument or strategy is unknown, or the value is out of range",
        Sbe.InstrumentTradingActionDecoder.TemplateId => "the scope's target is not a traded instrument or an open account, an id the scope does not use is not 0, or the action is unknown",
        Sbe.StrategyParameterChangeDecoder.TemplateId => "no such strategy, or the strategy refused the parameter or its value",
        Sbe.FundsTransferRequestDecoder.TemplateId => "unknown account or asset, an amount that is not positive, or a withdrawal that would overdraw the account",
        _ => "refused",
    };

    /// <summary>
    /// Answers a StatusRequest with an EngineStatus. It walks every account slot and allocates its lists: a status
    /// is an operator's query, not a hot-path input, and the allocation-free steady state does not include it.
    /// </summary>
    private void OnStatusRequest(Sbe.StatusRequestDecoder request)
    {
        _counters.AdminInputs++;
        var accounts = new List<AccountId>();
        var balances = new List<(AccountId Account, AssetId Asset, Amount Available)>();
        var positions = new List<(AccountId Account, RiskInstrument Instrument, PositionReport Report)>();
        for (int a = 1; a <= _settings.Risk.MaxAccountId; a++)
        {
            var account = new AccountId(a);
            if (!_risk.IsAccountOpen(account))
            {
                continue;
            }

            if (accounts.Count < MaxStatusEntriesPerGroup)
            {
                accounts.Add(account);
            }

            for (int asset = 1; asset <= _accounting.Assets.Count && balances.Count < MaxStatusEntriesPerGroup; asset++)
            {
                Amount available = _accounting.AvailableCash(account, new AssetId(asset));
                if (!available.IsZero)
                {
                    balances.Add((account, new AssetId(asset), available));
                }
            }

            foreach (RiskInstrument instrument in _settings.Risk.Instruments)
            {
                PositionReport report = _risk.Report(account, instrument.Id);
                if (positions.Count < MaxStatusEntriesPerGroup && !(report.Quantity.IsZero && report.RealisedPnl.IsZero && report.Fees.IsZero))
                {
                    positions.Add((account, instrument, report));
                }
            }
        }

        int instruments = Math.Min(_settings.Risk.Instruments.Count, MaxStatusEntriesPerGroup);
        int length = Sbe.EngineSchema.HeaderLength + Sbe.EngineStatusEncoder.BlockLength + (4 * 4)
            + (accounts.Count * Sbe.EngineStatusEncoder.AccountsEncoder.BlockLength)
            + (instruments * Sbe.EngineStatusEncoder.InstrumentsEncoder.BlockLength)
            + (balances.Count * Sbe.EngineStatusEncoder.BalancesEncoder.BlockLength)
            + (positions.Count * Sbe.EngineStatusEncoder.PositionsEncoder.BlockLength);
        if (_statusBuffer.Length < length)
        {
            _statusBuffer = new byte[length];
        }

        var status = Sbe.EngineStatusEncoder.WrapAndApplyHeader(_statusBuffer, 0);
        status.RequestId = request.RequestId;
        status.JournalSequence = (ulong)_sequence;
        status.Time = _inputTime;
        status.MarketDataInputs = (ulong)_counters.MarketData;
        status.OrdersAccepted = (ulong)_counters.OrdersAccepted;
        status.OrdersRefused = (ulong)Math.Max(0, _counters.OrdersSubmitted - _counters.OrdersAccepted);
        status.Fills = (ulong)_counters.Fills;
        status.MalformedInputs = (ulong)_counters.MalformedInputs;
        status.AccountingBreaks = (ulong)_counters.AccountingBreaks;

        // The engine's StateHash is 64 bits; the schema's field has room for 256.
        status.SetStateHash(0, StateHash());
        for (int i = 1; i < Sbe.EngineStatusEncoder.StateHashLength; i++)
        {
            status.SetStateHash(i, 0);
        }

        status.OpenOrders = (uint)_orders.Count;
        status.PrincipalId = request.PrincipalId;
        status.GlobalKillSwitch = _risk.GlobalKillSwitch ? Sbe.BooleanType.True : Sbe.BooleanType.False;
        status.GlobalTradingState = ToWire(_risk.GlobalTradingState);

        var accountGroup = status.AccountsCount(accounts.Count);
        foreach (AccountId account in accounts)
        {
            accountGroup.Next();
            accountGroup.AccountId = (ulong)account.Value;
            accountGroup.KillSwitch = _risk.IsAccountKillSwitchOn(account) ? Sbe.BooleanType.True : Sbe.BooleanType.False;
            accountGroup.TradingState = ToWire(_risk.GetAccountTradingState(account));
        }

        var instrumentGroup = status.InstrumentsCount(instruments);
        for (int i = 0; i < instruments; i++)
        {
            RiskInstrument instrument = _settings.Risk.Instruments[i];
            instrumentGroup.Next();
            instrumentGroup.InstrumentId = (uint)instrument.Id.Value;
            instrumentGroup.TradingState = ToWire(_risk.GetInstrumentTradingState(instrument.Id));
        }

        var balanceGroup = status.BalancesCount(balances.Count);
        sbyte ledgerExponent = (sbyte)-_accounting.Assets.Scale;
        foreach ((AccountId account, AssetId asset, Amount available) in balances)
        {
            balanceGroup.Next();
            balanceGroup.AccountId = (ulong)account.Value;
            balanceGroup.AssetId = (uint)asset.Value;
            balanceGroup.Available.SetMantissa(available.Units).SetExponent(ledgerExponent);
        }

        var positionGroup = status.PositionsCount(positions.Count);
        foreach ((AccountId account, RiskInstrument instrument, PositionReport report) in positions)
        {
            sbyte money = (sbyte)-instrument.MoneyScale;
            positionGroup.Next();
            positionGroup.AccountId = (ulong)account.Value;
            positionGroup.InstrumentId = (uint)instrument.Id.Value;
            positionGroup.Quantity.SetMantissa(report.Quantity.Units).SetExponent((sbyte)-instrument.Rules.QuantityScale);
            positionGroup.AverageEntryPrice.SetMantissa(report.AverageEntryPrice.Units).SetExponent((sbyte)-instrument.Rules.PriceScale);
            positionGroup.RealisedPnl.SetMantissa(report.RealisedPnl.Units).SetExponent(money);
            positionGroup.UnrealisedPnl.SetMantissa(report.UnrealisedPnl.Units).SetExponent(money);
            positionGroup.Fees.SetMantissa(report.Fees.Units).SetExponent(money);
        }

        _output.Publish(Sbe.EngineStatusEncoder.TemplateId, _statusBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + status.EncodedLength));
    }

    private static Sbe.TradingStateCode ToWire(TradingState state) => state switch
    {
        TradingState.Reducing => Sbe.TradingStateCode.ReduceOnly,
        TradingState.Halted => Sbe.TradingStateCode.Halted,
        _ => Sbe.TradingStateCode.Active,
    };
}
