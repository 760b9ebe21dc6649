using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// A restarted venue gateway's VenueOrdersRequest: the engine lists the venue's open orders (what each asked for and
/// what filled), then ends the answer with order id 0 and the count; closed orders and other venues' orders are not
/// listed; a venue the registry does not have is malformed and answered with nothing.
/// </summary>
[TestFixture]
public sealed class VenueOrdersAnswerTests
{
    private const long OneUsdt = 100_000_000;
    private const long Bid = 5_000_000;
    private const long TenthBtc = 10_000;

    [Test]
    public void Request_lists_the_venues_open_orders_with_their_fills_then_ends_with_the_count()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, Bid, 100_000, Bid + 100, 100_000);
        ushort venue = fixture.VenueOf(CoreFixture.Btc);
        var ids = new List<OrderId>();
        for (int i = 0; i < 3; i++)
        {
            Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid - i, TenthBtc), Is.EqualTo(ResultCode.Ok));
            ids.Add(new OrderId(fixture.Output.NewOrders()[^1].Id));
            fixture.Report(ids[^1], Sbe.ExecType.New);
        }

        fixture.Report(ids[1], Sbe.ExecType.Trade, lastPrice: Bid - 1, lastQuantity: 4_000, cumulative: 4_000);
        fixture.Report(ids[2], Sbe.ExecType.Canceled);
        fixture.Output.Clear();

        Request(fixture, 77, venue);

        var answer = fixture.Output.OfType(Sbe.OpenVenueOrderDecoder.TemplateId).Select(Listed.Read).ToList();
        Assert.That(answer.Select(a => a.RequestId), Is.All.EqualTo(77UL));
        Assert.That(answer.Select(a => (long)a.OrderId), Is.EqualTo(new[] { ids[0].Value, ids[1].Value, 0L }), "the two open orders, then the end");
        Assert.That(answer[1].Price, Is.EqualTo(Bid - 1));
        Assert.That(answer[1].Quantity, Is.EqualTo(TenthBtc));
        Assert.That(answer[1].Filled, Is.EqualTo(4_000));
        Assert.That(answer[1].Side, Is.EqualTo(Sbe.Side.Buy));
        Assert.That(answer[1].AccountId, Is.EqualTo((ulong)CoreFixture.Trader.Value));
        Assert.That(answer[1].InstrumentId, Is.EqualTo((uint)CoreFixture.Btc.Value));
        Assert.That(answer[1].StopPrice, Is.EqualTo(Sbe.PriceOptionalEncoder.MantissaNullValue));
        Assert.That(answer[2].Filled, Is.EqualTo(2), "the end carries the count");
        Assert.That(fixture.Output.OfType(Sbe.CancelOrderDecoder.TemplateId), Is.Empty, "a request changes nothing");
    }

    [Test]
    public void Request_of_another_venue_lists_none_and_of_an_unknown_venue_is_malformed()
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, Bid, 100_000, Bid + 100, 100_000);
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.Ok));
        ushort other = fixture.VenueOf(CoreFixture.BtcPerp);
        Assert.That(other, Is.Not.EqualTo(fixture.VenueOf(CoreFixture.Btc)));
        fixture.Output.Clear();

        Request(fixture, 1, other);
        var answer = fixture.Output.OfType(Sbe.OpenVenueOrderDecoder.TemplateId).Select(Listed.Read).ToList();
        Assert.That(answer.Select(a => (a.OrderId, a.Filled)), Is.EqualTo(new[] { (0UL, 0L) }), "only the end: no orders");

        fixture.Output.Clear();
        long malformed = fixture.Processor.Counters.MalformedInputs;
        Request(fixture, 2, 999);
        Assert.That(fixture.Output.OfType(Sbe.OpenVenueOrderDecoder.TemplateId), Is.Empty);
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.EqualTo(malformed + 1));
    }

    private static void Request(CoreFixture fixture, ulong requestId, ushort venue)
    {
        byte[] frame = new byte[Sbe.EngineSchema.HeaderLength + Sbe.VenueOrdersRequestEncoder.BlockLength];
        var request = Sbe.VenueOrdersRequestEncoder.WrapAndApplyHeader(frame, 0);
        request.Time = fixture.Time;
        request.RequestId = requestId;
        request.VenueId = venue;
        fixture.Raw(frame);
    }

    /// <summary>One OpenVenueOrder, read out of its message (decoders are ref structs).</summary>
    private sealed record Listed(ulong RequestId, ulong OrderId, ulong AccountId, long Price, long StopPrice, long Quantity, long Filled, uint InstrumentId, Sbe.Side Side)
    {
        public static Listed Read(byte[] message)
        {
            var open = Sbe.OpenVenueOrderDecoder.WrapWithHeader(message, 0);
            return new Listed(open.RequestId, open.OrderId, open.AccountId, open.Price.Mantissa, open.StopPrice.Mantissa, open.Quantity.Mantissa, open.FilledQuantity.Mantissa, open.InstrumentId, open.Side);
        }
    }
}
