using System.Security.Cryptography;
using System.Text;
using Engine.Core;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Gateways.VenueSimulators.Binance.UsdM;
using Engine.Host;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// The Binance order entry adapter on USD-M futures end to end against the USD-M simulator on loopback: a session of
/// orders, partial fills, an amend (modify in place) and a cancel with the user data stream cut in the middle, a fill made while it was cut and an
/// orphan left on the venue (the engine's orders equal the venue's at the end, its position the venue's, its ledger
/// balanced, its journal replaying to the same state); faults (late answer, 500, dropped connection, 500 before
/// applying); a rate-limit burst; bad ORDER_TRADE_UPDATEs; and a position break.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BinanceUsdMOrderEntrySessionTests
{
    private const long P = 10;

    [Test]
    public async Task UsdM_session_with_partial_fills_an_amend_a_cancel_a_reconnect_an_orphan_and_a_missed_fill_ends_with_the_engines_orders_equal_to_the_venues()
    {
        await using BinanceUsdMSimulator simulator = await BinanceOrderEntryRig.StartUsdMSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);

        ulong a = rig.Submit(Codecs.Side.Buy, 59_000 * P, 10);
        ulong b = rig.Submit(Codecs.Side.Sell, 61_000 * P, 20);
        ulong c = rig.Submit(Codecs.Side.Buy, 58_000 * P, 10);
        rig.PumpUntil(() => new[] { a, b, c }.All(id => rig.EngineState(id) == OrderState.Working), "three working orders");
        rig.Amend(b, Codecs.Side.Sell, 61_500 * P, 25);
        rig.PumpUntil(() => rig.EngineState(b) == OrderState.Working && rig.EnginePriceAndQuantity(b) == (61_500 * P, 25), "the amend (a modify in place)");
        lock (simulator.Gate)
        {
            BinanceUsdMOrder modified = simulator.Exchange.Find("BTCUSDT", null, "e" + b)!;
            Assert.That((modified.Price, modified.OrigQty), Is.EqualTo((61_500m, 0.025m)), "Binance has the amended order under the same ids");
        }

        rig.VenueLiquidity(buy: false, 59_000m, 0.004m);
        rig.PumpUntil(() => rig.EngineOpenOrders()[a].Filled == 4, "the first partial fill");
        rig.VenueLiquidity(buy: false, 59_000m, 0.003m);
        rig.PumpUntil(() => rig.EngineOpenOrders()[a].Filled == 7, "the second partial fill");
        rig.Cancel(c);
        rig.PumpUntil(() => rig.EngineState(c) is null, "the cancel");

        int connections = rig.Adapter.StreamConnections;
        int reconciliations = rig.Adapter.Reconciliations;
        simulator.SuspendUserDataStream();
        rig.Settle();
        rig.VenueLiquidity(buy: false, 59_000m, 0.003m);
        rig.VenueLiquidity(buy: true, 61_500m, 0.005m);
        await PlaceForeignOrderAsync(simulator, "manual1", "BUY", "50000.0", "0.010");
        rig.Settle();
        Assert.That(rig.EngineOpenOrders()[a].Filled, Is.EqualTo(7), "nothing is known while the stream is cut");

        simulator.ResumeUserDataStream();
        rig.PumpUntil(() => rig.Adapter.StreamConnections > connections && rig.Adapter.Reconciliations > reconciliations && rig.EngineState(a) is null, "the reconnect and its reconciliation");
        rig.Settle();

        Assert.That(rig.EngineOpenOrders(), Is.EqualTo(rig.VenueOpenOrders()), "the engine's open orders (quantity, filled) are the venue's");
        Assert.That(rig.EngineOpenOrders().Keys, Is.EqualTo(new[] { b }));
        Assert.That(rig.EngineOpenOrders()[b].Filled, Is.EqualTo(5));
        Assert.That(rig.EngineNetPosition(), Is.EqualTo(rig.VenueNetFilled()).And.EqualTo(10 - 5));
        lock (simulator.Gate)
        {
            Assert.That(simulator.Exchange.Position("BTCUSDT").Amount, Is.EqualTo(0.005m), "the venue's position is the engine's");
        }

        Assert.That(rig.Adapter.OrphansCanceled, Is.EqualTo(1));
        Assert.That(rig.Adapter.MissedFills, Is.EqualTo(2), "A's last fill and B's fill were made while the stream was cut");
        Assert.That(rig.Adapter.PositionBreaks, Is.Zero, rig.Log);
        Assert.That(rig.Processor.Counters.AccountingBreaks, Is.Zero);
        Assert.That(rig.Processor.Counters.UnknownExecutionReports, Is.Zero);
        Assert.That(rig.Processor.Ledger.ComputeTrialBalance().IsBalanced, Is.True);
        Assert.That(rig.Log, Does.Contain("ORPHAN").And.Contain("manual1").And.Contain("reported from myTrades"));

        ulong live = rig.Processor.StateHash();
        rig.CloseJournal();
        EngineConfig recorded = EngineConfig.Load(JournalConfigCopy.EngineFile(rig.JournalDirectory));
        JournalReplayer.Result replay = JournalReplayer.Replay(rig.JournalDirectory, recorded, new JournalReplayer.CountingOutput());
        Assert.That(replay.StateHash, Is.EqualTo(live), "the journal replays to the live state");
    }

    [Test]
    public async Task UsdM_orders_whose_answers_are_late_fail_with_500_or_lose_their_connection_are_asked_about_never_sent_twice_and_fill_once()
    {
        await using BinanceUsdMSimulator simulator = await BinanceOrderEntryRig.StartUsdMSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        BinanceFault[] faults = [new(BinanceFaultKind.Delay, DelayMillis: 2_000), new(BinanceFaultKind.ServerError), new(BinanceFaultKind.Drop)];
        var ids = new List<ulong>();
        for (int i = 0; i < faults.Length; i++)
        {
            simulator.InjectFault(faults[i]);
            ids.Add(rig.Submit(Codecs.Side.Buy, (59_000 - i) * P, 10));
            rig.PumpUntil(() => rig.EngineState(ids[^1]) == OrderState.Working, $"the order sent into fault {faults[i].Kind} to be known as working");
        }

        simulator.InjectFault(new BinanceFault(BinanceFaultKind.ServerErrorNotApplied));
        ulong lost = rig.Submit(Codecs.Side.Buy, 58_000 * P, 10);
        rig.PumpUntil(() => rig.EngineState(lost) is null, "the order that never arrived to be closed");

        Assert.That(rig.Adapter.UnknownOutcomes, Is.EqualTo(4), rig.Log);
        Assert.That(ids.Select(rig.VenueOrdersWithClientId), Is.All.EqualTo(1), "one venue order per engine order: nothing was resent under another id");
        Assert.That(rig.VenueOrdersWithClientId(lost), Is.Zero);
        Assert.That(rig.RejectReasons, Is.EqualTo(new[] { Codecs.ResultCode.VenueRejected }));

        rig.VenueLiquidity(buy: false, 58_990m, 0.030m);
        rig.PumpUntil(() => ids.All(id => rig.EngineState(id) is null), "the three orders to fill");
        rig.Settle();
        Assert.That(rig.EngineNetPosition(), Is.EqualTo(rig.VenueNetFilled()).And.EqualTo(30));
        Assert.That(rig.Adapter.FillsReported, Is.EqualTo(3));
        Assert.That(rig.Processor.Counters.Fills, Is.EqualTo(3));
        Assert.That(rig.EngineOpenOrders(), Is.EqualTo(rig.VenueOpenOrders()));
    }

    [Test]
    public async Task UsdM_refusals_reach_the_engine_as_its_result_codes_and_a_burst_over_the_order_rate_is_rate_limited()
    {
        await using BinanceUsdMSimulator simulator = await BinanceOrderEntryRig.StartUsdMSimulatorAsync(usdt: 1_000m, ordersPerTenSeconds: 4);
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        rig.VenueLiquidity(buy: false, 60_000m, 1m);

        ulong[] refused =
        [
            rig.Submit(Codecs.Side.Buy, 59_000 * P, 1_000),
            rig.Submit(Codecs.Side.Buy, 60_000 * P, 10, postOnly: true),
            rig.Submit(Codecs.Side.Buy, 59_000 * P, 1),
        ];
        rig.PumpUntil(() => refused.All(id => rig.EngineState(id) is null), "the three refusals");
        ulong working = rig.Submit(Codecs.Side.Buy, 59_000 * P, 10);
        ulong limited = rig.Submit(Codecs.Side.Buy, 59_000 * P, 10);
        rig.PumpUntil(() => rig.EngineState(limited) is null && rig.EngineState(working) == OrderState.Working, "the fifth order's refusal");

        Assert.That(rig.RejectReasons, Is.EqualTo(new[]
        {
            Codecs.ResultCode.VenueInsufficientBalance, Codecs.ResultCode.PostOnlyWouldTake, Codecs.ResultCode.NotionalBelowMinimum, Codecs.ResultCode.VenueRateLimited,
        }));
        Assert.That(rig.Log, Does.Contain("-2019 \"Margin is insufficient.\"")
            .And.Contain("-5022 \"Due to the order could not be executed as maker")
            .And.Contain("-4164 \"Order's notional must be no smaller than 100")
            .And.Contain("429 from Binance"));
        Assert.That(rig.VenueOrdersWithClientId(limited), Is.Zero);
    }

    [Test]
    public async Task UsdM_malformed_updates_unknown_order_ids_and_another_accounts_reports_are_anomalies_and_trading_goes_on()
    {
        await using BinanceUsdMSimulator simulator = await BinanceOrderEntryRig.StartUsdMSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);

        simulator.PushUserDataMessage("{\"e\":\"ORDER_TRADE_UPDATE\",\"E\":1,\"o\":{\"s\":"u8.ToArray());
        simulator.PushUserDataMessage(Encoding.UTF8.GetBytes(Update("x99", 999)));
        simulator.PushUserDataMessage(Encoding.UTF8.GetBytes(Update("e424242", 998)));
        rig.PumpUntil(() => rig.Adapter.MalformedMessages == 1 && rig.Adapter.UnknownOrderReports == 2, "the three bad messages");

        ulong id = rig.Submit(Codecs.Side.Buy, 59_000 * P, 10);
        rig.PumpUntil(() => rig.EngineState(id) == OrderState.Working, "an order after the bad messages");
        Assert.That(rig.Log, Does.Contain("ANOMALY: a user-data-stream message cannot be read").And.Contain("client id x99").And.Contain("client id e424242"));
        Assert.That(rig.Processor.Counters.UnknownExecutionReports, Is.Zero, "nothing about an unknown order was passed to the engine");
    }

    [Test]
    public async Task UsdM_position_the_engines_fills_do_not_explain_raises_a_position_break_alert_at_the_next_reconciliation()
    {
        await using BinanceUsdMSimulator simulator = await BinanceOrderEntryRig.StartUsdMSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);

        await PlaceForeignOrderAsync(simulator, "manual7", "BUY", "59000.0", "0.010");
        rig.VenueLiquidity(buy: false, 59_000m, 0.010m);
        int reconciliations = rig.Adapter.Reconciliations;
        simulator.SuspendUserDataStream();
        rig.Settle();
        simulator.ResumeUserDataStream();
        rig.PumpUntil(() => rig.Adapter.Reconciliations > reconciliations, "the reconciliation after the reconnect");
        rig.Settle();

        Assert.That(rig.Adapter.PositionBreaks, Is.EqualTo(1), rig.Log);
        Assert.That(rig.Log, Does.Contain("ALERT: position break").And.Contain("BTCUSDT Binance 0.010"));
        Assert.That(rig.Processor.Counters.Fills, Is.Zero, "the other party's fill is not the engine's");
        Assert.That(rig.Processor.Counters.VenueBreaks, Is.EqualTo(1), "the break reached the engine as a VenueAlert");
    }

    /// <summary>An order placed on the account by someone else, signed as Binance documents it (not with the adapter's writer).</summary>
    private static async Task PlaceForeignOrderAsync(BinanceUsdMSimulator simulator, string clientId, string side, string price, string quantity)
    {
        string parameters = $"symbol=BTCUSDT&side={side}&type=LIMIT&timeInForce=GTC&price={price}&quantity={quantity}&newClientOrderId={clientId}&timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}";
        string signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(BinanceOrderEntryRig.Secret), Encoding.ASCII.GetBytes(parameters)));
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var content = new StringContent($"{parameters}&signature={signature}", Encoding.ASCII, "application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/fapi/v1/order") { Content = content };
        request.Headers.Add("X-MBX-APIKEY", BinanceOrderEntryRig.ApiKey);
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private static string Update(string clientId, long orderId) =>
        $$$"""{"e":"ORDER_TRADE_UPDATE","E":1,"T":1,"o":{"s":"BTCUSDT","c":"{{{clientId}}}","S":"BUY","o":"LIMIT","f":"GTC","q":"0.010","p":"59000.0","ap":"0","sp":"0","x":"NEW","X":"NEW","i":{{{orderId}}},"l":"0","z":"0","L":"0","T":1,"t":0,"b":"0","a":"0","m":false,"R":false,"wt":"CONTRACT_PRICE","ot":"LIMIT","ps":"BOTH","cp":false,"rp":"0","pP":false,"si":0,"ss":0,"V":"NONE","pm":"NONE","gtd":0,"er":0}}""";
}
