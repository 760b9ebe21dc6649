using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The protective-stop policy, path by path: every position of an account with risk.json's <c>protectiveStop</c> keeps
/// one reduce-only stop at the venue covering all of it; refused stops are retried, then the position is closed.
/// </summary>
public sealed class ProtectiveStopTests
{
    [Test]
    public void A_fill_places_a_reduce_only_stop_market_covering_the_position_at_the_distance_below_the_entry()
    {
        var account = new ProtectedAccount();
        account.Fixture.Output.Clear();
        account.Trade(Side.Buy, 500_003, 100);

        OrderRecord stop = account.Stops().Single();
        Assert.Multiple(() =>
        {
            Assert.That(stop.Side, Is.EqualTo(Side.Sell));
            Assert.That(stop.Quantity.Units, Is.EqualTo(100));
            Assert.That(stop.Flags, Is.EqualTo(OrderFlags.ReduceOnly));
            Assert.That(stop.StopPrice.Units, Is.EqualTo(490_002), "50000.3 - 2% = 49002.294, rounded away from the market to the 0.1 tick");
            Assert.That(stop.Price.Units, Is.LessThan(stop.StopPrice.Units), "its protection price is beyond the trigger");
            Assert.That(stop.Strategy, Is.EqualTo(StrategyId.None));
        });

        var sent = Sbe.NewOrderDecoder.WrapWithHeader(account.Fixture.Output.OfType(Sbe.NewOrderDecoder.TemplateId).Last(), 0);
        Assert.That((sent.OrderType, sent.StopPrice.Mantissa, sent.Flags, sent.VenueId), Is.EqualTo((Sbe.OrderType.Stop, 490_002L, Sbe.OrderFlags.ReduceOnly, ProtectedAccount.OkxSwap)));
        Assert.That(account.Fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.BtcPerp).OpenSell.Units, Is.Zero, "a reduce-only stop is not counted among the open orders");
    }

    [Test]
    public void A_short_gets_a_buy_stop_above_the_entry_rounded_up()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Sell, 500_003, 100);
        OrderRecord stop = account.Stops().Single();
        Assert.That((stop.Side, stop.StopPrice.Units), Is.EqualTo((Side.Buy, 510_004L)), "50000.3 + 2% = 51000.306, rounded up");
    }

    [Test]
    public void A_larger_position_places_the_new_stop_first_then_cancels_the_old_one()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        OrderRecord first = account.Stops().Single();
        account.Fixture.Report(first.Id, Sbe.ExecType.New);
        account.Fixture.Output.Clear();

        account.Trade(Side.Buy, 500_000, 50, clientOrderId: 51);

        OrderRecord replacement = account.LiveStops().Single();
        Assert.Multiple(() =>
        {
            Assert.That(replacement.Quantity.Units, Is.EqualTo(150));
            Assert.That(account.Fixture.Output.CancelRequests(), Is.EqualTo(new[] { first.Id.Value }));
            Assert.That(account.Fixture.Output.Messages.Select(m => m.TemplateId).Where(t => t is Sbe.NewOrderDecoder.TemplateId or Sbe.CancelOrderDecoder.TemplateId),
                Is.EqualTo(new[] { Sbe.NewOrderDecoder.TemplateId, Sbe.NewOrderDecoder.TemplateId, Sbe.CancelOrderDecoder.TemplateId }), "the trader's order, then the new stop, then the old one's cancel");
            Assert.That(account.Violation(), Is.Null);
        });
    }

    [Test]
    public void A_flip_replaces_the_stop_on_the_other_side_and_a_flat_position_cancels_it()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        account.Trade(Side.Sell, 500_000, 300, clientOrderId: 51);
        Assert.That(account.LiveStops().Single().Side, Is.EqualTo(Side.Buy));
        Assert.That(account.LiveStops().Single().Quantity.Units, Is.EqualTo(200));

        account.Trade(Side.Buy, 500_000, 200, clientOrderId: 52);
        Assert.Multiple(() =>
        {
            Assert.That(account.Position, Is.Zero);
            Assert.That(account.LiveStops(), Is.Empty, "flat: the stop is being canceled");
            Assert.That(account.Stops().All(s => s.State == OrderState.PendingCancel), Is.True);
        });
    }

    [Test]
    public void A_stop_refused_three_times_is_placed_a_fourth_time_and_kept_once_accepted()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        for (int refusal = 1; refusal <= 3; refusal++)
        {
            OrderRecord stop = account.Stops().Single();
            account.Fixture.Report(stop.Id, Sbe.ExecType.Rejected, reason: Sbe.ResultCode.VenueRateLimited, text: "Too many requests");
            Assert.That(account.Stops().Single().Id, Is.Not.EqualTo(stop.Id), $"retry {refusal}");
        }

        OrderRecord fourth = account.Stops().Single();
        account.Fixture.Report(fourth.Id, Sbe.ExecType.New);
        Assert.Multiple(() =>
        {
            Assert.That(account.Stops().Single().State, Is.EqualTo(OrderState.Working));
            Assert.That(account.Closes(), Is.Empty);
            Assert.That(account.Fixture.Processor.ProtectiveStopCounts.Refused, Is.EqualTo(3));
        });

        // Accepted: the count starts again, so later refusals get their three retries too.
        account.Fixture.Report(fourth.Id, Sbe.ExecType.Canceled);
        OrderRecord again = account.Stops().Single();
        account.Fixture.Report(again.Id, Sbe.ExecType.Rejected, reason: Sbe.ResultCode.VenueRateLimited);
        Assert.That(account.Closes(), Is.Empty);
    }

    [Test]
    public void A_stop_refused_four_times_closes_the_position_with_a_reduce_only_market_order_and_alerts()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        for (int refusal = 1; refusal <= 4; refusal++)
        {
            account.Fixture.Report(account.Stops().Single().Id, Sbe.ExecType.Rejected, reason: Sbe.ResultCode.VenueRateLimited);
        }

        OrderRecord close = account.Closes().Single();
        Assert.Multiple(() =>
        {
            Assert.That(account.Stops(), Is.Empty);
            Assert.That((close.Side, close.Quantity.Units, close.Flags, close.Type), Is.EqualTo((Side.Sell, 100L, OrderFlags.ReduceOnly, OrderType.Market)));
            Assert.That(account.Violation(), Is.Null, "a closing order in flight protects the position");
        });

        var alert = Sbe.VenueAlertDecoder.WrapWithHeader(account.Fixture.Output.OfType(Sbe.VenueAlertDecoder.TemplateId).Single(), 0);
        Assert.That((alert.Kind, alert.AccountId, alert.InstrumentId, alert.Expected.Mantissa), Is.EqualTo((Sbe.VenueAlertKind.ProtectiveStopFailed, 2UL, (uint)CoreFixture.BtcPerp.Value, 100L)));
        Assert.That(alert.TextAsString(), Does.Contain("closing the position"));

        account.Fixture.Report(close.Id, Sbe.ExecType.Trade, 499_000, 100, maker: false, cumulative: 100);
        Assert.Multiple(() =>
        {
            Assert.That(account.Position, Is.Zero);
            Assert.That(account.Closes(), Is.Empty);
            Assert.That(account.Stops(), Is.Empty);
            Assert.That(account.Fixture.Processor.ProtectiveStopCounts.PositionsClosed, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_closing_order_that_ends_unfilled_starts_again_with_a_stop()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        for (int refusal = 1; refusal <= 4; refusal++)
        {
            account.Fixture.Report(account.Stops().Single().Id, Sbe.ExecType.Rejected, reason: Sbe.ResultCode.VenueRateLimited);
        }

        OrderRecord close = account.Closes().Single();
        account.Fixture.Report(close.Id, Sbe.ExecType.Trade, 499_000, 40, maker: false, cumulative: 40);
        account.Fixture.Report(close.Id, Sbe.ExecType.Expired);
        Assert.Multiple(() =>
        {
            Assert.That(account.Position, Is.EqualTo(60));
            Assert.That(account.LiveStops().Single().Quantity.Units, Is.EqualTo(60));
            Assert.That(account.Violation(), Is.Null);
        });
    }

    [Test]
    public void A_stop_the_venue_canceled_is_placed_again()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        OrderRecord stop = account.Stops().Single();
        account.Fixture.Report(stop.Id, Sbe.ExecType.New);
        account.Fixture.Report(stop.Id, Sbe.ExecType.Canceled);
        Assert.Multiple(() =>
        {
            Assert.That(account.Stops().Single().Id, Is.Not.EqualTo(stop.Id));
            Assert.That(account.Fixture.Processor.ProtectiveStopCounts.CanceledByVenue, Is.EqualTo(1));
        });
    }

    [Test]
    public void A_stop_that_triggers_and_fills_in_parts_closes_the_position_and_nothing_new_is_placed()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        OrderRecord stop = account.Stops().Single();
        account.Fixture.Report(stop.Id, Sbe.ExecType.New);
        account.Fixture.Output.Clear();
        account.Fixture.Report(stop.Id, Sbe.ExecType.Trade, 489_900, 30, maker: false, cumulative: 30);
        Assert.Multiple(() =>
        {
            Assert.That(account.Stops().Single().Id, Is.EqualTo(stop.Id), "a triggered stop keeps closing the rest");
            Assert.That(account.Fixture.Output.NewOrders(), Is.Empty);
        });

        account.Fixture.Report(stop.Id, Sbe.ExecType.Trade, 489_800, 70, maker: false, cumulative: 100);
        Assert.Multiple(() =>
        {
            Assert.That(account.Position, Is.Zero);
            Assert.That(account.Stops(), Is.Empty);
            Assert.That(account.Fixture.Output.NewOrders(), Is.Empty);
        });
    }

    [Test]
    public void The_kill_switch_cancels_the_accounts_orders_but_keeps_the_protective_stop_and_still_protects_new_fills()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        account.Fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Buy, 499_000, 50, clientOrderId: 60);
        OrderId resting = account.LastTraderOrder();
        account.Fixture.Report(resting, Sbe.ExecType.New);
        OrderRecord stop = account.Stops().Single();
        account.Fixture.Output.Clear();

        account.Fixture.Kill(Sbe.KillScope.Account, 2);
        Assert.Multiple(() =>
        {
            Assert.That(account.Fixture.Output.CancelRequests(), Is.EqualTo(new[] { resting.Value }));
            Assert.That(account.LiveStops().Single().Id, Is.EqualTo(stop.Id));
        });

        // The resting buy fills before its cancel lands: the bigger position gets its bigger stop, kill switch or not.
        account.Fixture.Report(resting, Sbe.ExecType.Trade, 499_000, 50, maker: true, cumulative: 50);
        Assert.Multiple(() =>
        {
            Assert.That(account.LiveStops().Single().Quantity.Units, Is.EqualTo(150));
            Assert.That(account.Violation(), Is.Null);
        });

        account.Fixture.Kill(Sbe.KillScope.All, 0);
        Assert.That(account.LiveStops(), Has.Count.EqualTo(1), "the global kill switch keeps it too");
    }

    [Test]
    public void A_dropped_venue_gateway_leaves_the_stop_unknown_and_it_still_counts()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        OrderRecord stop = account.Stops().Single();
        account.Fixture.Report(stop.Id, Sbe.ExecType.New);
        account.Fixture.Output.Clear();
        account.Fixture.Disconnected("venue:OKX_SWAP");
        Assert.Multiple(() =>
        {
            Assert.That(account.Stops().Single().State, Is.EqualTo(OrderState.Unknown));
            Assert.That(account.Fixture.Output.NewOrders(), Is.Empty, "its fate is unknown, not lost: nothing is sent twice");
            Assert.That(account.Violation(), Is.Null);
        });

        account.Fixture.Report(stop.Id, Sbe.ExecType.New);
        Assert.That(account.Stops().Single().State, Is.EqualTo(OrderState.Working));
    }

    [Test]
    public void A_client_stop_order_is_checked_on_its_trigger_and_sent_with_it()
    {
        var account = new ProtectedAccount();
        account.Trade(Side.Buy, 500_000, 100);
        account.Fixture.Output.Clear();
        account.Fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Sell, 470_000, 100, clientOrderId: 70, flags: Sbe.OrderFlags.ReduceOnly, type: Sbe.OrderType.Stop);
        var reject = Sbe.RejectDecoder.WrapWithHeader(account.Fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Single(), 0);
        Assert.That(reject.Reason, Is.EqualTo(Sbe.ResultCode.PriceNotPositive), "a stop without a trigger price");

        account.Fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Sell, 470_000, 200, clientOrderId: 71, flags: Sbe.OrderFlags.ReduceOnly, type: Sbe.OrderType.Stop, stopPrice: 480_000);
        reject = Sbe.RejectDecoder.WrapWithHeader(account.Fixture.Output.OfType(Sbe.RejectDecoder.TemplateId).Last(), 0);
        Assert.That(reject.Reason, Is.EqualTo(Sbe.ResultCode.ReduceOnlyWouldIncrease), "a reduce-only stop larger than the position");

        account.Fixture.NewOrder(CoreFixture.Trader, CoreFixture.BtcPerp, Side.Sell, 470_000, 100, clientOrderId: 72, flags: Sbe.OrderFlags.ReduceOnly, type: Sbe.OrderType.Stop, stopPrice: 480_000);
        var sent = Sbe.NewOrderDecoder.WrapWithHeader(account.Fixture.Output.OfType(Sbe.NewOrderDecoder.TemplateId).Last(), 0);
        var fields = (sent.OrderType, sent.StopPrice.Mantissa, sent.Price.Mantissa);
        OrderId clientStop = new((long)sent.ClientOrderId);
        Assert.Multiple(() =>
        {
            Assert.That(fields, Is.EqualTo((Sbe.OrderType.Stop, 480_000L, 470_000L)));
            Assert.That(account.Fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.BtcPerp).OpenSell.Units, Is.Zero, "beside the protective stop, a second reduce-only stop is allowed and not counted");
        });

        account.Fixture.Report(clientStop, Sbe.ExecType.New);
        account.Fixture.Report(clientStop, Sbe.ExecType.Trade, 479_000, 100, maker: false, cumulative: 100);
        Assert.Multiple(() =>
        {
            Assert.That(account.Position, Is.Zero);
            Assert.That(account.Fixture.Processor.Risk.GetPosition(CoreFixture.Trader, CoreFixture.BtcPerp).OpenSell.Units, Is.Zero);
            Assert.That(account.LiveStops(), Is.Empty);
        });
    }
}
