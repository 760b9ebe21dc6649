using System.Runtime.CompilerServices;
using Engine.Ledger;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// What happens to orders after they left: venue execution reports (accepted, filled, canceled, rejected, replaced),
/// fills posted to the ledger and to risk's positions, orders closed and their reservations released, accounting
/// breaks, and a venue gateway's disconnect. Internal crossing feeds its book's events through the same methods.
/// Owned by the BLP thread.
/// </summary>
internal sealed class ExecutionReportHandler
{
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly TradedInstruments _traded;
    private readonly InternalCrossing _crossing;
    private readonly OrderManager _manager;
    private readonly OrderTable _orders;
    private readonly StrategyHost _strategies;

    public ExecutionReportHandler(InputContext input, EngineCounters counters, CoreSettings settings, RiskEngine risk, Accounting accounting, TradedInstruments traded, InternalCrossing crossing, OrderManager manager, StrategyHost strategies)
    {
        _input = input;
        _counters = counters;
        _settings = settings;
        _risk = risk;
        _accounting = accounting;
        _traded = traded;
        _crossing = crossing;
        _manager = manager;
        _orders = manager.Orders;
        _strategies = strategies;
    }

    public void OnExecutionReport(Sbe.ExecutionReportDecoder report)
    {
        // origClientOrderId names the order (clientOrderId names the request: a cancel's answer carries the cancel's id).
        ulong engineOrderId = report.OrigClientOrderId == Sbe.ExecutionReportDecoder.OrigClientOrderIdNullValue ? report.ClientOrderId : report.OrigClientOrderId;
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(engineOrderId, long.MaxValue)));

        // An internal order has no venue: a report naming one is not about it.
        if (Unsafe.IsNullRef(ref order) || _crossing.Crosses(order.Instrument))
        {
            _counters.UnknownExecutionReports++;
            return;
        }

        switch (report.ExecType)
        {
            case Sbe.ExecType.New:
                if (order.State == OrderState.PendingNew)
                {
                    order.State = OrderState.Working;
                }

                order.VenueOrderId = (long)report.OrderId;
                _strategies.Notify(ref order, Quantity.Zero, Price.Zero, 0);
                break;
            case Sbe.ExecType.Trade:
                OnFill(ref order, WireConversions.ToPrice(report.LastPrice.Mantissa), new Quantity(report.LastQuantity.Mantissa), report.IsMaker == Sbe.BooleanType.True, (long)report.ExecId);
                break;
            case Sbe.ExecType.Canceled:
            case Sbe.ExecType.Expired:
                CloseOrder(ref order, OrderState.Canceled, 0);
                break;
            case Sbe.ExecType.Rejected:
                if (order.State == OrderState.PendingAmend)
                {
                    // The venue refused the amend, not the order: drop the amend's extra hold, keep working.
                    DropPendingReservation(ref order);
                    order.State = OrderState.Working;
                    _strategies.Notify(ref order, Quantity.Zero, Price.Zero, (int)report.RejectReason);
                    break;
                }

                CloseOrder(ref order, OrderState.Rejected, report.RejectReason == Sbe.RejectReason.NullValue ? (int)ResultCode.UnknownOrder : (int)report.RejectReason);
                break;
            case Sbe.ExecType.Replaced:
                OnReplaced(ref order);
                break;
            default:
                _counters.IgnoredInputs++;
                break;
        }
    }

    /// <summary>Releases the extra hold an amend took (its PendingReservation) when the amend will not happen.</summary>
    public void DropPendingReservation(ref OrderRecord order)
    {
        ReleaseOrBreak(order.PendingReservation, order.Account);
        order.PendingReservation = default;
    }

    public void OnFill(ref OrderRecord order, Price price, Quantity quantity, bool maker, long tradeId)
    {
        TradedInstrument traded = _traded.Get(order.Instrument);
        if (price.Units <= 0 || quantity.Units <= 0 || quantity.Units > order.Leaves.Units)
        {
            // A fill the order cannot have had: the venue and the engine disagree. Record it and stop the account.
            AccountingBreak(order.Account);
            return;
        }

        _counters.Fills++;
        order.Filled = new Quantity(order.Filled.Units + quantity.Units);
        if (!_accounting.TryFee(traded, price, quantity, maker, out Amount notional, out Amount fee))
        {
            AccountingBreak(order.Account);
            return;
        }

        long feeMoney = _accounting.Assets.FromLedger(fee, traded.MoneyScale);
        LedgerResult posted;
        bool killed;
        if (traded.IsSpot)
        {
            posted = _accounting.PostSpotFill(traded, ref order, price, quantity, notional, fee, tradeId, _input.Time);
            killed = _risk.OnFill(order.Account, order.Instrument, order.Side, price, quantity, new Amount(feeMoney));
        }
        else
        {
            long realisedBefore = _risk.GetPosition(order.Account, order.Instrument).RealisedPnl.Units;
            killed = _risk.OnFill(order.Account, order.Instrument, order.Side, price, quantity, new Amount(feeMoney));
            long realised = _risk.GetPosition(order.Account, order.Instrument).RealisedPnl.Units - realisedBefore;
            posted = _accounting.PostDerivativeFill(traded, order.Account, order.Side, quantity, _accounting.Assets.ToLedger(realised, traded.MoneyScale), fee, tradeId, _input.Time);
        }

        if (posted != LedgerResult.Ok)
        {
            AccountingBreak(order.Account);
        }

        _strategies.Notify(ref order, quantity, price, 0);
        if (order.Leaves.Units == 0)
        {
            CloseOrder(ref order, OrderState.Filled, 0);
        }

        if (killed)
        {
            CancelOrdersOfKilledAccount(order.Account);
        }
    }

    public void OnReplaced(ref OrderRecord order)
    {
        if (order.State != OrderState.PendingAmend)
        {
            _counters.IgnoredInputs++;
            return;
        }

        ReleaseOrBreak(order.Reservation, order.Account);
        _risk.OnOrderReleased(order.Account, order.Instrument, order.Side, order.Leaves);
        order.Reservation = order.PendingReservation;
        order.PendingReservation = default;
        order.Price = order.PendingPrice;
        order.Quantity = order.PendingQuantity;
        order.State = OrderState.Working;
        _risk.OnOrderAccepted(order.Account, order.Instrument, order.Side, order.Leaves);
        _strategies.Notify(ref order, Quantity.Zero, Price.Zero, 0);
    }

    /// <summary>The order is done: releases what it still holds and removes it.</summary>
    public void CloseOrder(ref OrderRecord order, OrderState state, int code)
    {
        ReleaseOrBreak(order.Reservation, order.Account);
        ReleaseOrBreak(order.PendingReservation, order.Account);
        order.Reservation = default;
        order.PendingReservation = default;
        if (order.Leaves.Units > 0)
        {
            _risk.OnOrderReleased(order.Account, order.Instrument, order.Side, order.Leaves);
        }

        order.State = state;
        if (state == OrderState.Filled)
        {
            _counters.OrdersFilled++;
        }
        else if (state == OrderState.Canceled)
        {
            _counters.OrdersCanceled++;
        }
        else
        {
            _counters.OrdersRejected++;
        }

        _strategies.Notify(ref order, Quantity.Zero, Price.Zero, code);
        _orders.Remove(order.Id);
    }

    /// <summary>
    /// The ledger refused to record something that already happened at a venue (a fill, a release): the books no
    /// longer describe the account. Count it and stop the account (kill switch, orders canceled); an operator must
    /// reconcile. Never silently ignored, never thrown (the venue's fact stands).
    /// </summary>
    public void AccountingBreak(AccountId account)
    {
        _counters.AccountingBreaks++;
        if (_risk.IsAccountOpen(account) && !_risk.IsAccountKillSwitchOn(account))
        {
            _risk.SetAccountKillSwitch(account, true);
            CancelOrdersOfKilledAccount(account);
        }
    }

    /// <summary>Cancels every open order of an account whose kill switch just turned on.</summary>
    public void CancelOrdersOfKilledAccount(AccountId account) =>
        _counters.KillSwitchCancels += _manager.CancelWhere(account, InstrumentId.None, true, Side.Buy, StrategyId.None);

    /// <summary>
    /// Cancel-on-disconnect: a venue gateway (client name <c>venue:CODE</c>) is gone, and with it the session its
    /// orders lived in (venues cancel a dropped session's orders). Every open order at that venue is closed as
    /// canceled: reservations released, risk's open quantities returned, strategies told. A later report for one of
    /// them is an unknown execution report, counted for reconciliation. Other clients are counted and ignored.
    /// </summary>
    public void OnClientDisconnected(Sbe.ClientDisconnectedDecoder disconnected)
    {
        _counters.AdminInputs++;
        ReadOnlySpan<byte> name = disconnected.Name();
        if (!name.StartsWith("venue:"u8))
        {
            _counters.IgnoredInputs++;
            return;
        }

        // A rare admin path: decoding the code to a string is fine here.
        if (!_settings.Registry.TryGetVenue(System.Text.Encoding.ASCII.GetString(name[6..]), out Venue? gone))
        {
            _counters.MalformedInputs++;
            return;
        }

        VenueId venue = gone.Id;
        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (!order.Id.IsNone && _traded.Get(order.Instrument).Venue == venue)
            {
                _counters.CanceledOnDisconnect++;
                CloseOrder(ref order, OrderState.Canceled, 0);
            }
        }
    }

    private void ReleaseOrBreak(Engine.Ledger.Transfers.TransferId reservation, AccountId account)
    {
        if (_accounting.Release(reservation, _input.Time) != LedgerResult.Ok)
        {
            AccountingBreak(account);
        }
    }
}
