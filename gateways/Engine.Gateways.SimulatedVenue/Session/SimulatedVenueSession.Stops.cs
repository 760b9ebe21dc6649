using Engine.Gateways.Hosting.Venues;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// The engine's stop orders (OrderType Stop: stop-market; StopLimit) at the venue. A stop is acknowledged (New) and
/// waits outside the book until the instrument's last trade reaches its trigger (a buy at or above, a sell at or
/// below); then it enters the matching engine as a market order with the venue's protection price (a stop-limit as a
/// GTC limit order at its price), and its fills are reported like any order's. A reduce-only stop is capped at the
/// account's position when it triggers (refused when there is nothing to reduce). A waiting stop is canceled like any
/// order (cancel, cancel-all); an amend of one is refused: the request carries no trigger. Stops that trigger on the
/// trades of a triggered stop are triggered in the same call, oldest first.
/// </summary>
public sealed partial class SimulatedVenueSession
{
    private ResultCode CheckStop(VenueInstrument instrument, in ClientOrder order)
    {
        long tick = instrument.Listing.Rules.TickSize.Units;
        if (order.StopPrice == NullPrice || order.StopPrice <= 0 || (tick > 1 && order.StopPrice % tick != 0))
        {
            return order.StopPrice is NullPrice or <= 0 ? ResultCode.PriceNotPositive : ResultCode.PriceNotOnTick;
        }

        if (order.OrderType == Sbe.OrderType.StopLimit && (order.Price == NullPrice || order.Price <= 0))
        {
            return ResultCode.PriceNotPositive;
        }

        if ((order.Flags & Sbe.OrderFlags.PostOnly) != 0 || order.Quantity <= 0)
        {
            return ResultCode.InvalidOrderType;
        }

        return ResultCode.Ok;
    }

    private void AcceptStop<TSink>(VenueInstrument instrument, ref ClientOrder order, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        order.Waiting = true;
        if (order.OrderType == Sbe.OrderType.Stop)
        {
            order.Price = NullPrice;
        }

        _orders.Add(in order);
        instrument.WaitingStops.Add(order.ClientOrderId);
        EmitReport(in order, order.ClientOrderId, Sbe.ExecType.New, Sbe.OrderStatus.New, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
        TriggerStops(instrument, now, ref sink);
    }

    /// <summary>Sends every waiting stop the last trade has reached into the book, until none is left to trigger.</summary>
    private void TriggerStops<TSink>(VenueInstrument instrument, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        List<ulong> waiting = instrument.WaitingStops;
        int i = 0;
        while (i < waiting.Count)
        {
            long last = instrument.LastTradePrice;
            if (last <= 0 || !_orders.TryFindByClientOrderId(waiting[i], out int slot))
            {
                i++;
                continue;
            }

            ref ClientOrder order = ref _orders[slot];
            bool reached = order.Side == Sbe.Side.Buy ? last >= order.StopPrice : last <= order.StopPrice;
            if (!reached)
            {
                i++;
                continue;
            }

            waiting.RemoveAt(i);
            Trigger(instrument, slot, now, ref sink);

            // Its trades may have moved the last price: look at every waiting stop again, oldest first.
            i = 0;
        }
    }

    private void Trigger<TSink>(VenueInstrument instrument, int slot, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        ref ClientOrder order = ref _orders[slot];
        order.Waiting = false;
        Side side = ToSide(order.Side);
        OrderType type = OrderType.Limit;
        TimeInForce timeInForce = TimeInForce.Gtc;
        Price price = new(order.Price);
        if (order.OrderType == Sbe.OrderType.Stop)
        {
            type = OrderType.Market;
            timeInForce = TimeInForce.Ioc;
            if (!TryProtectionPrice(instrument, side, out price))
            {
                // No one to trade with: the triggered stop expires, as a market order would.
                order.Leaves = 0;
                EmitReport(in order, order.ClientOrderId, Sbe.ExecType.Expired, Sbe.OrderStatus.Expired, NullPrice, 0, Sbe.BooleanType.False, ResultCode.NoLiquidity, now, ref sink);
                _orders.Remove(slot);
                return;
            }
        }

        var account = new AccountId((int)order.Account);
        var command = new NewOrder(new OrderId(order.VenueOrderId), account, side, type, timeInForce, price, new Quantity(order.Leaves), ToFlags(order.Flags));
        BeginRequest(order.ClientOrderId, slot, targetsAll: false, isNewOrder: true);
        _events.Clear();
        var recorder = new MatchingEventRecorder(_events);
        instrument.Exchange.Submit(in command, instrument.PositionOf(account), ref recorder);
        Translate(instrument, now, ref sink);
        EndRequest();
        PublishTopIfChanged(instrument, now, ref sink);
    }

    private void CancelWaitingStop<TSink>(VenueInstrument instrument, int slot, ulong requestId, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        ref ClientOrder order = ref _orders[slot];
        instrument.WaitingStops.Remove(order.ClientOrderId);
        order.Leaves = 0;
        EmitReport(in order, requestId, Sbe.ExecType.Canceled, Sbe.OrderStatus.Canceled, NullPrice, 0, Sbe.BooleanType.False, ResultCode.Ok, now, ref sink);
        _orders.Remove(slot);
    }

    /// <summary>A cancel-all's part for the waiting stops of the account (of one side, or both).</summary>
    private void CancelWaitingStops<TSink>(VenueInstrument instrument, AccountId account, Sbe.Side side, long now, ref TSink sink)
        where TSink : IFrameSink
    {
        List<ulong> waiting = instrument.WaitingStops;
        for (int i = waiting.Count - 1; i >= 0; i--)
        {
            if (_orders.TryFindByClientOrderId(waiting[i], out int slot)
                && _orders[slot].Account == (ulong)account.Value
                && (side is not (Sbe.Side.Buy or Sbe.Side.Sell) || _orders[slot].Side == side))
            {
                CancelWaitingStop(instrument, slot, _requestClientOrderId, now, ref sink);
            }
        }
    }
}
