using System.Diagnostics;
using Engine.Cli.Tests.Support;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Gateways.VenueSimulators.Binance.UsdM;
using Engine.Transport;
using Engine.Transport.Egress;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// <c>engine gateway venue --venue binance --order-rest-url ...</c> as a real process against the Binance simulator on
/// loopback, the test playing the engine on a real transport file: a NewOrder on egress becomes an order on the venue,
/// and what the venue does to it comes back on ingress as the engine's ExecutionReports.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VenueGatewayOrderEntryTests
{
    [Test]
    public async Task Gateway_process_sends_the_engines_order_to_binance_and_journals_its_acknowledgement_and_fill_as_execution_reports()
    {
        await using BinanceSpotSimulator simulator = await BinanceOrderEntryRig.StartSimulatorAsync();
        using var folder = new TemporaryDirectory("engine-gateway-orders");
        string credentials = Path.Combine(folder.Path, "binance.json");
        File.WriteAllText(credentials, $$"""{ "apiKey": "{{BinanceOrderEntryRig.ApiKey}}", "secret": "{{BinanceOrderEntryRig.Secret}}" }""");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var options = new TransportOptions { Directory = folder.Path, Name = "engine-ipc", IngressCapacity = 1 << 20, EgressCapacity = 1 << 16, MaxClients = 4 };
        using TransportFile transport = TransportFile.CreateForEngine(options);
        string rest = simulator.BaseAddress.ToString().TrimEnd('/');
        using var gateway = new GatewayProcess(transport,
        [
            "gateway", "venue", "--venue", "binance", "--instruments", "BTC-USDT", "--transport", transport.Path,
            "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"),
            "--ws-url", rest.Replace("http://", "ws://", StringComparison.Ordinal), "--rest-url", rest,
            "--order-rest-url", rest, "--credentials", credentials,
        ]);
        Assert.That(gateway.PumpUntil(() => gateway.Output.Contains("reconciled (1)", StringComparison.Ordinal), TimeSpan.FromSeconds(60)), Is.True, gateway.Output);

        var transmitter = new BroadcastTransmitter(transport.EgressBuffer);
        byte[] order = NewOrder(clientOrderId: 77, price: 5_900_000, quantity: 200_000);
        transmitter.Transmit(Codecs.NewOrderEncoder.TemplateId, order);
        Assert.That(gateway.PumpUntil(() => Reports(gateway).Contains((Codecs.ExecType.New, 77UL)), TimeSpan.FromSeconds(60)), Is.True, gateway.Output);

        lock (simulator.Gate)
        {
            simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            simulator.Exchange.AddLiquidity(symbol, buy: false, 59_000m, 0.002m, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        Assert.That(gateway.PumpUntil(() => Reports(gateway).Contains((Codecs.ExecType.Trade, 77UL)), TimeSpan.FromSeconds(60)), Is.True, gateway.Output);
        Assert.That(gateway.Terminate(), Is.Zero, gateway.Output);

        List<(Codecs.ExecType Type, ulong Order, long LastQuantity, ushort Venue)> reports;
        lock (gateway.Engine.ExecutionReports)
        {
            reports = [.. gateway.Engine.ExecutionReports];
        }

        Assert.That(reports.Select(r => (r.Type, r.Order, r.LastQuantity)), Is.EqualTo(new[] { (Codecs.ExecType.New, 77UL, 0L), (Codecs.ExecType.Trade, 77UL, 200_000L) }));
        Assert.That(reports.Select(r => r.Venue), Is.All.EqualTo((ushort)1));
        Assert.That(gateway.Output, Does.Contain("order entry: reports 2, fills 1").And.Not.Contain(BinanceOrderEntryRig.Secret));
    }

    [Test]
    public async Task UsdM_gateway_process_trades_on_fapi_and_once_killed_its_countdown_makes_binance_cancel_every_open_order()
    {
        await using BinanceUsdMSimulator simulator = await BinanceUsdMSimulator.StartAsync(new BinanceSimulatorOptions
        {
            ApiKey = BinanceOrderEntryRig.ApiKey,
            Secret = System.Text.Encoding.ASCII.GetBytes(BinanceOrderEntryRig.Secret),
            Symbols = [new BinanceSymbol("BTCUSDT", "BTC", "USDT", TickSize: 0.1m, StepSize: 0.001m, MinQuantity: 0.001m, MinNotional: 100m)],
            Balances = new Dictionary<string, decimal> { ["USDT"] = 100_000m },
        });
        using var folder = new TemporaryDirectory("engine-gateway-usdm");
        string credentials = Path.Combine(folder.Path, "binance.json");
        File.WriteAllText(credentials, $$"""{ "apiKey": "{{BinanceOrderEntryRig.ApiKey}}", "secret": "{{BinanceOrderEntryRig.Secret}}" }""");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var options = new TransportOptions { Directory = folder.Path, Name = "engine-ipc", IngressCapacity = 1 << 20, EgressCapacity = 1 << 16, MaxClients = 4 };
        using TransportFile transport = TransportFile.CreateForEngine(options);
        string rest = simulator.BaseAddress.ToString().TrimEnd('/');
        using var gateway = new GatewayProcess(transport,
        [
            "gateway", "venue", "--venue", "binance-usdm", "--instruments", "BTC-USDT-PERP", "--transport", transport.Path,
            "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"),
            "--ws-url", rest.Replace("http://", "ws://", StringComparison.Ordinal), "--rest-url", rest,
            "--order-rest-url", rest, "--credentials", credentials, "--countdown-ms", "3000",
        ]);
        Assert.That(gateway.PumpUntil(() => gateway.Output.Contains("reconciled (1)", StringComparison.Ordinal) && CountdownArmed(simulator), TimeSpan.FromSeconds(60)), Is.True, gateway.Output);

        // config/instruments.json: BINANCE_USDM is venue 7, BTC-USDT-PERP instrument 5, at scales 1 and 3.
        var transmitter = new BroadcastTransmitter(transport.EgressBuffer);
        transmitter.Transmit(Codecs.NewOrderEncoder.TemplateId, NewOrder(clientOrderId: 81, price: 500_000, quantity: 10, venueId: 7, instrumentId: 5));
        transmitter.Transmit(Codecs.NewOrderEncoder.TemplateId, NewOrder(clientOrderId: 82, price: 490_000, quantity: 10, venueId: 7, instrumentId: 5));
        Assert.That(gateway.PumpUntil(() => Reports(gateway).Contains((Codecs.ExecType.New, 81UL)) && Reports(gateway).Contains((Codecs.ExecType.New, 82UL)), TimeSpan.FromSeconds(60)), Is.True, gateway.Output);
        lock (simulator.Gate)
        {
            simulator.Exchange.TryGetSymbol("BTCUSDT", out BinanceSymbol symbol);
            simulator.Exchange.AddLiquidity(symbol, buy: false, 50_000m, 0.004m, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        Assert.That(gateway.PumpUntil(() => Reports(gateway).Contains((Codecs.ExecType.Trade, 81UL)), TimeSpan.FromSeconds(60)), Is.True, gateway.Output);

        gateway.Kill();
        lock (simulator.Gate)
        {
            Assert.That(simulator.Exchange.OpenOrders("BTCUSDT").Count(), Is.EqualTo(2), "the gateway died with both orders working");
        }

        var waited = Stopwatch.StartNew();
        while (OpenOrders(simulator) > 0 && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        lock (simulator.Gate)
        {
            Assert.That(simulator.Exchange.OpenOrders(null), Is.Empty, "Binance's countdown canceled what the dead gateway left");
            Assert.That(simulator.Exchange.Find("BTCUSDT", null, "e81")!.Status, Is.EqualTo("CANCELED"));
            Assert.That(simulator.Exchange.Find("BTCUSDT", null, "e81")!.ExecutedQty, Is.EqualTo(0.004m));
            Assert.That(simulator.Exchange.Position("BTCUSDT").Amount, Is.EqualTo(0.004m), "the fill stays: only orders are canceled");
        }

        List<(Codecs.ExecType Type, ulong Order, long LastQuantity, ushort Venue)> reports;
        lock (gateway.Engine.ExecutionReports)
        {
            reports = [.. gateway.Engine.ExecutionReports];
        }

        Assert.That(reports.Where(r => r.Type == Codecs.ExecType.Trade).Select(r => (r.Order, r.LastQuantity)), Is.EqualTo(new[] { (81UL, 4L) }));
        Assert.That(reports.Select(r => r.Venue), Is.All.EqualTo((ushort)7));
        Assert.That(gateway.Output, Does.Not.Contain(BinanceOrderEntryRig.Secret));
    }

    [Test]
    public void Credentials_file_others_can_read_stops_the_gateway_before_it_connects_naming_the_file_and_not_the_secret()
    {
        using var folder = new TemporaryDirectory("engine-gateway-credentials");
        string credentials = Path.Combine(folder.Path, "binance.json");
        File.WriteAllText(credentials, $$"""{ "apiKey": "{{BinanceOrderEntryRig.ApiKey}}", "secret": "{{BinanceOrderEntryRig.Secret}}" }""");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        EngineRun run = EngineProcess.Run("gateway", "venue", "--venue", "binance", "--instruments", "BTC-USDT", "--transport", Path.Combine(folder.Path, "none"),
            "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"), "--order-rest-url", "http://127.0.0.1:9", "--credentials", credentials);

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError.Trim(), Does.StartWith("engine: error: credentials file " + credentials).And.Contain("chmod 600"));
        Assert.That(run.StandardOutput + run.StandardError, Does.Not.Contain(BinanceOrderEntryRig.Secret));
    }

    [Test]
    public void Order_entry_with_a_replay_is_a_usage_error()
    {
        EngineRun run = EngineProcess.Run("gateway", "venue", "--venue", "binance", "--instruments", "BTC-USDT", "--transport", "x",
            "--replay", "y", "--order-rest-url", "http://127.0.0.1:9");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardError);
        Assert.That(run.StandardError, Does.Contain("--order-rest-url: order entry is available for the live binance (spot) and binance-usdm venues"));
    }

    private static List<(Codecs.ExecType, ulong)> Reports(GatewayProcess gateway)
    {
        lock (gateway.Engine.ExecutionReports)
        {
            return [.. gateway.Engine.ExecutionReports.Select(r => (r.Type, r.Order))];
        }
    }

    private static bool CountdownArmed(BinanceUsdMSimulator simulator)
    {
        lock (simulator.Gate)
        {
            return simulator.Exchange.CountdownDeadline("BTCUSDT") is not null;
        }
    }

    private static int OpenOrders(BinanceUsdMSimulator simulator)
    {
        lock (simulator.Gate)
        {
            return simulator.Exchange.OpenOrders(null).Count();
        }
    }

    /// <summary>A NewOrder as the engine publishes it, by default for BINANCE BTC-USDT (config/instruments.json: venue 1, instrument 1, scales 2 and 8).</summary>
    private static byte[] NewOrder(ulong clientOrderId, long price, long quantity, ushort venueId = 1, uint instrumentId = 1)
    {
        var buffer = new byte[256];
        var order = Codecs.NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
        order.ClientOrderId = clientOrderId;
        order.AccountId = 1;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(Codecs.PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = long.MinValue;
        order.SendingTime = Stopwatch.GetTimestamp();
        order.InstrumentId = instrumentId;
        order.StrategyId = 1;
        order.Side = Codecs.Side.Buy;
        order.OrderType = Codecs.OrderType.Limit;
        order.TimeInForce = Codecs.TimeInForce.GoodTillCancel;
        order.Flags = 0;
        order.VenueId = venueId;
        order.TriggerTime = long.MinValue;
        return buffer.AsSpan(0, Codecs.EngineSchema.HeaderLength + order.EncodedLength).ToArray();
    }
}
