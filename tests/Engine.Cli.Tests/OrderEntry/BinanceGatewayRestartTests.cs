using Engine.Core;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Host;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// The Binance gateway process dies mid-session and a new one starts: the engine's orders there became unknown; the new
/// process asks the engine for them (VenueOrdersRequest), adopts each, asks Binance what became of it and reports the
/// fills made while no gateway was there, so nothing is canceled as an orphan that the engine still holds, nothing is
/// lost and nothing is reported twice; an order the dead process never sent is closed as never arrived; a real orphan
/// is still canceled.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BinanceGatewayRestartTests
{
    private const long P = BinanceOrderEntryRig.PriceUnits;

    [Test]
    public async Task New_gateway_process_adopts_the_engines_orders_reports_the_fills_made_meanwhile_and_cancels_only_real_orphans()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        ulong a = rig.Submit(Codecs.Side.Buy, 59_000 * P, 1_000);
        ulong b = rig.Submit(Codecs.Side.Buy, 58_900 * P, 1_000);
        ulong c = rig.Submit(Codecs.Side.Sell, 61_000 * P, 2_000);
        rig.PumpUntil(() => new[] { a, b, c }.All(id => rig.EngineState(id) == OrderState.Working), "three working orders");
        rig.VenueLiquidity(buy: false, 59_000m, 0.004m);
        rig.PumpUntil(() => rig.EngineOpenOrders()[a].Filled == 400, "a partial fill of A");

        rig.StopGateway();
        Assert.That(new[] { a, b, c }.Select(rig.EngineState), Is.All.EqualTo(OrderState.Unknown), "the venue keeps a dead session's orders: the engine cannot know their fate");

        // While no gateway runs: A fills more, C fills completely, someone places an order by hand, and the engine
        // sends an order no process reads.
        rig.VenueLiquidity(buy: false, 59_000m, 0.003m);
        rig.VenueLiquidity(buy: true, 61_000m, 0.02m);
        await BinanceOrderEntrySessionTests.PlaceForeignOrderAsync(simulator, "manual", 1, 50_000.00m, 0.001m);
        ulong d = rig.Submit(Codecs.Side.Buy, 58_000 * P, 500);

        rig.StartGateway();
        rig.PumpUntil(() => rig.EngineState(c) is null && rig.EngineState(d) is null && rig.Adapter.OrphansCanceled == 1, "the new process's settlement and reconciliation");
        rig.Settle();

        Assert.That(rig.Adapter.AdoptedOrders, Is.EqualTo(4), rig.Log);
        Assert.That(rig.EngineOpenOrders(), Is.EqualTo(rig.VenueOpenOrders()), "the engine's open orders (quantity, filled) are the venue's");
        Assert.That(rig.EngineOpenOrders().Keys, Is.EqualTo(new[] { a, b }));
        Assert.That(rig.EngineOpenOrders()[a].Filled, Is.EqualTo(700), "A's fill made while no gateway ran");
        Assert.That(rig.EngineNetPosition(), Is.EqualTo(rig.VenueNetFilled()).And.EqualTo(700 - 2_000));
        Assert.That(rig.VenueOrdersWithClientId(d), Is.Zero, "D never reached Binance and was not sent by the new process");
        Assert.That(rig.Adapter.MissedFills, Is.EqualTo(2), "A's second fill and C's fill; A's first was the old process's");
        Assert.That(rig.Processor.Counters.DuplicateFills, Is.Zero, "no fill was reported twice");
        Assert.That(rig.Processor.Counters.UnknownExecutionReports, Is.Zero);
        Assert.That(rig.Adapter.BalanceBreaks, Is.Zero, rig.Log);
        Assert.That(rig.Processor.Ledger.ComputeTrialBalance().IsBalanced, Is.True);
        Assert.That(rig.Log, Does.Contain("adopted order").And.Contain("ORPHAN").And.Contain("manual1"));

        ulong live = rig.Processor.StateHash();
        rig.CloseJournal();
        EngineConfig recorded = EngineConfig.Load(JournalConfigCopy.EngineFile(rig.JournalDirectory));
        JournalReplayer.Result replay = JournalReplayer.Replay(rig.JournalDirectory, recorded, new JournalReplayer.CountingOutput());
        Assert.That(replay.StateHash, Is.EqualTo(live), "the journal replays to the live state");
    }
}
