using System.Runtime.CompilerServices;
using Engine.Ledger;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Orders going out: a strategy's or a client's new order, cancel and amend, each through pre-trade risk and the
/// ledger's reservation, recorded in the <see cref="OrderTable"/> and sent to the venue (or, on an internal venue,
/// into its book through the <see cref="CrossingDesk"/>). What venues answer is the
/// <see cref="ExecutionReportHandler"/>'s. Owned by the BLP thread.
/// </summary>
internal sealed class OrderManager
{
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly TradedInstruments _traded;
    private readonly InternalCrossing _crossing;
    private readonly EgressEncoder _egress;
    private readonly OrderTable _orders = new();
    private StrategyHost _strategies = null!;
    private CrossingDesk _desk = null!;

    public OrderManager(InputContext input, EngineCounters counters, RiskEngine risk, Accounting accounting, TradedInstruments traded, InternalCrossing crossing, EgressEncoder egress)
    {
        _input = input;
        _counters = counters;
        _risk = risk;
        _accounting = accounting;
        _traded = traded;
        _crossing = crossing;
        _egress = egress;
    }

    public OrderTable Orders => _orders;

    /// <summary>The id the next accepted order gets (ids come from this counter, so replay reproduces them).</summary>
    public long NextOrderId { get; set; } = 1;

    /// <summary>The parts built after this one (they need it to act): the strategies to check kill switches against, the crossing desk.</summary>
    public void Connect(StrategyHost strategies, CrossingDesk desk)
    {
        _strategies = strategies;
        _desk = desk;
    }

    // ------------------------------------------------------------------------------------------------ strategies

    public OrderId SubmitFromStrategy(StrategyContext context, InstrumentId instrument, Side side, OrderType type, TimeInForce timeInForce, Price price, Quantity quantity, OrderFlags flags)
    {
        OrderId id = Submit(context.Account, context.Id, instrument, side, type, timeInForce, price, quantity, flags, out int code);
        context.LastRejectCode = code;
        return id;
    }

