using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Exchange;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>The engine's order requests at the venue: new orders (market orders get a protection price), cancels, amends and cancel-alls, each found by its client ids and account, or answered as unknown.</summary>
public sealed partial class SimulatedVenueSession
{
    private void HandleNewOrder<TSink>(Sbe.NewOrderDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!_indexByWireId.TryGetValue(request.InstrumentId, out int index))
        {
            IgnoredRequests++;
            return;
        }

        VenueInstrument instrument = _instruments[index];
        var order = new ClientOrder
        {
            ClientOrderId = request.ClientOrderId,
            Account = request.AccountId,
            InstrumentIndex = index,
            StrategyId = request.StrategyId,
            Side = request.Side,
            OrderType = request.OrderType,
            TimeInForce = request.TimeInForce,
            Flags = request.Flags,
            Price = request.Price.Mantissa,
            StopPrice = request.StopPrice.Mantissa,
            Quantity = request.Quantity.Mantissa,
        };

        ResultCode reason = ResultCode.Ok;
        OrderType type = OrderType.Limit;
        TimeInForce timeInForce = TimeInForce.Gtc;
        Price price = Price.Zero;
        if (order.ClientOrderId == Sbe.NewOrderDecoder.ClientOrderIdNullValue)
        {
            reason = ResultCode.InvalidMessage;
        }
        else if (_orders.ContainsClientOrderId(order.ClientOrderId))
        {
            reason = ResultCode.DuplicateOrderId;
        }
        else if (!TryAccount(order.Account, out _))
        {
            reason = ResultCode.UnknownAccount;
        }
        else if (order.Side is not (Sbe.Side.Buy or Sbe.Side.Sell) || ((byte)order.Flags & ~3) != 0)
        {
            reason = ResultCode.InvalidMessage;
        }
        else if (order.OrderType is Sbe.OrderType.Stop or Sbe.OrderType.StopLimit)
        {
            reason = CheckStop(instrument, in order);
        }
        else
        {
            reason = MapOrderType(instrument, ref order, out type, out timeInForce, out price);
        }

        if (reason != ResultCode.Ok)
        {
            EmitReport(in order, order.ClientOrderId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, reason, now, ref sink);
            return;
        }

        TryAccount(order.Account, out AccountId account);
        order.VenueOrderId = ++_lastVenueOrderId;
        order.Leaves = order.Quantity;
        if (order.OrderType is Sbe.OrderType.Stop or Sbe.OrderType.StopLimit)
        {
            AcceptStop(instrument, ref order, now, ref sink);
            return;
        }

        int slot = _orders.Add(in order);
        var command = new NewOrder(new OrderId(order.VenueOrderId), account, ToSide(order.Side), type, timeInForce, price, new Quantity(order.Quantity), ToFlags(order.Flags));

