using System.Runtime.CompilerServices;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// The protective-stop policy (risk.json's <c>protectiveStop</c> per account). Whenever such an account holds a
/// position in an instrument, it keeps exactly one reduce-only stop-market order at the venue the position was last
/// traded on, covering the whole position, its trigger <c>distanceBps</c> beyond the average entry price (below a
/// long, above a short), rounded to the tick away from the market. After every input it brings each protected position
/// to that state:
/// <list type="bullet">
/// <item>no stop: place one; a changed position (fill, partial fill, flip): place the new stop, then cancel the old
/// one, so a stop is always working or on its way; flat: cancel the stop;</item>
/// <item>placing refused (by the engine's check or the ledger at once, or by the venue's report later): retry, up to
/// <see cref="MaxAttempts"/> attempts in all, then close the position with a reduce-only market order and publish a
/// <c>VenueAlert</c> of kind <c>ProtectiveStopFailed</c> (consoles show it); when that order ends without closing the
/// position, start again with the stop;</item>
/// <item>a stop the venue (or an operator) canceled is placed again; a stop that triggered and filled leaves a flat
/// position; one whose venue gateway dropped (unknown) still counts until the venue says otherwise.</item>
/// </list>
/// Its orders pass <see cref="RiskEngine.CheckProtective"/> (no kill switch, limit or rate may refuse protecting a
/// position) and mass cancels leave them alone (<see cref="OrderRecord.IsProtective"/>): an engaged kill switch keeps
/// the stops of open positions. Deterministic: it reads only the BLP's state. Allocation-free. Owned by the BLP thread.
/// </summary>
internal sealed class ProtectiveStops
{
    /// <summary>Attempts at placing the stop before the position is closed: the first and three retries.</summary>
    public const int MaxAttempts = 4;

    /// <summary>How far beyond the trigger (or the reference price) a protective market order may trade: 10%.</summary>
    public const int ProtectionBps = 1_000;

    private const long BasisPoints = 10_000;

    private readonly InputContext _input;
    private readonly RiskEngine _risk;
    private readonly TradedInstruments _traded;
    private readonly OrderManager _orders;
    private readonly EgressEncoder _egress;
    private readonly ProtectedPosition[] _slots;
    private readonly int[] _accountIndex;
    private readonly int _stride;

    public ProtectiveStops(CoreSettings settings, InputContext input, RiskEngine risk, TradedInstruments traded, OrderManager orders, EgressEncoder egress)
    {
        _input = input;
        _risk = risk;
        _traded = traded;
        _orders = orders;
        _egress = egress;
        IReadOnlyList<ProtectiveStopPolicy> policies = settings.Risk.ProtectiveStops;
        _stride = traded.InstrumentSlots;
        _slots = new ProtectedPosition[policies.Count * _stride];
        _accountIndex = new int[policies.Count == 0 ? 0 : settings.Risk.MaxAccountId + 1];
        Array.Fill(_accountIndex, -1);
        for (int p = 0; p < policies.Count; p++)
        {
            _accountIndex[policies[p].Account.Value] = p;
            for (int i = 0; i < _stride; i++)
            {
                ref ProtectedPosition slot = ref _slots[(p * _stride) + i];
                slot.Account = policies[p].Account;
                slot.DistanceBps = policies[p].DistanceBps;
                slot.Instrument = traded.TryGet(new InstrumentId(i)) is null ? InstrumentId.None : new InstrumentId(i);
            }
        }
    }

    public bool IsEnabled => _slots.Length > 0;

    /// <summary>Stops placed (each accepted by the engine's checks).</summary>
    public long StopsPlaced { get; private set; }

    /// <summary>Refusals of placing a stop (the engine's or the venue's).</summary>
    public long StopsRefused { get; private set; }

    /// <summary>Working stops the venue (or an operator) canceled, placed again.</summary>
    public long StopsCanceledByVenue { get; private set; }

    /// <summary>Protective stops that triggered at the venue (their first fill).</summary>
    public long StopsTriggered { get; private set; }

    /// <summary>Positions closed with a reduce-only market order because no stop could be placed.</summary>
    public long PositionsClosed { get; private set; }

    /// <summary>Times even the closing order was refused by the engine: the position was left without protection for that input.</summary>
    public long ClosesRefused { get; private set; }

    /// <summary>The protected (account, instrument) record, or a null ref when the account has no protective-stop policy.</summary>
    public ref ProtectedPosition Find(AccountId account, InstrumentId instrument)
    {
        if ((uint)account.Value >= (uint)_accountIndex.Length || _accountIndex[account.Value] < 0 || (uint)instrument.Value >= (uint)_stride)
        {
            return ref Unsafe.NullRef<ProtectedPosition>();
        }

        return ref _slots[(_accountIndex[account.Value] * _stride) + instrument.Value];
    }

    /// <summary>A fill of a protected account: its position now lives on the fill's listing (unless that is internal).</summary>
    public void OnFill(ref OrderRecord order)
    {
        if (order.IsProtective && order.Type == OrderType.StopMarket && order.Filled.Units == 0)
        {
            StopsTriggered++;
        }

        ref ProtectedPosition slot = ref Find(order.Account, order.Instrument);
        if (!Unsafe.IsNullRef(ref slot) && !_traded.GetListing(order.Listing).IsInternal)
        {
            slot.Listing = order.Listing;
        }
    }

