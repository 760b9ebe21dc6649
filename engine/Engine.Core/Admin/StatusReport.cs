using Engine.Ledger.Accounts;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Answers a <c>StatusRequest</c> with an <c>EngineStatus</c>: switches, counters, the StateHash, per open
/// account its state, cash and positions, and the limits in force and open orders (<see cref="StatusLimitsAndOrders"/>), followed by
/// each listing's best bid and offer (<see cref="StatusMarketTops"/>). It reads only; the request is journaled, so a replay answers it
/// identically. Owned by the BLP thread.
/// </summary>
internal sealed class StatusReport
{
    /// <summary>The most entries of each EngineStatus group, so the message stays far below egress's largest record.</summary>
    public const int MaxEntriesPerGroup = 1000;

    private readonly BusinessLogicProcessor _processor;
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly OrderTable _orders;
    private readonly EgressEncoder _egress;
    private readonly StatusLimitsAndOrders _limitsAndOrders;
    private readonly StatusMarketTops _marketTops;
    private byte[] _statusBuffer = [];

    public StatusReport(BusinessLogicProcessor processor, InputContext input, EngineCounters counters, CoreSettings settings, RiskEngine risk, Accounting accounting, OrderTable orders, MarketState market, EgressEncoder egress)
    {
        _processor = processor;
        _input = input;
        _counters = counters;
        _settings = settings;
        _risk = risk;
        _accounting = accounting;
        _orders = orders;
        _egress = egress;
        _limitsAndOrders = new StatusLimitsAndOrders(settings, risk, orders);
        _marketTops = new StatusMarketTops(settings.Registry, market, egress, MaxEntriesPerGroup);
    }

    /// <summary>
    /// Answers a StatusRequest with an EngineStatus. It walks every account slot and allocates its lists: a status
    /// is an operator's query, not a hot-path input, and the allocation-free steady state does not include it.
    /// </summary>
    public void OnStatusRequest(Sbe.StatusRequestDecoder request)
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

            if (accounts.Count < MaxEntriesPerGroup)
            {
                accounts.Add(account);
            }

            for (int asset = 1; asset <= _accounting.Assets.Count && balances.Count < MaxEntriesPerGroup; asset++)
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
                if (positions.Count < MaxEntriesPerGroup && !(report.Quantity.IsZero && report.RealisedPnl.IsZero && report.Fees.IsZero))
                {
                    positions.Add((account, instrument, report));
                }
            }
        }

        int instruments = Math.Min(_settings.Risk.Instruments.Count, MaxEntriesPerGroup);
        int length = Sbe.EngineSchema.HeaderLength + Sbe.EngineStatusEncoder.BlockLength + (4 * 4)
            + (accounts.Count * Sbe.EngineStatusEncoder.AccountsEncoder.BlockLength)
            + (instruments * Sbe.EngineStatusEncoder.InstrumentsEncoder.BlockLength)
            + (balances.Count * Sbe.EngineStatusEncoder.BalancesEncoder.BlockLength)
            + (positions.Count * Sbe.EngineStatusEncoder.PositionsEncoder.BlockLength)
            + _limitsAndOrders.Collect(MaxEntriesPerGroup, _input.Time);
        if (_statusBuffer.Length < length)
        {
            _statusBuffer = new byte[length];
        }

        var status = Sbe.EngineStatusEncoder.WrapAndApplyHeader(_statusBuffer, 0);
        status.RequestId = request.RequestId;
        status.JournalSequence = (ulong)_input.Sequence;
        status.Time = _input.Time;
        status.MarketDataInputs = (ulong)_counters.MarketData;
        status.OrdersAccepted = (ulong)_counters.OrdersAccepted;
        status.OrdersRefused = (ulong)Math.Max(0, _counters.OrdersSubmitted - _counters.OrdersAccepted);
        status.Fills = (ulong)_counters.Fills;
        status.MalformedInputs = (ulong)_counters.MalformedInputs;
        status.AccountingBreaks = (ulong)_counters.AccountingBreaks;
        status.AdminRefused = (ulong)_counters.AdminRefused;
        status.VenueBreaks = (ulong)_counters.VenueBreaks;
        status.DuplicateFills = (ulong)_counters.DuplicateFills;

        // The engine's StateHash is 64 bits; the schema's field has room for 256.
        status.SetStateHash(0, _processor.StateHash());
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

        _limitsAndOrders.Write(ref status);
        _egress.Publish(Sbe.EngineStatusEncoder.TemplateId, _statusBuffer.AsSpan(0, Sbe.EngineSchema.HeaderLength + status.EncodedLength));
        _marketTops.Publish(request.RequestId, _input.Sequence, _input.Time);
    }

    private static Sbe.TradingStateCode ToWire(TradingState state) => state switch
    {
        TradingState.Reducing => Sbe.TradingStateCode.ReduceOnly,
        TradingState.Halted => Sbe.TradingStateCode.Halted,
        _ => Sbe.TradingStateCode.Active,
    };
}
