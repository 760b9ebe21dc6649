using System.Text;
using System.Text.Json;
using Engine.Gateways.Venues.Deribit.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using NUnit.Framework;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>The Deribit request writer: the documented JSON-RPC fields of private/buy|sell, edit and cancel, and 0 B per order once warm.</summary>
[TestFixture]
public sealed class DeribitRequestWriterTests
{
    private static readonly OrderEntryInstrument s_btc = new("BTC-PERPETUAL", 1, 7, priceScale: 1, quantityScale: 0);

    [Test]
    public void Post_only_reduce_only_limit_sell_carries_deribits_fields_the_label_and_valid_until()
    {
        var writer = new DeribitRequestWriter("e");
        DeribitTrackedOrder order = Order(42, Sbe.Side.Sell, Sbe.OrderType.Limit, price: 500_005, Sbe.OrderFlags.PostOnly | Sbe.OrderFlags.ReduceOnly);

        Assert.That(writer.WriteNewOrder(9, order, validUntilMillis: 1_700_000_005_000), Is.True);

        using JsonDocument request = JsonDocument.Parse(writer.Request);
        JsonElement root = request.RootElement;
        Assert.That(root.GetProperty("jsonrpc").GetString(), Is.EqualTo("2.0"));
        Assert.That(root.GetProperty("id").GetInt64(), Is.EqualTo(9));
        Assert.That(root.GetProperty("method").GetString(), Is.EqualTo("private/sell"));
        JsonElement p = root.GetProperty("params");
        Assert.That(p.GetProperty("instrument_name").GetString(), Is.EqualTo("BTC-PERPETUAL"));
        Assert.That(p.GetProperty("amount").GetRawText(), Is.EqualTo("1000"));
        Assert.That(p.GetProperty("type").GetString(), Is.EqualTo("limit"));
        Assert.That(p.GetProperty("price").GetRawText(), Is.EqualTo("50000.5"));
        Assert.That(p.GetProperty("time_in_force").GetString(), Is.EqualTo("good_til_cancelled"));
        Assert.That(p.GetProperty("post_only").GetBoolean(), Is.True);
        Assert.That(p.GetProperty("reject_post_only").GetBoolean(), Is.True);
        Assert.That(p.GetProperty("reduce_only").GetBoolean(), Is.True);
        Assert.That(p.GetProperty("label").GetString(), Is.EqualTo("e42"));
        Assert.That(p.GetProperty("valid_until").GetInt64(), Is.EqualTo(1_700_000_005_000));
    }

    [Test]
    public void Stop_market_writes_its_trigger_price_on_the_last_price_and_good_till_date_is_not_written()
    {
        var writer = new DeribitRequestWriter("e");
        DeribitTrackedOrder stop = Order(5, Sbe.Side.Sell, Sbe.OrderType.Stop, price: VenueOrder.NullPrice, Sbe.OrderFlags.ReduceOnly);
        stop.StopPrice = 490_000;

        writer.WriteNewOrder(1, stop, 0);

        string text = Encoding.UTF8.GetString(writer.Request.Span);
        Assert.That(text, Does.Contain("\"type\":\"stop_market\"").And.Contain("\"trigger_price\":49000.0").And.Contain("\"trigger\":\"last_price\"").And.Not.Contain("\"price\""));
        DeribitTrackedOrder gtd = Order(6, Sbe.Side.Buy, Sbe.OrderType.Limit, 500_000, 0);
        gtd.TimeInForce = Sbe.TimeInForce.GoodTillDate;
        Assert.That(writer.WriteNewOrder(2, gtd, 0), Is.False);
    }

    [Test]
    public void Cancel_goes_by_order_id_once_known_else_by_label_and_currency()
    {
        var writer = new DeribitRequestWriter("e");
        DeribitTrackedOrder order = Order(8, Sbe.Side.Buy, Sbe.OrderType.Limit, 500_000, 0);

        writer.WriteCancel(3, order);
        Assert.That(Encoding.UTF8.GetString(writer.Request.Span), Does.Contain("\"method\":\"private/cancel_by_label\"").And.Contain("\"label\":\"e8\"").And.Contain("\"currency\":\"BTC\""));
        order.VenueOrderId = "12345";
        writer.WriteCancel(4, order);
        Assert.That(Encoding.UTF8.GetString(writer.Request.Span), Does.Contain("\"method\":\"private/cancel\"").And.Contain("\"order_id\":\"12345\""));
        writer.WriteEdit(5, order, 499_000, 1_200);
        Assert.That(Encoding.UTF8.GetString(writer.Request.Span), Does.Contain("\"method\":\"private/edit\"").And.Contain("\"amount\":1200").And.Contain("\"price\":49900.0"));
    }

    [Test]
    public void Writing_an_order_allocates_nothing_once_warm()
    {
        var writer = new DeribitRequestWriter("e");
        DeribitTrackedOrder order = Order(1, Sbe.Side.Buy, Sbe.OrderType.Limit, 500_005, Sbe.OrderFlags.PostOnly);
        for (int i = 0; i < 1_000; i++)
        {
            writer.WriteNewOrder(i, order, 1_700_000_000_000 + i);
        }

        long least = SteadyStateAllocation.LeastPerSlice(5, slice =>
        {
            for (int i = 0; i < 1_000; i++)
            {
                writer.WriteNewOrder(i, order, 1_700_000_000_000 + i);
            }
        });

        Assert.That(least, Is.Zero);
    }

    private static DeribitTrackedOrder Order(ulong id, Sbe.Side side, Sbe.OrderType type, long price, Sbe.OrderFlags flags) => new(id, s_btc, "BTC")
    {
        Side = side,
        OrderType = type,
        TimeInForce = Sbe.TimeInForce.GoodTillCancel,
        Flags = flags,
        Price = price,
        Quantity = 1_000,
    };
}