    /// <summary>
    /// One of this policy's orders was unknown (its venue gateway dropped) and the venue says it is still there. One the
    /// policy has since replaced or given up (its cancel was lost with the session) is canceled again: a position keeps
    /// exactly one stop.
    /// </summary>
    public void OnKnownAgain(ref OrderRecord order)
    {
        ref ProtectedPosition slot = ref Find(order.Account, order.Instrument);
        if (!Unsafe.IsNullRef(ref slot) && order.Id != slot.Stop && order.Id != slot.Close && order.State != OrderState.PendingCancel)
        {
            _orders.RequestCancel(ref order);
        }
    }

    /// <summary>One of this policy's orders closed (filled, canceled or rejected): forget it, counting a refusal.</summary>
    public void OnClosed(ref OrderRecord order, OrderState state)
    {
        ref ProtectedPosition slot = ref Find(order.Account, order.Instrument);
        if (Unsafe.IsNullRef(ref slot))
        {
            return;
        }

        if (order.Id == slot.Stop)
        {
            slot.Stop = OrderId.None;
            if (state == OrderState.Rejected)
            {
                slot.Rejections++;
                StopsRefused++;
            }
            else if (state == OrderState.Canceled)
            {
                StopsCanceledByVenue++;
            }
        }
        else if (order.Id == slot.Close)
        {
            // Ended without closing the whole position (refused, canceled, protection price reached): begin again.
            slot.Close = OrderId.None;
            slot.Rejections = 0;
        }
    }