    public bool CancelFromStrategy(StrategyContext context, OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order) || order.Strategy != context.Id)
        {
            context.LastRejectCode = (int)ResultCode.UnknownOrder;
            return false;
        }

        context.LastRejectCode = 0;
        return RequestCancel(ref order);
    }

    public bool AmendFromStrategy(StrategyContext context, OrderId id, Price price, Quantity quantity)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order) || order.Strategy != context.Id)
        {
            context.LastRejectCode = (int)ResultCode.UnknownOrder;
            return false;
        }

        context.LastRejectCode = RequestAmend(ref order, price, quantity);
        return context.LastRejectCode == 0;
    }

    public int OpenOrderCount(StrategyId strategy)
    {
        int count = 0;
        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (!order.Id.IsNone && order.Strategy == strategy)
            {
                count++;
            }
        }

        return count;
    }

    public Price OrderPrice(OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        return Unsafe.IsNullRef(ref order) ? Price.Zero : order.Price;
    }

    // ------------------------------------------------------------------------------------------------ client inputs

    public void OnNewOrder(Sbe.NewOrderDecoder order)
    {
        var account = new AccountId((int)Math.Min(order.AccountId, int.MaxValue));
        var instrument = new InstrumentId((int)Math.Min(order.InstrumentId, int.MaxValue));
        bool valid = WireConversions.TryToSide(order.Side, out Side side)
            & WireConversions.TryToOrderType(order.OrderType, out OrderType type)
            & WireConversions.TryToTimeInForce(order.TimeInForce, out TimeInForce timeInForce);
        ulong clientOrderId = order.ClientOrderId;
        if (!valid || order.StrategyId > int.MaxValue)
        {
            _counters.OrdersRejected++;
            _egress.Reject(clientOrderId, account, Sbe.NewOrderDecoder.TemplateId, Sbe.RejectReason.InvalidMessage, "unsupported side, order type, time in force or strategy id");
            return;
        }

        Price price = type == OrderType.Limit || order.Price.Mantissa != long.MinValue ? WireConversions.ToPrice(order.Price.Mantissa) : Price.Zero;
        OrderId id = Submit(account, new StrategyId((int)order.StrategyId), instrument, side, type, timeInForce, price, new Quantity(order.Quantity.Mantissa), WireConversions.ToOrderFlags(order.Flags), out int code);
        if (id.IsNone)
        {
            _egress.Reject(clientOrderId, account, Sbe.NewOrderDecoder.TemplateId, WireReasons.From(code), null);
        }
    }

    public void OnCancelOrder(Sbe.CancelOrderDecoder cancel)
    {
        var account = new AccountId((int)Math.Min(cancel.AccountId, int.MaxValue));
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(cancel.OrigClientOrderId, long.MaxValue)));
        if (Unsafe.IsNullRef(ref order) || order.Account != account || !RequestCancel(ref order))
        {
            _egress.Reject(cancel.ClientOrderId, account, Sbe.CancelOrderDecoder.TemplateId, Sbe.RejectReason.UnknownOrderId, null);
        }
    }

    public void OnAmendOrder(Sbe.AmendOrderDecoder amend)
    {
        var account = new AccountId((int)Math.Min(amend.AccountId, int.MaxValue));
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(amend.OrigClientOrderId, long.MaxValue)));
        if (Unsafe.IsNullRef(ref order) || order.Account != account)
        {
            _egress.Reject(amend.ClientOrderId, account, Sbe.AmendOrderDecoder.TemplateId, Sbe.RejectReason.UnknownOrderId, null);
            return;
        }

        Price price = amend.Price.Mantissa == long.MinValue ? order.Price : new Price(amend.Price.Mantissa);
        int code = RequestAmend(ref order, price, new Quantity(amend.Quantity.Mantissa));
        if (code != 0)
        {
            _counters.LastRejectCode = code;
            _egress.Reject(amend.ClientOrderId, account, Sbe.AmendOrderDecoder.TemplateId, WireReasons.From(code), null);
        }
    }

    public void OnCancelAll(Sbe.CancelAllDecoder cancel)
    {
        var account = new AccountId((int)Math.Min(cancel.AccountId, int.MaxValue));
        var instrument = cancel.InstrumentId == Sbe.CancelAllDecoder.InstrumentIdNullValue ? InstrumentId.None : new InstrumentId((int)cancel.InstrumentId);
        bool anySide = !WireConversions.TryToSide(cancel.Side, out Side side);
        _counters.AdminInputs++;
        CancelWhere(account, instrument, anySide, side, StrategyId.None);
    }

    // ------------------------------------------------------------------------------------------------ requests

    /// <summary>Checks, reserves and sends one order; returns its id, or none with the reject code.</summary>
    public OrderId Submit(AccountId account, StrategyId strategy, InstrumentId instrument, Side side, OrderType type, TimeInForce timeInForce, Price price, Quantity quantity, OrderFlags flags, out int code)
    {
        _counters.OrdersSubmitted++;
        TradedInstrument? traded = _traded.TryGet(instrument);
        if (traded is null)
        {
            return Refuse((int)RiskRejectCode.UnknownInstrument, out code);
        }

        if (_strategies.IsKilled(strategy))
        {
            return Refuse((int)RiskRejectCode.GlobalKillSwitch, out code);
        }

        bool crossed = _crossing.Crosses(instrument);
        if (crossed && type == OrderType.Limit && timeInForce == TimeInForce.Gtc && _crossing.IsFull(instrument))
        {
            return Refuse((int)ResultCode.InternalBookFull, out code);
        }

        var id = new OrderId(NextOrderId);
        var command = new NewOrder(id, account, side, type, timeInForce, price, quantity, flags);
        var balances = new LedgerBalances(_traded, _accounting);
        RiskRejectCode risk = _risk.Check(new RiskOrder(command, instrument, strategy, _input.Time), ref balances);
        if (risk != RiskRejectCode.Ok)
        {
            return Refuse((int)risk, out code);
        }

        // A market order holds funds at its protection price (the worst it may trade at).
        LedgerResult reserved = _accounting.Reserve(traded, account, side, price, quantity, id, _input.Time, out Engine.Ledger.Transfers.TransferId reservation);
        if (reserved != LedgerResult.Ok)
        {
            return Refuse((int)reserved, out code);
        }

        NextOrderId++;
        _risk.OnOrderAccepted(account, instrument, side, quantity);
        ref OrderRecord record = ref _orders.Add(id);
        record.Account = account;
        record.Strategy = strategy;
        record.Instrument = instrument;
        record.Side = side;
        record.Type = type;
        record.TimeInForce = timeInForce;
        record.Flags = flags;
        record.Price = price;
        record.Quantity = quantity;
        record.State = OrderState.PendingNew;
        record.Reservation = reservation;
        record.CreatedTime = _input.Time;
        _counters.OrdersAccepted++;
        code = 0;
        if (crossed)
        {
            // Matched now (or, when this runs inside another internal order's events, right after them): the record
            // may be gone (filled, canceled) when this returns.
            _desk.CrossNew(id);
        }
        else
        {
            _egress.NewOrder(ref record);
        }

        return id;
    }

    public bool RequestCancel(ref OrderRecord order)
    {
        if (order.State is OrderState.PendingCancel)
        {
            return false;
        }

        order.State = OrderState.PendingCancel;
        _counters.CancelRequests++;
        if (_crossing.Crosses(order.Instrument))
        {
            _desk.CrossCancel(order.Id);
            return true;
        }

        _egress.Cancel(ref order);
        return true;
    }

    /// <summary>Checks an amend with risk, holds the funds it needs on top of the current reservation, and sends it.</summary>
    public int RequestAmend(ref OrderRecord order, Price price, Quantity quantity)
    {
        if (order.State != OrderState.Working)
        {
            return (int)ResultCode.UnknownOrder;
        }

        TradedInstrument traded = _traded.Get(order.Instrument);
        var balances = new LedgerBalances(_traded, _accounting);
        var amend = new AmendOrder(order.Id, order.Account, price, quantity, order.Flags);
        RiskRejectCode risk = _risk.CheckAmend(new RiskAmend(amend, order.Instrument, order.Strategy, order.Side, order.Leaves, Price.Zero, _input.Time), ref balances);
        if (risk != RiskRejectCode.Ok)
        {
            return (int)risk;
        }

        if (quantity.Units <= order.Filled.Units)
        {
            return (int)ResultCode.QuantityNotPositive;
        }

        // Hold the amended order's needs in full until the venue confirms (then the old reservation is voided).
        var newLeaves = new Quantity(quantity.Units - order.Filled.Units);
        LedgerResult reserved = _accounting.Reserve(traded, order.Account, order.Side, price, newLeaves, order.Id, _input.Time, out Engine.Ledger.Transfers.TransferId pending);
        if (reserved != LedgerResult.Ok)
        {
            return (int)reserved;
        }

        order.PendingReservation = pending;
        order.PendingPrice = price;
        order.PendingQuantity = quantity;
        order.State = OrderState.PendingAmend;
        _counters.AmendRequests++;
        if (_crossing.Crosses(order.Instrument))
        {
            _desk.CrossAmend(order.Id);
            return 0;
        }

        _egress.Amend(ref order, price, quantity);
        return 0;
    }

    /// <summary>Sends a cancel for every open order matching the filter (none = any), walking slots in order.</summary>
    public int CancelWhere(AccountId account, InstrumentId instrument, bool anySide, Side side, StrategyId strategy)
    {
        int sent = 0;
        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (order.Id.IsNone
                || (!account.IsNone && order.Account != account)
                || (!instrument.IsNone && order.Instrument != instrument)
                || (!anySide && order.Side != side)
                || (!strategy.IsNone && order.Strategy != strategy))
            {
                continue;
            }

            if (RequestCancel(ref order))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Cancels every open order (kill switch, dead-man switch); returns how many cancels were sent.</summary>
    public int CancelEverything() => CancelWhere(AccountId.None, InstrumentId.None, true, Side.Buy, StrategyId.None);

    private OrderId Refuse(int rejectCode, out int code)
    {
        _counters.OrdersRejected++;
        _counters.LastRejectCode = rejectCode;
        code = rejectCode;
        return OrderId.None;
    }

    /// <summary>The ledger's available balances as risk asks for them (in the instrument's quantity or money scale).</summary>
    private readonly struct LedgerBalances(TradedInstruments traded, Accounting accounting) : IAvailableBalances
    {
        public bool TryGetAvailable(AccountId account, InstrumentId instrument, BalanceLeg leg, out Amount available)
        {
            TradedInstrument? tradedInstrument = traded.TryGet(instrument);
            if (tradedInstrument is null)
            {
                available = Amount.Zero;
                return false;
            }

            Engine.Ledger.Accounts.AssetId asset = leg switch
            {
                BalanceLeg.Base => tradedInstrument.Base,
                BalanceLeg.Quote => tradedInstrument.Quote,
                _ => tradedInstrument.Settle,
            };
            Amount cash = accounting.AvailableCash(account, asset);
            int scale = leg == BalanceLeg.Base ? tradedInstrument.Rules.QuantityScale : tradedInstrument.MoneyScale;
            available = new Amount(accounting.Assets.FromLedger(cash, scale));
            return true;
        }
    }
}
