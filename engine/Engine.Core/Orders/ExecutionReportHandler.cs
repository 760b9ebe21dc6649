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
/// breaks, and a venue gateway's disconnect. A report counts only from the venue the order went to. Internal crossing
/// feeds its book's events through the same methods. Owned by the BLP thread.
/// </summary>
internal sealed class ExecutionReportHandler
{
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly TradedInstruments _traded;
    private readonly OrderManager _manager;
    private readonly OrderTable _orders;
    private readonly StrategyHost _strategies;
    private readonly ProtectiveStops _protective;

    public ExecutionReportHandler(InputContext input, EngineCounters counters, CoreSettings settings, RiskEngine risk, Accounting accounting, TradedInstruments traded, OrderManager manager, StrategyHost strategies, ProtectiveStops protective)
    {
        _protective = protective;
        _input = input;
        _counters = counters;
        _settings = settings;
        _risk = risk;
        _accounting = accounting;
        _traded = traded;
        _manager = manager;
        _orders = manager.Orders;
        _strategies = strategies;
    }

    public void OnExecutionReport(Sbe.ExecutionReportDecoder report)
    {
        // Decoded before anything changes: a truncated text makes the whole report malformed, never half-applied.
        ReadOnlySpan<byte> venueText = report.ExecType == Sbe.ExecType.Rejected ? report.Text() : default;

        // origClientOrderId names the order (clientOrderId names the request: a cancel's answer carries the cancel's id).
        ulong engineOrderId = report.OrigClientOrderId == Sbe.ExecutionReportDecoder.OrigClientOrderIdNullValue ? report.ClientOrderId : report.OrigClientOrderId;
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(engineOrderId, long.MaxValue)));

        // An internal order has no venue: a report naming one is not about it; nor is one from another venue (a report
        // that names none, of schema version 0-1 or with venue 0, is taken by the order id alone).
        if (Unsafe.IsNullRef(ref order)
            || _traded.GetListing(order.Listing) is not { IsInternal: false } listing
            || (report.VenueIdInActingVersion && report.VenueId != 0 && report.VenueId != listing.Venue.Value))
        {
            _counters.UnknownExecutionReports++;
            return;
        }

        if (order.State == OrderState.Unknown && report.ExecType is Sbe.ExecType.New or Sbe.ExecType.Trade)
        {
            // Its venue's gateway reconnected and the venue still has it: what was unknown is known again.
            order.State = order.PendingQuantity.Units > 0 ? OrderState.PendingAmend : OrderState.Working;
            if (order.IsProtective)
            {
                _protective.OnKnownAgain(ref order);
            }
        }

        switch (report.ExecType)
        {
            case Sbe.ExecType.New:
                if (order.State == OrderState.PendingNew)
                {
                    order.State = OrderState.Working;
                }

                order.VenueOrderId = (long)report.OrderId;
                _strategies.Notify(ref order, Quantity.Zero, Price.Zero, ResultCode.Ok);
                break;
            case Sbe.ExecType.Trade:
                long cumulative = report.CumulativeQuantity.Mantissa;
                if (cumulative > 0 && cumulative <= order.Filled.Units)
                {
                    // The report's cumulative quantity (this fill included) is already counted: a repeat of a fill
                    // applied before (a restarted gateway re-reading its trades). Applying it again would double it.
                    _counters.DuplicateFills++;
                    break;
                }

                OnFill(ref order, WireConversions.ToPrice(report.LastPrice.Mantissa), new Quantity(report.LastQuantity.Mantissa), report.IsMaker == Sbe.BooleanType.True, (long)report.ExecId);
                break;
            case Sbe.ExecType.Canceled:
            case Sbe.ExecType.Expired:
                CloseOrder(ref order, OrderState.Canceled, ResultCode.Ok);
                break;
            case Sbe.ExecType.Rejected:
                ResultCode code = ReasonOf(report);
                if (order.State == OrderState.PendingAmend || (order.State == OrderState.Unknown && order.PendingQuantity.Units > 0))
                {
                    // The venue refused the amend, not the order: drop the amend's extra hold, keep working.
                    DropPendingReservation(ref order);
                    order.PendingPrice = default;
                    order.PendingQuantity = default;
                    order.State = OrderState.Working;
                    _strategies.Notify(ref order, Quantity.Zero, Price.Zero, code, venueText);
                    break;
                }

                CloseOrder(ref order, OrderState.Rejected, code, venueText);
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
        TradedListing traded = _traded.GetListing(order.Listing);
        if (price.Units <= 0 || quantity.Units <= 0 || quantity.Units > order.Leaves.Units)
        {
            // A fill the order cannot have had: the venue and the engine disagree. Record it and stop the account.
            AccountingBreak(order.Account);
            return;
        }

        _counters.Fills++;
        if (_protective.IsEnabled)
        {
            _protective.OnFill(ref order);
        }

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
            killed = _risk.OnFill(order.Account, order.Instrument, order.Side, price, quantity, new Amount(feeMoney), order.CountsAsOpen);
        }
        else
        {
            long realisedBefore = _risk.GetPosition(order.Account, order.Instrument).RealisedPnl.Units;
            killed = _risk.OnFill(order.Account, order.Instrument, order.Side, price, quantity, new Amount(feeMoney), order.CountsAsOpen);
            long realised = _risk.GetPosition(order.Account, order.Instrument).RealisedPnl.Units - realisedBefore;
            posted = _accounting.PostDerivativeFill(traded, order.Account, order.Side, quantity, _accounting.Assets.ToLedger(realised, traded.MoneyScale), fee, tradeId, _input.Time);
            if (order.Leaves.Units > 0)
            {
                // The rest of the order needs the margin of what it may still open: never more than it held.
                _accounting.ResizeReservation(traded, ref order, _manager.MarginFor(order.Account, traded, order.Side, excludedOpen: order.Leaves.Units), _input.Time);
            }
        }

        if (posted != LedgerResult.Ok)
        {
            AccountingBreak(order.Account);
        }

        _strategies.Notify(ref order, quantity, price, ResultCode.Ok);
        if (order.Leaves.Units == 0)
        {
            CloseOrder(ref order, OrderState.Filled, ResultCode.Ok);
        }

        if (killed)
        {
            CancelOrdersOfKilledAccount(order.Account);
        }
    }

    public void OnReplaced(ref OrderRecord order)
    {
        if (order.State != OrderState.PendingAmend && !(order.State == OrderState.Unknown && order.PendingQuantity.Units > 0))
        {
            _counters.IgnoredInputs++;
            return;
        }

        ReleaseOrBreak(order.Reservation, order.Account);
        if (order.CountsAsOpen)
        {
            _risk.OnOrderReleased(order.Account, order.Instrument, order.Side, order.Leaves);
        }

        order.Reservation = order.PendingReservation;
        order.PendingReservation = default;
        order.Price = order.PendingPrice;
        order.Quantity = order.PendingQuantity;
        order.PendingPrice = default;
        order.PendingQuantity = default;
        order.State = OrderState.Working;
        if (order.CountsAsOpen)
        {
            _risk.OnOrderAccepted(order.Account, order.Instrument, order.Side, order.Leaves);
        }

        _strategies.Notify(ref order, Quantity.Zero, Price.Zero, ResultCode.Ok);
    }

    /// <summary>The order is done: releases what it still holds and removes it.</summary>
    public void CloseOrder(ref OrderRecord order, OrderState state, ResultCode code) => CloseOrder(ref order, state, code, default);

    /// <summary>Closes the order; the strategy's update shows <paramref name="venueText"/> (the venue's words for a refusal).</summary>
    public void CloseOrder(ref OrderRecord order, OrderState state, ResultCode code, ReadOnlySpan<byte> venueText)
    {
        ReleaseOrBreak(order.Reservation, order.Account);
        ReleaseOrBreak(order.PendingReservation, order.Account);
        order.Reservation = default;
        order.PendingReservation = default;
        if (order.Leaves.Units > 0 && order.CountsAsOpen)
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

        if (order.IsProtective)
        {
            _protective.OnClosed(ref order, state);
        }

        _strategies.Notify(ref order, Quantity.Zero, Price.Zero, code, venueText);
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
        StopAccount(account);
    }

    /// <summary>Engages an open account's kill switch and cancels its orders (nothing when it is not open or already stopped).</summary>
    public void StopAccount(AccountId account)
    {
        if (_risk.IsAccountOpen(account) && !_risk.IsAccountKillSwitchOn(account))
        {
            _risk.SetAccountKillSwitch(account, true);
            CancelOrdersOfKilledAccount(account);
        }
    }

    /// <summary>Cancels every open order of an account whose kill switch just turned on.</summary>
    public void CancelOrdersOfKilledAccount(AccountId account) =>
        _counters.KillSwitchCancels += _manager.CancelWhere(OrderFilter.OfAccount(account));

    /// <summary>
    /// A venue gateway (client name <c>venue:CODE</c>) is gone, and with it the session its orders were sent in.
    /// When the venue cancels a dropped session's orders (<see cref="Venue.CancelsOnDisconnect"/>: the simulated
    /// venue, whose orders live in the gateway process), every open order at that venue is closed as canceled:
    /// reservations released, risk's open quantities returned, strategies told; a later report for one of them counts
    /// as unknown. Otherwise (a REST venue keeps working orders) each becomes <see cref="OrderState.Unknown"/>: it keeps
    /// its reservation and its place in risk, and the reports of the reconnected gateway say what became of it. Other
    /// clients are counted and ignored.
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
            if (order.Id.IsNone || _traded.GetListing(order.Listing).Venue != venue)
            {
                continue;
            }

            if (gone.CancelsOnDisconnect)
            {
                _counters.CanceledOnDisconnect++;
                CloseOrder(ref order, OrderState.Canceled, ResultCode.Ok);
            }
            else if (order.State != OrderState.Unknown)
            {
                _counters.UnknownOnDisconnect++;
                order.State = OrderState.Unknown;
                _strategies.Notify(ref order, Quantity.Zero, Price.Zero, ResultCode.Ok);
            }
        }
    }

    /// <summary>A venue's reject reason as a registry code (version 0-1 reports used the retired numbering).</summary>
    private static ResultCode ReasonOf(Sbe.ExecutionReportDecoder report)
    {
        ushort raw = (ushort)report.RejectReason;
        if (raw == (ushort)Sbe.ResultCode.NullValue)
        {
            return ResultCode.UnknownOrder;
        }

        return report.ActingVersion < 2 ? ResultCodes.FromVersion1Wire(raw) : (ResultCode)raw;
    }

    private void ReleaseOrBreak(Engine.Ledger.Transfers.TransferId reservation, AccountId account)
    {
        if (_accounting.Release(reservation, _input.Time) != LedgerResult.Ok)
        {
            AccountingBreak(account);
        }
    }
}