    /// <summary>Brings every protected position to its protected state (see the class); after each input.</summary>
    public void AfterInput()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (!_slots[i].Instrument.IsNone)
            {
                Protect(ref _slots[i]);
            }
        }
    }

    private void Protect(ref ProtectedPosition slot)
    {
        if (!_risk.IsAccountOpen(slot.Account))
        {
            // Opened by its first deposit: until then it can hold no position.
            return;
        }

        long position = _risk.GetPosition(slot.Account, slot.Instrument).Quantity.Units;
        if (!slot.Close.IsNone)
        {
            // The closing order protects the position only while it can close all of it: the account's other orders
            // may have grown or flipped the position meanwhile. Then it is canceled and the policy starts again.
            ref OrderRecord close = ref _orders.Orders.Find(slot.Close);
            if (!Unsafe.IsNullRef(ref close))
            {
                if (position != 0 && close.State != OrderState.PendingCancel && close.Side == (position > 0 ? Side.Sell : Side.Buy) && close.Leaves.Units >= Math.Abs(position))
                {
                    return;
                }

                if (close.State != OrderState.PendingCancel)
                {
                    _orders.RequestCancel(ref close);
                }
            }

            slot.Close = OrderId.None;
            slot.Rejections = 0;
        }

        ref OrderRecord stop = ref _orders.Orders.Find(slot.Stop);
        if (Unsafe.IsNullRef(ref stop))
        {
            slot.Stop = OrderId.None;
        }

        if (position == 0)
        {
            if (!Unsafe.IsNullRef(ref stop) && stop.State != OrderState.PendingCancel)
            {
                _orders.RequestCancel(ref stop);
            }

            slot.Stop = OrderId.None;
            slot.Rejections = 0;
            return;
        }

        TradedListing? listing = ListingOf(ref slot);
        if (listing is null)
        {
            return;
        }

        Side side = position > 0 ? Side.Sell : Side.Buy;
        long quantity = Math.Abs(position);
        long trigger = TriggerPrice(slot, listing, side);
        if (!Unsafe.IsNullRef(ref stop))
        {
            // A stop that has begun to fill has triggered: it is closing the position, and its trigger no longer
            // matters (the entry price's last digit may move as the position shrinks).
            if (stop.State == OrderState.Working)
            {
                slot.Rejections = 0;
            }

            if (stop.State != OrderState.PendingCancel && stop.Side == side && stop.Leaves.Units == quantity && (stop.StopPrice.Units == trigger || stop.Filled.Units > 0) && stop.Listing == listing.Id)
            {
                return;
            }
        }

        // The new stop first, then the old one's cancel: one of them is at the venue or on its way at every moment.
        OrderId replaced = slot.Stop;
        Place(ref slot, listing, side, quantity, trigger);
        if (!replaced.IsNone && replaced != slot.Stop)
        {
            ref OrderRecord old = ref _orders.Orders.Find(replaced);
            if (!Unsafe.IsNullRef(ref old) && old.State != OrderState.PendingCancel)
            {
                _orders.RequestCancel(ref old);
            }
        }
    }

    private void Place(ref ProtectedPosition slot, TradedListing listing, Side side, long quantity, long trigger)
    {
        slot.Stop = OrderId.None;
        long tick = listing.Rules.TickSize.Units;
        long protection = side == Side.Sell
            ? Math.Max(tick, RoundDown(trigger - (trigger * ProtectionBps / BasisPoints), tick))
            : RoundUp(trigger + (trigger * ProtectionBps / BasisPoints), tick);
        var order = NewOrder.StopMarket(OrderId.None, slot.Account, side, new Price(trigger), new Price(protection), new Quantity(quantity), OrderFlags.ReduceOnly);
        while (slot.Rejections < MaxAttempts)
        {
            OrderId id = _orders.SubmitProtective(slot.Account, listing.Id, in order, out _);
            if (!id.IsNone)
            {
                StopsPlaced++;
                slot.Stop = id;
                return;
            }

            slot.Rejections++;
            StopsRefused++;
        }

        Close(ref slot, listing, side, quantity);
    }

    /// <summary>No stop could be placed: close the position at the market (reduce-only) and tell the operator.</summary>
    private void Close(ref ProtectedPosition slot, TradedListing listing, Side side, long quantity)
    {
        long tick = listing.Rules.TickSize.Units;
        long reference = _risk.Report(slot.Account, slot.Instrument).ReferencePrice.Units;
        if (reference <= 0)
        {
            reference = _risk.Report(slot.Account, slot.Instrument).AverageEntryPrice.Units;
        }

        long protection = side == Side.Sell
            ? Math.Max(tick, RoundDown(reference - (reference * ProtectionBps / BasisPoints), tick))
            : RoundUp(reference + (reference * ProtectionBps / BasisPoints), tick);
        var order = new NewOrder(OrderId.None, slot.Account, side, OrderType.Market, TimeInForce.Ioc, new Price(protection), new Quantity(quantity), OrderFlags.ReduceOnly);
        OrderId id = _orders.SubmitProtective(slot.Account, listing.Id, in order, out _);
        int scale = listing.Rules.QuantityScale;
        long signed = side == Side.Sell ? quantity : -quantity;
        if (id.IsNone)
        {
            ClosesRefused++;
            _egress.ProtectiveStopAlert(slot.Account, slot.Instrument, listing.Venue, signed, scale, "protective stop refused 4 times and the closing market order was refused too: the position has no stop"u8);
            return;
        }

        PositionsClosed++;
        slot.Close = id;
        _egress.ProtectiveStopAlert(slot.Account, slot.Instrument, listing.Venue, signed, scale, "protective stop refused 4 times: closing the position with a reduce-only market order"u8);
    }

    /// <summary>The listing the stop goes to: where the position was last traded, else the instrument's first external listing.</summary>
    private TradedListing? ListingOf(ref ProtectedPosition slot)
    {
        if (!slot.Listing.IsNone)
        {
            return _traded.GetListing(slot.Listing);
        }

        TradedListing? primary = _traded.PrimaryListing(slot.Instrument);
        return primary is { IsInternal: false } ? primary : null;
    }

    /// <summary>Average entry price minus (long) or plus (short) the distance, rounded to the tick away from the market, at least one tick.</summary>
    private long TriggerPrice(in ProtectedPosition slot, TradedListing listing, Side side)
    {
        long entry = _risk.Report(slot.Account, slot.Instrument).AverageEntryPrice.Units;
        long tick = listing.Rules.TickSize.Units;
        // The distance rounded up, then the price rounded to the tick: both away from the entry, never nearer the market.
        long distance = (long)((((Int128)Math.Abs(entry) * slot.DistanceBps) + BasisPoints - 1) / BasisPoints);
        return side == Side.Sell
            ? Math.Max(tick, RoundDown(Math.Abs(entry) - distance, tick))
            : RoundUp(Math.Abs(entry) + distance, tick);
    }

    private static long RoundDown(long price, long tick) => tick <= 1 ? price : price - (((price % tick) + tick) % tick);

    private static long RoundUp(long price, long tick)
    {
        long down = RoundDown(price, tick);
        return down == price ? price : down + tick;
    }

    public void AddToHash(ref StateHasher hasher)
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i].AddToHash(ref hasher);
        }

        hasher.Add(StopsPlaced);
        hasher.Add(StopsRefused);
        hasher.Add(StopsCanceledByVenue);
        hasher.Add(PositionsClosed);
        hasher.Add(ClosesRefused);
        hasher.Add(StopsTriggered);
    }

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.BeginSection("protective");
        writer.WriteArray<ProtectedPosition>(_slots);
        writer.WriteArray<long>([StopsPlaced, StopsRefused, StopsCanceledByVenue, PositionsClosed, ClosesRefused, StopsTriggered]);
    }

    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ExpectSection("protective");
        ProtectedPosition[] slots = reader.ReadArray<ProtectedPosition>();
        long[] counters = reader.ReadArray<long>();
        if (slots.Length != _slots.Length || counters.Length != 6)
        {
            throw new SnapshotFormatException($"snapshot: {slots.Length} protected positions and {counters.Length} counters, this configuration has {_slots.Length} and 6");
        }

        slots.CopyTo(_slots, 0);
        StopsPlaced = counters[0];
        StopsRefused = counters[1];
        StopsCanceledByVenue = counters[2];
        PositionsClosed = counters[3];
        ClosesRefused = counters[4];
        StopsTriggered = counters[5];
    }
}