        BeginRequest(order.ClientOrderId, slot, targetsAll: false, isNewOrder: true);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        instrument.Exchange.Submit(in command, instrument.PositionOf(account), ref recorder);
        Translate(instrument, now, ref sink);
        EndRequest();
        PublishTopIfChanged(instrument, now, ref sink);
        TriggerStops(instrument, now, ref sink);
    }

    /// <summary>Wire order type and time in force to the matching engine's; a market order gets its protection price here.</summary>
    private ResultCode MapOrderType(VenueInstrument instrument, ref ClientOrder order, out OrderType type, out TimeInForce timeInForce, out Price price)
    {
        type = OrderType.Limit;
        price = Price.Zero;
        timeInForce = order.TimeInForce switch
        {
            Sbe.TimeInForce.Day or Sbe.TimeInForce.GoodTillCancel => TimeInForce.Gtc,
            Sbe.TimeInForce.ImmediateOrCancel => TimeInForce.Ioc,
            Sbe.TimeInForce.FillOrKill => TimeInForce.Fok,
            _ => (TimeInForce)byte.MaxValue,
        };

        if (timeInForce == (TimeInForce)byte.MaxValue)
        {
            // GoodTillDate is not simulated (no expiry clock at the venue): refused rather than silently kept.
            return ResultCode.InvalidMessage;
        }

        if (order.OrderType == Sbe.OrderType.Limit)
        {
            if (order.Price == NullPrice)
            {
                return ResultCode.PriceNotPositive;
            }

            price = new Price(order.Price);
            return ResultCode.Ok;
        }

        if (order.OrderType != Sbe.OrderType.Market)
        {
            return ResultCode.InvalidMessage;
        }

        type = OrderType.Market;
        if (timeInForce == TimeInForce.Gtc)
        {
            timeInForce = TimeInForce.Ioc;
        }

        order.Price = NullPrice;
        return TryProtectionPrice(instrument, ToSide(order.Side), out price) ? ResultCode.Ok : ResultCode.NoLiquidity;
    }

    /// <summary>The worst price a market order may reach: the best opposite price moved by the protection band, on the tick grid.</summary>
    private bool TryProtectionPrice(VenueInstrument instrument, Side side, out Price price)
    {
        IL3Book book = instrument.Exchange.Book;
        long tick = instrument.Listing.Rules.TickSize.Units;
        if (!book.TryGetLevel(side.Opposite(), 0, out BookLevel best))
        {
            price = Price.Zero;
            return false;
        }

        long band = (long)((Int128)best.Price.Units * _protectionBasisPoints / 10_000);
        long units = side == Side.Buy
            ? (best.Price.Units + band) / tick * tick
            : Math.Max(tick, (best.Price.Units - band + tick - 1) / tick * tick);
        price = new Price(units);
        return true;
    }

    /// <summary>
    /// The open order a cancel or amend names: false (the request answered) when the instrument is not served here
    /// (ignored) or the order is unknown (rejected with an execution report).
    /// </summary>
    private bool TryFindRequestedOrder<TSink>(uint instrumentId, ulong clientOrderId, ulong origClientOrderId, ulong accountId, Sbe.Side side, long now, ref TSink sink, out int index, out int slot)
        where TSink : IFrameSink
    {
        slot = -1;
        if (!_indexByWireId.TryGetValue(instrumentId, out index))
        {
            IgnoredRequests++;
            return false;
        }

        if (!TryFindOrder(origClientOrderId, accountId, index, out slot))
        {
            RejectUnknownOrder(clientOrderId, origClientOrderId, accountId, index, side, now, ref sink);
            return false;
        }

        return true;
    }

    private void HandleCancel<TSink>(Sbe.CancelOrderDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!TryFindRequestedOrder(request.InstrumentId, request.ClientOrderId, request.OrigClientOrderId, request.AccountId, request.Side, now, ref sink, out int index, out int slot))
        {
            return;
        }

        VenueInstrument instrument = _instruments[index];

        ref ClientOrder order = ref _orders[slot];
        if (order.Waiting)
        {
            CancelWaitingStop(instrument, slot, request.ClientOrderId, now, ref sink);
            return;
        }

        var command = new CancelOrder(new OrderId(order.VenueOrderId), new AccountId((int)order.Account));
        BeginRequest(request.ClientOrderId, slot, targetsAll: false, isNewOrder: false);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        instrument.Exchange.Cancel(in command, ref recorder);
        Translate(instrument, now, ref sink);
        EndRequest();
        PublishTopIfChanged(instrument, now, ref sink);
    }

    private void HandleAmend<TSink>(Sbe.AmendOrderDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        if (!TryFindRequestedOrder(request.InstrumentId, request.ClientOrderId, request.OrigClientOrderId, request.AccountId, request.Side, now, ref sink, out int index, out int slot))
        {
            return;
        }

        VenueInstrument instrument = _instruments[index];

        ref ClientOrder order = ref _orders[slot];
        if (order.Waiting)
        {
            // A waiting stop is changed by canceling it and placing another (the amend request carries no trigger).
            EmitReport(in order, request.ClientOrderId, Sbe.ExecType.Rejected, order.OpenStatus, NullPrice, 0, Sbe.BooleanType.False, ResultCode.InvalidOrderType, now, ref sink);
            return;
        }

        long newPrice = request.Price.Mantissa == NullPrice ? order.Price : request.Price.Mantissa;
        long newLeaves = request.Quantity.Mantissa - order.Cumulative;
        if (newLeaves <= 0)
        {
            // The new total would not exceed what has already traded: nothing could remain open.
            EmitReport(in order, request.ClientOrderId, Sbe.ExecType.Rejected, order.OpenStatus, NullPrice, 0, Sbe.BooleanType.False, ResultCode.QuantityNotPositive, now, ref sink);
            return;
        }

        var command = new AmendOrder(new OrderId(order.VenueOrderId), new AccountId((int)order.Account), new Price(newPrice), new Quantity(newLeaves), ToFlags(order.Flags) & OrderFlags.PostOnly);
        BeginRequest(request.ClientOrderId, slot, targetsAll: false, isNewOrder: false);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        instrument.Exchange.Amend(in command, ref recorder);
        Translate(instrument, now, ref sink);
        EndRequest();
        PublishTopIfChanged(instrument, now, ref sink);
        TriggerStops(instrument, now, ref sink);
    }

    private void HandleCancelAll<TSink>(Sbe.CancelAllDecoder request, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        uint wireInstrument = request.InstrumentId;
        int only = NoSlot;
        if (wireInstrument != Sbe.CancelAllDecoder.InstrumentIdNullValue)
        {
            if (!_indexByWireId.TryGetValue(wireInstrument, out only))
            {
                IgnoredRequests++;
                return;
            }
        }

        if (!TryAccount(request.AccountId, out AccountId account))
        {
            var unknown = new ClientOrder
            {
                ClientOrderId = request.ClientOrderId,
                Account = request.AccountId,
                InstrumentIndex = only == NoSlot ? 0 : only,
                Side = request.Side,
                Price = NullPrice,
            };
            EmitReport(in unknown, request.ClientOrderId, Sbe.ExecType.Rejected, Sbe.OrderStatus.Rejected, NullPrice, 0, Sbe.BooleanType.False, ResultCode.UnknownAccount, now, ref sink);
            return;
        }

        Sbe.Side side = request.Side;
        BeginRequest(request.ClientOrderId, NoSlot, targetsAll: true, isNewOrder: false);
        for (int i = 0; i < _instruments.Length; i++)
        {
            if (only != NoSlot && i != only)
            {
                continue;
            }

            VenueInstrument instrument = _instruments[i];
            CancelWaitingStops(instrument, account, side, now, ref sink);
            _events.Clear();
            var recorder = new MatchingEventRecorder(_events);
            if (side is Sbe.Side.Buy or Sbe.Side.Sell)
            {
                var collector = new ClientOrderCollector(account, _collected);
                instrument.Exchange.Book.VisitOrders(ToSide(side), ref collector);
                _collected = collector.Buffer;
                for (int k = 0; k < collector.Count; k++)
                {
                    instrument.Exchange.Cancel(new CancelOrder(_collected[k], account), ref recorder);
                }
            }
            else
            {
                instrument.Exchange.CancelAll(account, ref recorder);
            }

            Translate(instrument, now, ref sink);
            PublishTopIfChanged(instrument, now, ref sink);
        }

        EndRequest();
    }

    private bool TryFindOrder(ulong origClientOrderId, ulong account, int instrumentIndex, out int slot)
    {
        if (!_orders.TryFindByClientOrderId(origClientOrderId, out slot))
        {
            return false;
        }

        ref ClientOrder order = ref _orders[slot];
        return order.Account == account && order.InstrumentIndex == instrumentIndex;
    }

    private void BeginRequest(ulong clientOrderId, int slot, bool targetsAll, bool isNewOrder)
    {
        _requestClientOrderId = clientOrderId;
        _requestSlot = slot;
        _requestTargetsAll = targetsAll;
        _requestIsNewOrder = isNewOrder;
    }

    private void EndRequest() => BeginRequest(0, NoSlot, targetsAll: false, isNewOrder: false);

    private ulong ReportIdFor(int slot, in ClientOrder order) =>
        _requestTargetsAll || (slot == _requestSlot && slot != NoSlot) ? _requestClientOrderId : order.ClientOrderId;
}
