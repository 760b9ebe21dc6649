using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Engine.Codecs;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.Deribit.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.VenueSimulators.Deribit;
using NUnit.Framework;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// The Deribit order-entry adapter against the Deribit simulator on loopback, fed the engine's SBE requests the way
/// the gateway's duty cycle feeds it and read back as the engine's ExecutionReports and VenueAlerts: a session (partial
/// fills, an amend, cancels, a refusal with Deribit's words), the faults (late answer, an answer that never comes, a
/// dropped socket after the request was applied), reconciliation (orphans, a position break), token refresh, and the
/// secret kept out of the log.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DeribitOrderEntryAdapterTests
{
    private const string ClientId = "adapterClient1";
    private const string Secret = "adapterSecret9f8e7d6c5b4a";
    private const string Btc = "BTC-PERPETUAL";
    private const ushort VenueId = 7;
    private const uint InstrumentId = 1;

    private readonly List<Report> _reports = [];
    private readonly List<(VenueAlertKind Kind, string Text)> _alerts = [];
    private DeribitSimulator _simulator = null!;
    private DeribitOrderEntryAdapter _adapter = null!;
    private VenueCredentials _credentials = null!;
    private StringWriter _log = null!;
    private HttpClient _http = null!;
    private string _directory = null!;

    [SetUp]
    public async Task SetUp() => await StartAsync(accessTokenSeconds: 900);

    [TearDown]
    public async Task TearDown()
    {
        _adapter.Dispose();
        _credentials.Dispose();
        _http.Dispose();
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        string log = _log.ToString();
        _log.Dispose();
        Assert.That(log, Does.Not.Contain(Secret), "the secret never reaches the log");
    }

    [Test]
    public async Task Session_reports_new_partial_fills_an_amend_a_cancel_and_a_refusal_with_deribits_words()
    {
        Send(NewOrder(11, Side.Buy, price: 500_000, quantity: 1_000));
        await UntilAsync(() => Has(11, ExecType.New));
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=50000&amount=300");
        await UntilAsync(() => Fills(11).Count == 1);
        Send(Amend(12, order: 11, price: 499_000, quantity: 1_200));
        await UntilAsync(() => Has(11, ExecType.Replaced));
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=49900&amount=200");
        await UntilAsync(() => Fills(11).Count == 2);
        Send(Cancel(13, order: 11));
        await UntilAsync(() => Has(11, ExecType.Canceled));
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=51000&amount=100");
        Send(NewOrder(14, Side.Buy, price: 510_000, quantity: 100, postOnly: true));
        await UntilAsync(() => Has(14, ExecType.Rejected));

        Report canceled = _reports.Single(r => r.Order == 11 && r.Type == ExecType.Canceled);
        Assert.That(canceled.Request, Is.EqualTo(13UL), "reported under the cancel request");
        Assert.That(canceled.Cumulative, Is.EqualTo(500));
        Assert.That(Fills(11).Select(f => (f.LastPrice, f.LastQuantity)), Is.EqualTo(new[] { (500_000L, 300L), (499_000L, 200L) }));
        Assert.That(_reports.Single(r => r.Order == 11 && r.Type == ExecType.Replaced).Request, Is.EqualTo(12UL));
        Report refused = _reports.Single(r => r.Order == 14);
        Assert.That(refused.Reason, Is.EqualTo(ResultCode.PostOnlyWouldTake));
        Assert.That(refused.Text, Is.EqualTo("11054 post_only_reject"));
        Assert.That(_reports.Count(r => r.Type == ExecType.New), Is.EqualTo(1), "New once for 11; the refused 14 never was");
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.Position(Btc).Size, Is.EqualTo(500m), "the engine's fills are the venue's position");
            Assert.That(_simulator.Exchange.OpenOrders(_ => true), Is.Empty);
        }
    }

    [Test]
    public async Task A_dropped_socket_after_the_order_was_applied_loses_no_fill_and_sends_no_duplicate()
    {
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=50000&amount=1000");
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.Drop));

        Send(NewOrder(21, Side.Buy, price: 500_000, quantity: 400));

        await UntilAsync(() => Fills(21).Sum(f => f.LastQuantity) == 400 && _adapter.Connections >= 2 && _alerts.Count > 0);
        Assert.That(_adapter.MissedFills, Is.EqualTo(1), "the fill was learned by asking for the label");
        Assert.That(_alerts.Select(a => a.Kind), Does.Contain(VenueAlertKind.MissedFillRecovered));
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OrdersWithLabel("e21", "BTC").Count(), Is.EqualTo(1), "never sent again");
            Assert.That(_simulator.Exchange.Position(Btc).Size, Is.EqualTo(400m));
        }
    }

    [Test]
    public async Task A_late_answer_after_the_timeout_reports_the_order_once_and_sends_it_once()
    {
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.Delay, DelayMillis: 2_500));

        Send(NewOrder(31, Side.Buy, price: 490_000, quantity: 100));

        await UntilAsync(() => _adapter.UnknownOutcomes == 1 && Has(31, ExecType.New));
        await Task.Delay(3_000);
        await UntilAsync(() => true);
        Assert.That(_reports.Count(r => r.Order == 31), Is.EqualTo(1), "New once: from user.orders, not again from the late answer");
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OrdersWithLabel("e31", "BTC").Count(), Is.EqualTo(1), "never sent again");
        }
    }

    [Test]
    public async Task An_edit_whose_answer_never_comes_is_settled_from_deribits_order_once()
    {
        Send(NewOrder(35, Side.Buy, price: 480_000, quantity: 100));
        await UntilAsync(() => Has(35, ExecType.New));
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.InternalError));

        Send(Amend(36, order: 35, price: 481_000, quantity: 200));

        await UntilAsync(() => Has(35, ExecType.Replaced));
        await Task.Delay(1_500);
        await UntilAsync(() => true);
        Assert.That(_reports.Where(r => r.Order == 35).Select(r => r.Type).ToArray(), Is.EqualTo(new[] { ExecType.New, ExecType.Replaced }), "the edit took effect at Deribit: Replaced once, never refused");
    }

    [Test]
    public async Task A_cancel_deribit_did_not_apply_is_repeated_until_the_order_is_cancelled()
    {
        Send(NewOrder(37, Side.Buy, price: 480_000, quantity: 100));
        await UntilAsync(() => Has(37, ExecType.New));
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.Unavailable));

        Send(Cancel(38, order: 37));

        await UntilAsync(() => Has(37, ExecType.Canceled));
        Assert.That(_reports.Where(r => r.Order == 37).Select(r => (r.Type, r.Request)).ToArray(), Is.EqualTo(new[] { (ExecType.New, 37UL), (ExecType.Canceled, 38UL) }), "no refusal: the cancel was sent again");
    }

    [Test]
    public async Task A_request_deribit_never_applied_is_rejected_once_its_valid_until_has_passed()
    {
        _simulator.InjectFault(new DeribitFault(DeribitFaultKind.Unavailable));

        Send(NewOrder(41, Side.Buy, price: 490_000, quantity: 100));

        await UntilAsync(() => Has(41, ExecType.Rejected));
        Assert.That(_reports.Single(r => r.Order == 41).Text, Does.Contain("no order labelled e41"));
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OrdersWithLabel("e41", "BTC"), Is.Empty, "never resent under any label");
        }
    }

    [Test]
    public async Task Reconnect_cancels_orphans_and_alerts_a_position_break_from_a_foreign_fill()
    {
        Send(NewOrder(51, Side.Buy, price: 480_000, quantity: 100));
        await UntilAsync(() => Has(51, ExecType.New));
        await HttpBuyAsync("instrument_name=BTC-PERPETUAL&amount=50&type=limit&price=47000&label=manual1");
        await ControlAsync("liquidity", $"instrument_name={Btc}&direction=sell&price=50000&amount=30");
        await HttpBuyAsync("instrument_name=BTC-PERPETUAL&amount=30&type=market&label=manual2");

        await ControlAsync("disconnect", string.Empty);

        await UntilAsync(() => _alerts.Count >= 2 && Has(51, ExecType.Canceled));
        Assert.That((_adapter.OrphansCanceled, _adapter.PositionBreaks), Is.EqualTo((1, 1)));
        Assert.That(_reports.Single(r => r.Order == 51 && r.Type == ExecType.Canceled).Text, Is.EqualTo("cancel_reason cancel_on_disconnect"));
        Assert.That(_alerts.Select(a => a.Kind), Is.SupersetOf(new[] { VenueAlertKind.OrphanCanceled, VenueAlertKind.PositionBreak }));
        Assert.That(_log.ToString(), Does.Contain("ORPHAN").And.Contain("ALERT: position break"));
        lock (_simulator.Gate)
        {
            Assert.That(_simulator.Exchange.OpenOrders(_ => true), Is.Empty);
        }
    }

    [Test]
    public async Task The_access_token_is_refreshed_before_it_expires()
    {
        _adapter.Dispose();
        _credentials.Dispose();
        _http.Dispose();
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
        _log.Dispose();
        await StartAsync(accessTokenSeconds: 1);

        await UntilAsync(() => _adapter.TokenRefreshes >= 2);
        Send(NewOrder(61, Side.Buy, price: 480_000, quantity: 100));
        await UntilAsync(() => Has(61, ExecType.New));
        Assert.That(_adapter.Connections, Is.EqualTo(1), "refreshed on the same connection");
    }

    [Test]
    public async Task Notifications_about_orders_the_engine_did_not_send_are_anomalies_not_reports()
    {
        await UntilAsync(() => _adapter.Connections == 1);
        _simulator.PushRaw("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"user.orders.BTC-PERPETUAL.raw","data":{"order_id":"999","label":"e999","order_state":"open","filled_amount":0,"amount":10,"price":1,"last_update_timestamp":1}}}""");
        _simulator.PushRaw("{not json");
        _simulator.PushRaw("""{"jsonrpc":"2.0","method":"subscription","params":{"channel":"user.trades.BTC-PERPETUAL.raw","data":[{"trade_id":"5","label":"other","price":1,"amount":10,"timestamp":1}]}}""");

        await UntilAsync(() => _adapter.UnknownOrderReports == 2 && _adapter.MalformedMessages == 1);
        Assert.That(_reports, Is.Empty);
    }

    private async Task StartAsync(int accessTokenSeconds)
    {
        _reports.Clear();
        _alerts.Clear();
        _simulator = await DeribitSimulator.StartAsync(new DeribitSimulatorOptions
        {
            ClientId = ClientId,
            ClientSecret = Secret,
            Instruments = [new DeribitInstrument(Btc, "BTC", 0.5m, 10m, 10m)],
            Balances = new Dictionary<string, decimal> { ["BTC"] = 1m },
            AccessTokenSeconds = accessTokenSeconds,
        });
        _directory = Directory.CreateTempSubdirectory("deribit-adapter").FullName;
        string file = Path.Combine(_directory, "credentials.json");
        File.WriteAllText(file, new JsonObject { ["apiKey"] = ClientId, ["secret"] = Secret }.ToJsonString());
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _credentials = VenueCredentials.FromFile(file);
        _log = new StringWriter();
        _http = new HttpClient();
        var options = new DeribitOrderEntryOptions
        {
            WebSocketUri = _simulator.WebSocketAddress,
            RequestTimeout = TimeSpan.FromSeconds(1),
            RefreshAt = 0.5,
        };
        _adapter = new DeribitOrderEntryAdapter(options, _credentials, "DERIBIT", VenueId, [(new OrderEntryInstrument(Btc, InstrumentId, VenueId, priceScale: 1, quantityScale: 0), "BTC")], _log);
        _adapter.Start();
        await UntilAsync(() => _adapter.Connections >= 1);
    }

    private void Send(byte[] request)
    {
        var sink = new Collector();
        _adapter.OnEngineRequest(MessageHeaderDecoderTemplate(request), request, 0, ref sink);
    }

    private static int MessageHeaderDecoderTemplate(byte[] message) => new MessageHeaderDecoder(message, 0, EngineSchema.Version).TemplateId;

    /// <summary>Runs the duty cycle's side (DoWork) until <paramref name="done"/>, at most 20 s.</summary>
    private async Task UntilAsync(Func<bool> done)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var sink = new Collector();
            _adapter.DoWork(0, ref sink);
            foreach ((int template, byte[] frame) in sink.Frames)
            {
                if (template == ExecutionReportDecoder.TemplateId)
                {
                    var report = ExecutionReportDecoder.WrapWithHeader(frame, 0);
                    _reports.Add(new Report(report.OrigClientOrderId, report.ClientOrderId, report.ExecType, report.OrderStatus, report.ExecId, report.LastPrice.Mantissa, report.LastQuantity.Mantissa, report.CumulativeQuantity.Mantissa, (ResultCode)report.RejectReason, report.TextAsString()));
                }
                else if (template == VenueAlertDecoder.TemplateId)
                {
                    var alert = VenueAlertDecoder.WrapWithHeader(frame, 0);
                    _alerts.Add((alert.Kind, alert.TextAsString()));
                }
            }

            if (done())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"not reached in 20 s; reports: {string.Join("; ", _reports)}; log: {_log}");
            }

            await Task.Delay(10);
        }
    }

    private bool Has(ulong order, ExecType type) => _reports.Any(r => r.Order == order && r.Type == type);

    private List<Report> Fills(ulong order) => [.. _reports.Where(r => r.Order == order && r.Type == ExecType.Trade)];

    private async Task ControlAsync(string path, string query)
    {
        HttpResponseMessage response = await _http.PostAsync(new Uri(_simulator.BaseAddress, $"/sim/v1/{path}?{query}"), null);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>An order of the same account made elsewhere (Deribit's web page, another program): JSON-RPC over HTTP with Basic authorization.</summary>
    private async Task HttpBuyAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_simulator.BaseAddress, "/api/v2/private/buy?" + query));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ClientId}:{Secret}")));
        HttpResponseMessage response = await _http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    private static byte[] NewOrder(ulong id, Side side, long price, long quantity, bool postOnly = false)
    {
        byte[] frame = new byte[256];
        var order = NewOrderEncoder.WrapAndApplyHeader(frame, 0);
        order.ClientOrderId = id;
        order.AccountId = 1;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.InstrumentId = InstrumentId;
        order.StrategyId = 1;
        order.Side = side;
        order.OrderType = OrderType.Limit;
        order.TimeInForce = TimeInForce.GoodTillCancel;
        order.Flags = postOnly ? OrderFlags.PostOnly : 0;
        order.VenueId = VenueId;
        return frame[..order.Limit];
    }

    private static byte[] Cancel(ulong id, ulong order)
    {
        byte[] frame = new byte[128];
        var cancel = CancelOrderEncoder.WrapAndApplyHeader(frame, 0);
        cancel.ClientOrderId = id;
        cancel.OrigClientOrderId = order;
        cancel.AccountId = 1;
        cancel.InstrumentId = InstrumentId;
        cancel.Side = Side.Buy;
        cancel.VenueId = VenueId;
        return frame[..cancel.Limit];
    }

    private static byte[] Amend(ulong id, ulong order, long price, long quantity)
    {
        byte[] frame = new byte[128];
        var amend = AmendOrderEncoder.WrapAndApplyHeader(frame, 0);
        amend.ClientOrderId = id;
        amend.OrigClientOrderId = order;
        amend.AccountId = 1;
        amend.Price.SetMantissa(price);
        amend.Quantity.SetMantissa(quantity);
        amend.InstrumentId = InstrumentId;
        amend.VenueId = VenueId;
        return frame[..amend.Limit];
    }

    private sealed record Report(ulong Order, ulong Request, ExecType Type, OrderStatus Status, ulong ExecId, long LastPrice, long LastQuantity, long Cumulative, ResultCode Reason, string Text);

    private struct Collector : IFrameSink
    {
        private List<(int, byte[])>? _frames;

        public readonly List<(int, byte[])> Frames => _frames ?? [];

        public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage) => (_frames ??= []).Add((templateId, sbeMessage.ToArray()));
    }
}
