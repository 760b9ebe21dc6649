using System.Runtime.CompilerServices;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// A BLP whose account 2 (<see cref="CoreFixture.Trader"/>) has risk.json's <c>protectiveStop</c> (200 bps), trading the
/// fixture's BTC-USDT-PERP on OKX_SWAP (a venue that keeps a dropped session's orders), plus the questions the tests
/// ask of its protective orders and the invariant they assert after every input.
/// </summary>
internal sealed class ProtectedAccount
{
    public const int DistanceBps = 200;
    public const long OneUsdt = 100_000_000;
    public const ushort OkxSwap = 2;

    public ProtectedAccount(int distanceBps = DistanceBps)
    {
        RiskJson = CoreFixture.RiskJson
            .Replace("\"accounts\": []", "\"accounts\": [ { \"account\": 2, \"protectiveStop\": { \"distanceBps\": " + distanceBps + " } } ]", StringComparison.Ordinal)
            .Replace("\"priceBandBps\": 500", "\"priceBandBps\": \"unlimited\"", StringComparison.Ordinal);
        Fixture = new CoreFixture(withMarketMaker: false, riskJson: RiskJson);
        Fixture.Deposit(CoreFixture.Trader, "USDT", 10_000_000 * OneUsdt);
        Fixture.Bbo(CoreFixture.BtcPerp, 500_000, 1_000, 500_010, 1_000);
    }

    public CoreFixture Fixture { get; }

    /// <summary>The fixture's risk.json with the policy (and no price band: protective orders' protection prices are wide).</summary>
    public string RiskJson { get; }

    public long Position => Fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.BtcPerp).Quantity.Units;

    /// <summary>The open protective stops (any state), oldest slot first.</summary>
    public List<OrderRecord> Stops() => Protective(o => o.Type == OrderType.StopMarket);

    /// <summary>The open protective stops not being canceled.</summary>
    public List<OrderRecord> LiveStops() => Protective(o => o.Type == OrderType.StopMarket && o.State != OrderState.PendingCancel);

    /// <summary>The open reduce-only market orders closing the position.</summary>
    public List<OrderRecord> Closes() => Protective(o => o.Type == OrderType.Market);

    /// <summary>The trader buys (or sells) and the venue fills it at once in full; returns the order id.</summary>
    public OrderId Trade(Side side, long price, long quantity, ulong clientOrderId = 50)
    {
        long before = Fixture.Processor.Orders.Count;
        Fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, side, price, quantity, clientOrderId);
        OrderId id = LastTraderOrder();
        Assert.That(id.IsNone, Is.False, "the trader's order was accepted (open orders before: " + before + ")");
        Fixture.Report(id, Sbe.ExecType.New);
        Fixture.Report(id, Sbe.ExecType.Trade, price, quantity, maker: false, cumulative: quantity);
        return id;
    }

    /// <summary>The newest open order of the trader that is not protective.</summary>
    public OrderId LastTraderOrder()
    {
        OrderTable orders = Fixture.Processor.Orders;
        OrderId newest = OrderId.None;
        for (int i = 0; i < orders.SlotCount; i++)
        {
            ref OrderRecord order = ref orders.SlotAt(i);
            if (!order.Id.IsNone && !order.IsProtective && order.Account == CoreFixture.Trader && order.Id.Value > newest.Value)
            {
                newest = order.Id;
            }
        }

        return newest;
    }

    /// <summary>
    /// The property: at most one live protective stop, and a non-zero position has a reduce-only stop covering all of it at the venue or on its way there
    /// (pending, working or unknown, not being canceled), or a reduce-only market order closing all of it.
    /// </summary>
    public string? Violation()
    {
        // Exactly one: besides the current stop, only stops being canceled (or unknown, their cancel lost with a
        // dropped session: canceled again when the venue reports them).
        int live = LiveStops().Count(s => s.State != OrderState.Unknown);
        if (live > 1)
        {
            return $"{live} protective stops are live";
        }

        long position = Position;
        if (position == 0)
        {
            return null;
        }

        Side side = position > 0 ? Side.Sell : Side.Buy;
        long quantity = Math.Abs(position);
        foreach (OrderRecord stop in LiveStops())
        {
            if (stop.Side == side && stop.Leaves.Units == quantity && (stop.Flags & OrderFlags.ReduceOnly) != 0 && stop.StopPrice.Units > 0)
            {
                return null;
            }
        }

        foreach (OrderRecord close in Closes())
        {
            if (close.Side == side && (close.Flags & OrderFlags.ReduceOnly) != 0 && close.Leaves.Units >= quantity && close.State != OrderState.PendingCancel)
            {
                return null;
            }
        }

        string stops = string.Join(", ", Stops().Select(s => $"#{s.Id.Value} {s.Side} {s.Leaves.Units}@{s.StopPrice.Units} {s.State}"));
        return $"position {position} has no stop covering it (stops: {stops}; closes: {Closes().Count})";
    }

    private List<OrderRecord> Protective(Func<OrderRecord, bool> predicate)
    {
        var found = new List<OrderRecord>();
        OrderTable orders = Fixture.Processor.Orders;
        for (int i = 0; i < orders.SlotCount; i++)
        {
            ref OrderRecord order = ref orders.SlotAt(i);
            if (!order.Id.IsNone && order.IsProtective && !Unsafe.IsNullRef(ref order) && predicate(order))
            {
                found.Add(order);
            }
        }

        return found;
    }
}
