using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// An operator's cancel of one order (AdminCancelOrder): an open order's cancel goes to its venue and the answer says
/// one order affected; a second cancel while the first is under way, a cancel of a closed order, of an id the engine
/// never gave and of another account's order are each refused with their code, and change nothing.
/// </summary>
[TestFixture]
public sealed class AdminCancelOrderTests
{
    private const long OneUsdt = 100_000_000;
    private const long Bid = 5_000_000;
    private const long TenthBtc = 10_000;

    [Test]
    public void Cancel_of_a_working_order_sends_its_cancel_and_answers_one_affected()
    {
        CoreFixture fixture = WithWorkingOrder(out OrderId order);

        CancelFromAdmin(fixture, order, CoreFixture.Trader);

        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.True));
        Assert.That(result.Affected, Is.EqualTo(1));
        Assert.That(result.PrincipalId, Is.EqualTo(7));
        Assert.That(fixture.Output.OfType(Sbe.CancelOrderDecoder.TemplateId).Count(), Is.EqualTo(1));
    }

    [Test]
    public void Cancel_while_the_first_is_under_way_is_refused_as_pending()
    {
        CoreFixture fixture = WithWorkingOrder(out OrderId order);
        CancelFromAdmin(fixture, order, CoreFixture.Trader);
        fixture.Output.Clear();

        CancelFromAdmin(fixture, order, AccountId.None);

        AssertRefused(fixture, Sbe.ResultCode.AdminCancelPending, $"order {order} is already being canceled");
    }

    [Test]
    public void Cancel_of_an_order_the_venue_canceled_is_refused_as_closed()
    {
        CoreFixture fixture = WithWorkingOrder(out OrderId order);
        CancelFromAdmin(fixture, order, CoreFixture.Trader);
        fixture.Report(order, Sbe.ExecType.Canceled);
        fixture.Output.Clear();

        CancelFromAdmin(fixture, order, CoreFixture.Trader);

        AssertRefused(fixture, Sbe.ResultCode.AdminOrderClosed, $"order {order} is no longer open");
    }

    [Test]
    public void Cancel_of_an_id_never_given_or_of_another_accounts_order_is_refused_as_unknown()
    {
        CoreFixture fixture = WithWorkingOrder(out OrderId order);

        CancelFromAdmin(fixture, new OrderId(999), AccountId.None);
        AssertRefused(fixture, Sbe.ResultCode.UnknownOrder, "order 999 is not an order the engine gave");
        fixture.Output.Clear();

        CancelFromAdmin(fixture, order, new AccountId(3));
        AssertRefused(fixture, Sbe.ResultCode.UnknownOrder, $"order {order} is not an open order of account 3");
        Assert.That(fixture.Processor.Orders.Count, Is.EqualTo(1), "the order is still open");
    }

    private static CoreFixture WithWorkingOrder(out OrderId order)
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, Bid, 100_000, Bid + 100, 100_000);
        Assert.That(fixture.Submit(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, Bid, TenthBtc), Is.EqualTo(ResultCode.Ok));
        order = new OrderId(fixture.Output.NewOrders()[^1].Id);
        fixture.Report(order, Sbe.ExecType.New);
        fixture.Output.Clear();
        return fixture;
    }

    private static void CancelFromAdmin(CoreFixture fixture, OrderId order, AccountId account)
    {
        byte[] frame = new byte[Sbe.EngineSchema.HeaderLength + Sbe.AdminCancelOrderEncoder.BlockLength];
        var cancel = Sbe.AdminCancelOrderEncoder.WrapAndApplyHeader(frame, 0);
        cancel.RequestTime = fixture.Time;
        cancel.OrderId = (ulong)order.Value;
        cancel.AccountId = (ulong)account.Value;
        cancel.PrincipalId = 7;
        fixture.Raw(frame);
    }

    private static void AssertRefused(CoreFixture fixture, Sbe.ResultCode expected, string reason)
    {
        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.False));
        Assert.That(result.Result, Is.EqualTo(expected));
        Assert.That(result.Affected, Is.Zero);
        Assert.That(result.TextAsString(), Does.StartWith(reason));
        Assert.That(fixture.Output.OfType(Sbe.CancelOrderDecoder.TemplateId), Is.Empty, "no cancel sent");
    }

    private static Sbe.AdminResultDecoder SingleResult(CoreFixture fixture) =>
        Sbe.AdminResultDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.AdminResultDecoder.TemplateId).Single(), 0);
}
