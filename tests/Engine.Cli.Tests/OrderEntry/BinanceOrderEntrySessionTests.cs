using System.Net.Http.Headers;
using System.Text;
using Engine.Core;
using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Host;
using Engine.Primitives;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// The Binance spot order entry adapter end to end against the Binance simulator on loopback: a session of orders,
/// partial fills and cancels with the user data stream cut in the middle, a fill made while it was cut and an orphan
/// left on the venue; the engine's orders must equal the venue's at the end, its position the venue's fills, its
/// ledger balanced, and its journal must replay to the same state.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class BinanceOrderEntrySessionTests
{
    private const long P = BinanceOrderEntryRig.PriceUnits;

    [Test]
    public async Task Session_with_partial_fills_cancels_a_reconnect_an_orphan_and_a_missed_fill_ends_with_the_engines_orders_equal_to_the_venues()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);

        ulong a = rig.Submit(Codecs.Side.Buy, 59_000 * P, 1_000);
        ulong b = rig.Submit(Codecs.Side.Sell, 61_000 * P, 2_000);
        ulong c = rig.Submit(Codecs.Side.Buy, 58_000 * P, 1_000);
        rig.PumpUntil(() => new[] { a, b, c }.All(id => rig.EngineState(id) == OrderState.Working), "three working orders");

        rig.VenueLiquidity(buy: false, 59_000m, 0.004m);
        rig.PumpUntil(() => rig.EngineOpenOrders()[a].Filled == 400, "the first partial fill");
        rig.VenueLiquidity(buy: false, 59_000m, 0.003m);
        rig.PumpUntil(() => rig.EngineOpenOrders()[a].Filled == 700, "the second partial fill");
        rig.Cancel(c);
        rig.PumpUntil(() => rig.EngineState(c) is null, "the cancel");

        // The user data stream is cut: what happens now reaches the adapter only through reconciliation.
        int connections = rig.Adapter.StreamConnections;
        int reconciliations = rig.Adapter.Reconciliations;
        simulator.SuspendUserDataStream();
        rig.Settle();
        rig.VenueLiquidity(buy: false, 59_000m, 0.003m);
        rig.VenueLiquidity(buy: true, 61_000m, 0.005m);
        await PlaceForeignOrderAsync(simulator, "manual", 1, 50_000.00m, 0.001m);
        rig.Settle();
        Assert.That(rig.EngineOpenOrders()[a].Filled, Is.EqualTo(700), "nothing is known while the stream is cut");

        simulator.ResumeUserDataStream();
        rig.PumpUntil(() => rig.Adapter.StreamConnections > connections && rig.Adapter.Reconciliations > reconciliations && rig.EngineState(a) is null, "the reconnect and its reconciliation");
        rig.Settle();

        Assert.That(rig.EngineOpenOrders(), Is.EqualTo(rig.VenueOpenOrders()), "the engine's open orders (quantity, filled) are the venue's");
        Assert.That(rig.EngineOpenOrders().Keys, Is.EqualTo(new[] { b }));
        Assert.That(rig.EngineOpenOrders()[b].Filled, Is.EqualTo(500));
        Assert.That(rig.EngineNetPosition(), Is.EqualTo(rig.VenueNetFilled()).And.EqualTo(1_000 - 500));
        Assert.That(rig.Adapter.OrphansCanceled, Is.EqualTo(1));
        Assert.That(rig.Adapter.MissedFills, Is.EqualTo(2), "A's last fill and B's fill were made while the stream was cut");
        Assert.That(rig.Adapter.BalanceBreaks, Is.Zero, rig.Log);
        Assert.That((rig.Processor.Counters.VenueAlerts, rig.Processor.Counters.VenueBreaks), Is.EqualTo((3L, 0L)), "the orphan and the two recovered fills reached the journal as VenueAlerts");
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
    public async Task Admin_reconcile_makes_the_connected_gateway_cancel_an_orphan_and_a_reconcile_of_another_venue_does_not()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        ulong a = rig.Submit(Codecs.Side.Buy, 59_000 * P, 1_000);
        rig.PumpUntil(() => rig.EngineState(a) == OrderState.Working, "a working order");

        // Someone else's order on the account while the stream stays up: nothing reconciles until asked.
        await PlaceForeignOrderAsync(simulator, "manual", 1, 50_000.00m, 0.001m);
        rig.Settle();
        int reconciliations = rig.Adapter.Reconciliations;
        rig.Reconcile(otherVenue: true);
        rig.Settle();
        Assert.That((rig.Adapter.Reconciliations, rig.Adapter.OrphansCanceled), Is.EqualTo((reconciliations, 0)), "a reconcile of another venue is not this gateway's");
        Assert.That(rig.VenueOpenOrders(), Has.Count.EqualTo(2), "the orphan is still on the venue");

        rig.Reconcile();
        rig.PumpUntil(() => rig.Adapter.OrphansCanceled == 1, "the reconciliation the operator asked for");
        rig.Settle();

        Assert.That(rig.VenueOpenOrders(), Is.EqualTo(rig.EngineOpenOrders()), "the orphan is gone; the engine's order stays");
        Assert.That(rig.EngineOpenOrders().Keys, Is.EqualTo(new[] { a }));
        Assert.That(rig.Processor.Counters.VenueAlerts, Is.EqualTo(1), "the orphan canceled reached the journal as a VenueAlert");
        Assert.That(rig.Log, Does.Contain("reconciliation asked by principal 7").And.Contain("ORPHAN"));
    }

    [Test]
    public async Task Orders_whose_answers_are_late_fail_with_500_or_lose_their_connection_are_asked_about_never_sent_twice_and_fill_once()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        BinanceFault[] faults = [new(BinanceFaultKind.Delay, DelayMillis: 2_000), new(BinanceFaultKind.ServerError), new(BinanceFaultKind.Drop)];
        var ids = new List<ulong>();
        for (int i = 0; i < faults.Length; i++)
        {
            simulator.InjectFault(faults[i]);
            ids.Add(rig.Submit(Codecs.Side.Buy, (59_000 - i) * P, 100));
            rig.PumpUntil(() => rig.EngineState(ids[^1]) == OrderState.Working, $"the order sent into fault {faults[i].Kind} to be known as working");
        }

        // Refused before it was applied: Binance does not have it, and once its recvWindow has passed it never will.
        simulator.InjectFault(new BinanceFault(BinanceFaultKind.ServerErrorNotApplied));
        ulong lost = rig.Submit(Codecs.Side.Buy, 58_000 * P, 100);
        rig.PumpUntil(() => rig.EngineState(lost) is null, "the order that never arrived to be closed");

        Assert.That(rig.Adapter.UnknownOutcomes, Is.EqualTo(4), rig.Log);
        Assert.That(ids.Select(rig.VenueOrdersWithClientId), Is.All.EqualTo(1), "one venue order per engine order: nothing was resent under another id");
        Assert.That(rig.VenueOrdersWithClientId(lost), Is.Zero);
        Assert.That(rig.RejectReasons, Is.EqualTo(new[] { Codecs.ResultCode.VenueRejected }));

        rig.VenueLiquidity(buy: false, 58_990m, 0.003m);
        rig.PumpUntil(() => ids.All(id => rig.EngineState(id) is null), "the three orders to fill");
        rig.Settle();
        Assert.That(rig.EngineNetPosition(), Is.EqualTo(rig.VenueNetFilled()).And.EqualTo(300));
        Assert.That(rig.Adapter.FillsReported, Is.EqualTo(3));
        Assert.That(rig.Processor.Counters.Fills, Is.EqualTo(3));
        Assert.That(rig.EngineOpenOrders(), Is.EqualTo(rig.VenueOpenOrders()));
        Assert.That(rig.Log, Does.Contain("pending-unknown"));
    }

    [Test]
    public async Task Venue_rejects_reach_the_engine_as_its_result_codes_and_the_venues_own_text_reaches_the_journal_and_the_log()
    {
        // The venue's filters are coarser than the engine's listing, so the engine sends what the venue refuses.
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync(usdt: 100_000m, tick: 0.10m, step: 0.0001m);
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        rig.VenueLiquidity(buy: false, 60_000m, 0.01m);

        ulong[] refused =
        [
            rig.Submit(Codecs.Side.Buy, 59_000 * P, 500_000),
            rig.Submit(Codecs.Side.Buy, 60_000 * P, 100, postOnly: true),
            rig.Submit(Codecs.Side.Buy, (59_000 * P) + 5, 100),
            rig.Submit(Codecs.Side.Buy, 59_000 * P, 15),
        ];
        rig.PumpUntil(() => refused.All(id => rig.EngineState(id) is null), "the four refusals");

        Assert.That(rig.RejectReasons, Is.EqualTo(new[]
        {
            Codecs.ResultCode.VenueInsufficientBalance, Codecs.ResultCode.PostOnlyWouldTake, Codecs.ResultCode.PriceNotOnTick, Codecs.ResultCode.QuantityNotOnLot,
        }));
        Assert.That(rig.Processor.Counters.OrdersRejected, Is.EqualTo(4));
        Assert.That(rig.Log, Does.Contain("-2010 \"Account has insufficient balance for requested action.\"")
            .And.Contain("-2010 \"Order would immediately match and take.\"")
            .And.Contain("-1013 \"Filter failure: PRICE_FILTER\"")
            .And.Contain("-1013 \"Filter failure: LOT_SIZE\""));
        Assert.That(rig.RejectTexts, Is.EqualTo(new[]
        {
            "-2010 Account has insufficient balance for requested action.", "-2010 Order would immediately match and take.",
            "-1013 Filter failure: PRICE_FILTER", "-1013 Filter failure: LOT_SIZE",
        }), "the journaled ExecutionReports carry Binance's code and msg");
    }

    [Test]
    public async Task An_order_over_the_venues_order_rate_is_rejected_as_rate_limited_and_new_orders_wait_out_the_back_off()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync(ordersPerTenSeconds: 2);
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);

        ulong[] ids = [rig.Submit(Codecs.Side.Buy, 59_000 * P, 100), rig.Submit(Codecs.Side.Buy, 59_000 * P, 100), rig.Submit(Codecs.Side.Buy, 59_000 * P, 100)];
        rig.PumpUntil(() => rig.EngineState(ids[2]) is null && rig.EngineState(ids[1]) == OrderState.Working, "the third order's refusal");

        Assert.That(rig.RejectReasons, Is.EqualTo(new[] { Codecs.ResultCode.VenueRateLimited }));
        Assert.That(rig.Log, Does.Contain("429 from Binance").And.Contain("-1015"));
        Assert.That(rig.VenueOrdersWithClientId(ids[2]), Is.Zero);
    }

    [Test]
    public async Task Malformed_stream_messages_and_reports_of_unknown_orders_are_logged_as_anomalies_and_trading_goes_on()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        rig.PumpUntil(() => simulator.Exchange is not null, "start");

        simulator.PushUserDataMessage("{\"e\":\"executionReport\",\"E\":"u8.ToArray());
        simulator.PushUserDataMessage(Encoding.UTF8.GetBytes(Report("x99", 999)));
        simulator.PushUserDataMessage(Encoding.UTF8.GetBytes(Report("e424242", 998)));
        rig.PumpUntil(() => rig.Adapter.MalformedMessages == 1 && rig.Adapter.UnknownOrderReports == 2, "the three bad messages");

        ulong id = rig.Submit(Codecs.Side.Buy, 59_000 * P, 100);
        rig.PumpUntil(() => rig.EngineState(id) == OrderState.Working, "an order after the bad messages");
        Assert.That(rig.Log, Does.Contain("ANOMALY: a user-data-stream message cannot be read").And.Contain("client id x99").And.Contain("client id e424242"));
        Assert.That(rig.Processor.Counters.UnknownExecutionReports, Is.Zero, "nothing about an unknown order was passed to the engine");
    }

    [Test]
    public async Task A_session_writes_the_secret_neither_to_the_journal_nor_to_any_log_line()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync(usdt: 1_000m);
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        ulong filled = rig.Submit(Codecs.Side.Buy, 59_000 * P, 100);
        ulong refused = rig.Submit(Codecs.Side.Buy, 59_000 * P, 10_000);
        ulong canceled = rig.Submit(Codecs.Side.Sell, 61_000 * P, 100);
        rig.PumpUntil(() => rig.EngineState(refused) is null && rig.EngineState(canceled) == OrderState.Working, "orders");
        rig.VenueLiquidity(buy: false, 59_000m, 0.001m);
        rig.Cancel(canceled);
        simulator.SuspendUserDataStream();
        rig.Settle();
        simulator.ResumeUserDataStream();
        rig.PumpUntil(() => rig.EngineState(filled) is null && rig.EngineState(canceled) is null && rig.Adapter.Reconciliations >= 2, "the fill, the cancel and a reconnect");
        rig.CloseJournal();

        byte[] secret = Encoding.ASCII.GetBytes(BinanceOrderEntryRig.Secret);
        string[] journalFiles = Directory.GetFiles(rig.JournalDirectory, "*", SearchOption.AllDirectories);
        Assert.That(journalFiles, Is.Not.Empty);
        foreach (string file in journalFiles)
        {
            Assert.That(File.ReadAllBytes(file).AsSpan().IndexOf(secret), Is.EqualTo(-1), $"the secret is in {file}");
        }

        Assert.That(rig.Log, Is.Not.Empty);
        Assert.That(rig.Log, Does.Not.Contain(BinanceOrderEntryRig.Secret).And.Not.Contain(BinanceOrderEntryRig.ApiKey));
    }

    [Test]
    public async Task Balances_the_engines_fills_do_not_explain_raise_a_balance_break_alert_that_stops_the_account_when_configured()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync();
        using BinanceOrderEntryRig rig = await BinanceOrderEntryRig.StartAsync(simulator);
        ulong resting = rig.Submit(Codecs.Side.Buy, 50_000 * P, 1_000);
        rig.PumpUntil(() => rig.EngineState(resting) == OrderState.Working, "the engine's order to rest");

        // Someone else trades on the account: its balances move by fills that are not the engine's.
        await PlaceForeignOrderAsync(simulator, "manual", 7, 59_000m, 0.001m);
        rig.VenueLiquidity(buy: false, 59_000m, 0.001m);
        int reconciliations = rig.Adapter.Reconciliations;
        simulator.SuspendUserDataStream();
        rig.Settle();
        simulator.ResumeUserDataStream();
        rig.PumpUntil(() => rig.Adapter.Reconciliations > reconciliations, "the reconciliation after the reconnect");
        rig.Settle();

        Assert.That(rig.Adapter.BalanceBreaks, Is.EqualTo(1), rig.Log);
        Assert.That(rig.Log, Does.Contain("ALERT: balance break").And.Contain("BTC Binance").And.Contain("USDT Binance"));
        Assert.That(rig.Processor.Counters.Fills, Is.Zero, "the other party's fill is not the engine's");

        // Each asset's break reached the engine as a VenueAlert; risk.json's killSwitchOnVenueBreak stops the account.
        Assert.That(rig.Processor.Counters.VenueBreaks, Is.EqualTo(2));
        Assert.That(rig.Processor.Risk.IsAccountKillSwitchOn(new AccountId(1)), Is.True);
        rig.PumpUntil(() => rig.EngineState(resting) is null, "the stopped account's order to be canceled at Binance");
        Assert.That(rig.VenueOpenOrders(), Is.Empty);
    }

    [Test]
    public void A_credentials_file_others_can_read_is_refused_naming_the_file_and_never_its_contents()
    {
        using var folder = new TemporaryDirectory("engine-credentials");
        string file = Path.Combine(folder.Path, "binance.json");
        File.WriteAllText(file, $$"""{ "apiKey": "{{BinanceOrderEntryRig.ApiKey}}", "secret": "{{BinanceOrderEntryRig.Secret}}" }""");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        VenueCredentialsException? error = Assert.Throws<VenueCredentialsException>(() => VenueCredentials.FromFile(file));
        Assert.That(error!.Message, Does.Contain(file).And.Contain("644").And.Contain("chmod 600"));
        Assert.That(error.Message, Does.Not.Contain(BinanceOrderEntryRig.Secret).And.Not.Contain(BinanceOrderEntryRig.ApiKey));

        File.WriteAllText(file, "{ \"apiKey\": \"abc\", \"secret\": " + BinanceOrderEntryRig.Secret);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        error = Assert.Throws<VenueCredentialsException>(() => VenueCredentials.FromFile(file));
        Assert.That(error!.Message, Does.Contain("is not a JSON object").And.Not.Contain(BinanceOrderEntryRig.Secret));
    }

    [Test]
    public void Credentials_come_from_environment_variables_when_no_file_is_named()
    {
        const string KeyVariable = "ENGINE_TEST_BINANCE_API_KEY";
        const string SecretVariable = "ENGINE_TEST_BINANCE_API_SECRET";
        Environment.SetEnvironmentVariable(KeyVariable, null);
        VenueCredentialsException? error = Assert.Throws<VenueCredentialsException>(() => VenueCredentials.Load(null, KeyVariable, SecretVariable));
        Assert.That(error!.Message, Does.Contain(KeyVariable).And.Contain(SecretVariable));

        Environment.SetEnvironmentVariable(KeyVariable, BinanceOrderEntryRig.ApiKey);
        Environment.SetEnvironmentVariable(SecretVariable, BinanceOrderEntryRig.Secret);
        try
        {
            using VenueCredentials credentials = VenueCredentials.Load(null, KeyVariable, SecretVariable);
            Assert.That(credentials.ApiKey, Is.EqualTo(BinanceOrderEntryRig.ApiKey));
            Assert.That(Encoding.ASCII.GetString(credentials.Secret), Is.EqualTo(BinanceOrderEntryRig.Secret));
            Assert.That(credentials.ToString(), Does.Not.Contain(BinanceOrderEntryRig.Secret));
        }
        finally
        {
            Environment.SetEnvironmentVariable(KeyVariable, null);
            Environment.SetEnvironmentVariable(SecretVariable, null);
        }
    }

    /// <summary>An order placed on the account by someone else (another program, a person): not the engine's.</summary>
    internal static async Task PlaceForeignOrderAsync(BinanceSpotSimulator simulator, string prefix, ulong id, decimal price, decimal quantity)
    {
        using var signer = new HmacSha256Signer(Encoding.ASCII.GetBytes(BinanceOrderEntryRig.Secret));
        var writer = new BinanceRequestWriter(BinanceMarket.Spot, simulator.BaseAddress.Authority, BinanceOrderEntryRig.ApiKey, signer, prefix);
        var order = new VenueOrder
        {
            Symbol = "BTCUSDT"u8.ToArray(),
            PriceScale = 2,
            QuantityScale = 5,
            ClientOrderId = id,
            OrigClientOrderId = id,
            Side = Codecs.Side.Buy,
            Type = Codecs.OrderType.Limit,
            TimeInForce = Codecs.TimeInForce.GoodTillCancel,
            Price = (long)(price * 100),
            StopPrice = VenueOrder.NullPrice,
            Quantity = (long)(quantity * 100_000),
            ExpireTimeNanos = VenueOrder.NullTime,
        };
        writer.WriteNewOrder(in order, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var content = new ByteArrayContent(writer.SignedParameters.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v3/order") { Content = content };
        request.Headers.Add("X-MBX-APIKEY", BinanceOrderEntryRig.ApiKey);
        using HttpResponseMessage response = await http.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200), await response.Content.ReadAsStringAsync());
    }

    private static string Report(string clientId, long orderId) =>
        $$"""{"e":"executionReport","E":1,"s":"BTCUSDT","c":"{{clientId}}","S":"BUY","o":"LIMIT","f":"GTC","q":"0.00100000","p":"59000.00000000","P":"0.00000000","F":"0.00000000","g":-1,"C":"","x":"NEW","X":"NEW","r":"NONE","i":{{orderId}},"l":"0.00000000","z":"0.00000000","L":"0.00000000","n":"0","N":null,"T":1,"t":-1,"I":1,"w":true,"m":false,"M":false,"O":1,"Z":"0.00000000","Y":"0.00000000","Q":"0.00000000","W":1,"V":"EXPIRE_MAKER"}""";
}
