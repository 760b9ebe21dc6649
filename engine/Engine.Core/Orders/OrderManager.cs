using System.Runtime.CompilerServices;
using Engine.Ledger;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Orders going out: a strategy's or a client's new order, cancel and amend. Each new order names its listing (the
/// venue it goes to); it passes pre-trade risk, then the ledger reserves what it may spend (the one balance check),
/// then it takes its order-rate tokens, is recorded in the <see cref="OrderTable"/> and goes to its venue (or, on an
/// internal venue, into its book through the <see cref="CrossingDesk"/>). What venues answer is the
/// <see cref="ExecutionReportHandler"/>'s. Owned by the BLP thread.
/// </summary>
internal sealed class OrderManager
{
    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly TradedInstruments _traded;
    private readonly MarketState _market;
    private readonly ListingResolver _listings;
    private readonly InternalCrossing _crossing;
    private readonly EgressEncoder _egress;
    private readonly OrderTable _orders = new();
    private StrategyHost _strategies = null!;
    private CrossingDesk _desk = null!;

    public OrderManager(InputContext input, EngineCounters counters, RiskEngine risk, Accounting accounting, TradedInstruments traded, MarketState market, ListingResolver listings, InternalCrossing crossing, EgressEncoder egress)
    {
        _input = input;
        _counters = counters;
        _risk = risk;
        _accounting = accounting;
        _traded = traded;
        _market = market;
        _listings = listings;
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

    public OrderId SubmitFromStrategy(StrategyContext context, ListingId listing, Side side, OrderType type, TimeInForce timeInForce, Price price, Quantity quantity, OrderFlags flags, Price stopPrice = default)
    {
        OrderId id = Submit(context.Account, context.Id, listing, side, type, timeInForce, price, quantity, flags, out ResultCode code, stopPrice);
        context.LastRejectCode = code;
        return id;
    }

    public bool CancelFromStrategy(StrategyContext context, OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order) || order.Strategy != context.Id)
        {
            context.LastRejectCode = ResultCode.UnknownOrder;
            return false;
        }

        context.LastRejectCode = ResultCode.Ok;
        return RequestCancel(ref order);
    }

    public bool AmendFromStrategy(StrategyContext context, OrderId id, Price price, Quantity quantity)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order) || order.Strategy != context.Id)
        {
            context.LastRejectCode = ResultCode.UnknownOrder;
            return false;
        }

        context.LastRejectCode = RequestAmend(ref order, price, quantity);
        return context.LastRejectCode == ResultCode.Ok;
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
        bool valid = WireConversions.TryToSide(order.Side, out Side side)
            & WireConversions.TryToOrderType(order.OrderType, out OrderType type)
            & WireConversions.TryToTimeInForce(order.TimeInForce, out TimeInForce timeInForce);
        ulong clientOrderId = order.ClientOrderId;
        if (!valid || order.StrategyId > int.MaxValue)
        {
            _counters.OrdersRejected++;
            _egress.Reject(clientOrderId, account, Sbe.NewOrderDecoder.TemplateId, ResultCode.InvalidMessage, "unsupported side, order type, time in force or strategy id");
            return;
        }

        // A version 0-1 order names no venue: it goes to the instrument's first traded listing.
        ListingId listing = _listings.Resolve(order.VenueIdInActingVersion ? order.VenueId : (ushort)0, order.InstrumentId);
        Price price = type == OrderType.Limit || order.Price.Mantissa != long.MinValue ? WireConversions.ToPrice(order.Price.Mantissa) : Price.Zero;
        Price stopPrice = type.IsStop() ? WireConversions.ToPrice(order.StopPrice.Mantissa) : Price.Zero;
        OrderId id = Submit(account, new StrategyId((int)order.StrategyId), listing, side, type, timeInForce, price, new Quantity(order.Quantity.Mantissa), WireConversions.ToOrderFlags(order.Flags), out ResultCode code, stopPrice);
        if (id.IsNone)
        {
            _egress.Reject(clientOrderId, account, Sbe.NewOrderDecoder.TemplateId, code, null);
        }
    }

    public void OnCancelOrder(Sbe.CancelOrderDecoder cancel)
    {
        var account = new AccountId((int)Math.Min(cancel.AccountId, int.MaxValue));
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(cancel.OrigClientOrderId, long.MaxValue)));
        if (Unsafe.IsNullRef(ref order) || order.Account != account || !RequestCancel(ref order))
        {
            _egress.Reject(cancel.ClientOrderId, account, Sbe.CancelOrderDecoder.TemplateId, ResultCode.UnknownOrder, null);
        }
    }

    public void OnAmendOrder(Sbe.AmendOrderDecoder amend)
    {
        var account = new AccountId((int)Math.Min(amend.AccountId, int.MaxValue));
        ref OrderRecord order = ref _orders.Find(new OrderId((long)Math.Min(amend.OrigClientOrderId, long.MaxValue)));
        if (Unsafe.IsNullRef(ref order) || order.Account != account)
        {
            _egress.Reject(amend.ClientOrderId, account, Sbe.AmendOrderDecoder.TemplateId, ResultCode.UnknownOrder, null);
            return;
        }

        Price price = amend.Price.Mantissa == long.MinValue ? order.Price : new Price(amend.Price.Mantissa);
        ResultCode code = RequestAmend(ref order, price, new Quantity(amend.Quantity.Mantissa));
        if (code != ResultCode.Ok)
        {
            _counters.LastRejectCode = code;
            _egress.Reject(amend.ClientOrderId, account, Sbe.AmendOrderDecoder.TemplateId, code, null);
        }
    }

    /// <summary>
    /// An operator's cancel of one order (AdminCancelOrder): sends the cancel, or says why not. Ids come from
    /// <see cref="NextOrderId"/>, so an id below it that is no longer in the table was closed (filled or canceled).
    /// </summary>
    public ResultCode CancelFromAdmin(AccountId account, OrderId id)
    {
        ref OrderRecord order = ref _orders.Find(id);
        if (Unsafe.IsNullRef(ref order))
        {
            return id.Value >= 1 && id.Value < NextOrderId ? ResultCode.AdminOrderClosed : ResultCode.UnknownOrder;
        }

        if (!account.IsNone && order.Account != account)
        {
            return ResultCode.UnknownOrder;
        }

        return RequestCancel(ref order) ? ResultCode.Ok : ResultCode.AdminCancelPending;
    }

    public void OnCancelAll(Sbe.CancelAllDecoder cancel)
    {
        var account = new AccountId((int)Math.Min(cancel.AccountId, int.MaxValue));
        var instrument = cancel.InstrumentId == Sbe.CancelAllDecoder.InstrumentIdNullValue ? InstrumentId.None : new InstrumentId((int)cancel.InstrumentId);
        bool anySide = !WireConversions.TryToSide(cancel.Side, out Side side);
        VenueId venue = cancel.VenueIdInActingVersion && cancel.VenueId != Sbe.CancelAllDecoder.VenueIdNullValue ? new VenueId(cancel.VenueId) : VenueId.None;
        _counters.AdminInputs++;
        CancelWhere(new OrderFilter(account, instrument, venue, anySide, side, StrategyId.None));
    }

    // ------------------------------------------------------------------------------------------------ requests

    /// <summary>
    /// Checks, reserves and sends one order; returns its id, or none with the reject code. <paramref name="stopPrice"/>
    /// is a stop order's trigger price. Stop orders go to external venues only: the internal crossing book has none.
    /// </summary>
    public OrderId Submit(AccountId account, StrategyId strategy, ListingId listing, Side side, OrderType type, TimeInForce timeInForce, Price price, Quantity quantity, OrderFlags flags, out ResultCode code, Price stopPrice = default) =>
        Place(account, strategy, listing, new NewOrder(new OrderId(NextOrderId), account, side, type, timeInForce, price, quantity, flags, StopPrice: stopPrice), protective: false, out code);

    /// <summary>
    /// Places an order that protects a position (<see cref="ProtectiveStops"/>): a reduce-only stop or the reduce-only
    /// market order that closes the position. It passes <see cref="RiskEngine.CheckProtective"/> instead of the full
    /// pre-trade check (no switch, limit or rate may leave a position unprotected), and the ledger's reservation.
    /// </summary>
    public OrderId SubmitProtective(AccountId account, ListingId listing, in NewOrder order, out ResultCode code) =>
        Place(account, StrategyId.None, listing, order with { OrderId = new OrderId(NextOrderId) }, protective: true, out code);

    private OrderId Place(AccountId account, StrategyId strategy, ListingId listing, in NewOrder command, bool protective, out ResultCode code)
    {
        _counters.OrdersSubmitted++;
        TradedListing? traded = _traded.TryGetListing(listing);
        if (traded is null)
        {
            return Refuse(ResultCode.UnknownListing, out code);
        }

        if (!protective && _strategies.IsKilled(strategy))
        {
            return Refuse(ResultCode.StrategyKillSwitch, out code);
        }

        if (_market.Phase(listing) is ListingPhase.Halted or ListingPhase.Closed)
        {
            return Refuse(ResultCode.ListingNotOpen, out code);
        }

        OrderType type = command.Type;
        TimeInForce timeInForce = command.TimeInForce;
        Side side = command.Side;
        Price price = command.Price;
        Quantity quantity = command.Quantity;
        OrderFlags flags = command.Flags;
        bool crossed = traded.IsInternal;
        if (crossed && type.IsStop())
        {
            return Refuse(ResultCode.InvalidOrderType, out code);
        }

        if (crossed && type == OrderType.Limit && timeInForce == TimeInForce.Gtc && _crossing.IsFull(listing))
        {
            return Refuse(ResultCode.InternalBookFull, out code);
        }

        InstrumentId instrument = traded.InstrumentId;
        OrderId id = command.OrderId;
        var request = new RiskOrder(command, instrument, strategy, _input.Time, Listing: listing);
        ResultCode risk = protective ? _risk.CheckProtective(in request) : _risk.Check(in request);
        if (risk != ResultCode.Ok)
        {
            return Refuse(risk, out code);
        }

        // The ledger's reservation is the one balance check. A market order holds funds at its protection price.
        MarginBasis margin = MarginFor(account, traded, side, excludedOpen: 0);
        LedgerResult reserved = _accounting.Reserve(traded, account, side, price, quantity, margin, id, _input.Time, out Engine.Ledger.Transfers.TransferId reservation);
        if (reserved != LedgerResult.Ok)
        {
            return Refuse(reserved.ToResultCode(), out code);
        }

        NextOrderId++;
        if (!protective)
        {
            _risk.TakeOrderTokens(account, strategy, _input.Time);
        }

        ref OrderRecord record = ref _orders.Add(id);
        record.Account = account;
        record.Strategy = strategy;
        record.Instrument = instrument;
        record.Listing = listing;
        record.Side = side;
        record.Type = type;
        record.TimeInForce = timeInForce;
        record.Flags = flags;
        record.Price = price;
        record.Quantity = quantity;
        record.State = OrderState.PendingNew;
        record.Reservation = reservation;
        record.CreatedTime = _input.Time;
        record.StopPrice = command.StopPrice;
        record.IsProtective = protective;
        if (record.CountsAsOpen)
        {
            _risk.OnOrderAccepted(account, instrument, side, quantity);
        }

        _counters.OrdersAccepted++;
        code = ResultCode.Ok;
        if (crossed)
        {
            // Matched now (or, when this runs inside another internal order's events, right after them): the record
            // may be gone (filled, canceled) when this returns.
            _desk.CrossNew(id);
        }
        else
        {
            _egress.NewOrder(ref record, traded.Venue);
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
        TradedListing traded = _traded.GetListing(order.Listing);
        if (traded.IsInternal)
        {
            _desk.CrossCancel(order.Id);
            return true;
        }

        _egress.Cancel(ref order, traded.Venue);
        return true;
    }

    /// <summary>Checks an amend with risk, holds the funds it needs on top of the current reservation, and sends it.</summary>
    public ResultCode RequestAmend(ref OrderRecord order, Price price, Quantity quantity)
    {
        if (order.State != OrderState.Working)
        {
            return ResultCode.UnknownOrder;
        }

        TradedListing traded = _traded.GetListing(order.Listing);
        var amend = new AmendOrder(order.Id, order.Account, price, quantity, order.Flags);
        ResultCode risk = _risk.CheckAmend(new RiskAmend(amend, order.Instrument, order.Strategy, order.Side, order.Leaves, Price.Zero, _input.Time, order.Listing));
        if (risk != ResultCode.Ok)
        {
            return risk;
        }

        if (quantity.Units <= order.Filled.Units)
        {
            return ResultCode.QuantityNotPositive;
        }

        // Hold the amended order's needs in full until the venue confirms (then the old reservation is voided).
        var newLeaves = new Quantity(quantity.Units - order.Filled.Units);
        MarginBasis margin = MarginFor(order.Account, traded, order.Side, excludedOpen: order.Leaves.Units);
        LedgerResult reserved = _accounting.Reserve(traded, order.Account, order.Side, price, newLeaves, margin, order.Id, _input.Time, out Engine.Ledger.Transfers.TransferId pending);
        if (reserved != LedgerResult.Ok)
        {
            return reserved.ToResultCode();
        }

        _risk.TakeOrderTokens(order.Account, order.Strategy, _input.Time);
        order.PendingReservation = pending;
        order.PendingPrice = price;
        order.PendingQuantity = quantity;
        order.State = OrderState.PendingAmend;
        _counters.AmendRequests++;
        if (traded.IsInternal)
        {
            _desk.CrossAmend(order.Id);
            return ResultCode.Ok;
        }

        _egress.Amend(ref order, traded.Venue, price, quantity);
        return ResultCode.Ok;
    }

    /// <summary>
    /// Sends a cancel for every open order the filter matches, walking slots in order; returns how many. Orders that
    /// protect a position (<see cref="OrderRecord.IsProtective"/>) are left alone: a kill switch stops risk from
    /// growing, and canceling a position's stop would leave it unprotected. <see cref="ProtectiveStops"/> cancels them
    /// when the position is flat.
    /// </summary>
    public int CancelWhere(in OrderFilter filter)
    {
        int sent = 0;
        for (int i = 0; i < _orders.SlotCount; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (!order.Id.IsNone && !order.IsProtective && filter.Matches(in order, _traded) && RequestCancel(ref order))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>Cancels every open order (kill switch, dead-man switch); returns how many cancels were sent.</summary>
    public int CancelEverything() => CancelWhere(OrderFilter.Everything);

    /// <summary>What a derivative order's margin depends on: the account's position and its other open orders on the side.</summary>
    public MarginBasis MarginFor(AccountId account, TradedListing traded, Side side, long excludedOpen) =>
        traded.IsSpot ? default : MarginBasis.From(in _risk.GetPosition(account, traded.InstrumentId), side, excludedOpen, _risk.GetInstrumentLimits(traded.InstrumentId).InitialMarginBps);

    private OrderId Refuse(ResultCode rejectCode, out ResultCode code)
    {
        _counters.OrdersRejected++;
        _counters.LastRejectCode = rejectCode;
        code = rejectCode;
        return OrderId.None;
    }
}
