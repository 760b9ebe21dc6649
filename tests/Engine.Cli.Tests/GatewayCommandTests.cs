using System.Diagnostics;
using Engine.Codecs;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine gateway sim</c> as a real process attached to a real transport file; the test process plays the engine
/// (it creates the file, heartbeats, reads ingress and writes egress).
/// </summary>
[TestFixture]
public sealed class GatewayCommandTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(60);

    private string _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "engine-gateway-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public void Sim_WithoutARunningEngine_FailsWithOneClearLine()
    {
        string missing = Path.Combine(_temp, "engine-ipc");

        EngineRun run = EngineProcess.Run("gateway", "sim", "--transport", missing, "--instruments", InstrumentsFile());

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError.Trim(), Does.StartWith("engine: error: ").And.Contain(missing).And.Contain("no engine transport file"));
        Assert.That(run.StandardError.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void Sim_OnAFileThatIsNotATransportFile_FailsNamingIt()
    {
        string impostor = Path.Combine(_temp, "impostor");
        File.WriteAllBytes(impostor, new byte[8192]);

        EngineRun run = EngineProcess.Run("gateway", "sim", "--transport", impostor, "--instruments", InstrumentsFile());

        Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardError);
        Assert.That(run.StandardError.Trim(), Does.Contain(impostor).And.Contain("not an engine transport file"));
    }

    [Test]
    public void Sim_NegativeSeed_IsAUsageError()
    {
        EngineRun run = EngineProcess.Run("gateway", "sim", "--transport", Path.Combine(_temp, "x"), "--seed", "-1");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("--seed must not be negative"));
    }

    [Test]
    public void Sim_MissingInstrumentsFile_FailsNamingIt()
    {
        string instruments = Path.Combine(_temp, "nope.json");

        EngineRun run = EngineProcess.Run("gateway", "sim", "--transport", Path.Combine(_temp, "x"), "--instruments", instruments);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain(instruments));
    }

    [Test]
    public void Sim_AttachedToAnEngine_PublishesMarketData_FillsAnOrder_AndExitsWhenTheEngineGoesAway()
    {
        var options = new TransportOptions { Directory = _temp, Name = "engine-ipc", IngressCapacity = 1 << 20, EgressCapacity = 1 << 16, MaxClients = 4 };
        TransportFile transport = TransportFile.CreateForEngine(options);
        using Process gateway = StartGateway(transport.Path);
        var output = new System.Text.StringBuilder();
        gateway.OutputDataReceived += (_, e) => Append(output, e.Data);
        gateway.ErrorDataReceived += (_, e) => Append(output, e.Data);
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            var frames = new IngressFrames();
            var transmitter = new BroadcastTransmitter(transport.EgressBuffer);

            // Market data arrives: a two-sided top of book for BTC-USDT (instrument 1) on venue SIM.
            (long Bid, long Ask) top = default;
            Pump(transport, frames, gateway, output, () => frames.TryGetLastTop(1, out top) && top.Ask != PriceOptionalDecoder.MantissaNullValue);
            Assert.That(transport.Clients.ActiveCount, Is.EqualTo(1), "the gateway registered in the client table");
            Assert.That(top.Bid, Is.LessThan(top.Ask));

            // An order that crosses the offer (one dollar through it) is accepted and filled.
            long limit = top.Ask + 100;
            transmitter.Transmit(NewOrderEncoder.TemplateId, NewOrder(77, instrumentId: 1, limit, quantity: 1_000));
            Pump(transport, frames, gateway, output, () => frames.Reports(77).Any(r => r.Status is OrderStatus.Filled or OrderStatus.PartiallyFilled));
            Report[] reports = [.. frames.Reports(77)];
            Assert.That(reports[0].Type, Is.EqualTo(ExecType.New));
            Assert.That(reports.Where(r => r.Type == ExecType.Trade).Select(r => r.LastPrice), Is.All.LessThanOrEqualTo(limit));
            Assert.That(frames.TradePrints, Is.GreaterThan(0));

            // The engine goes away (its file is removed): the gateway notices and exits cleanly.
            transport.Dispose();
            Assert.That(gateway.WaitForExit(s_patience), Is.True, "the gateway exits once the engine is gone\n" + Snapshot(output));
            gateway.WaitForExit();
            Assert.That(gateway.ExitCode, Is.Zero, Snapshot(output));
            Assert.That(Snapshot(output), Does.Contain("gateway sim: stopped (the engine removed its transport file)"));
        }
        finally
        {
            transport.Dispose();
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
            }
        }
    }

    [Test]
    public void Sim_OnSigterm_StopsCleanly_AndPrintsItsSummary()
    {
        var options = new TransportOptions { Directory = _temp, Name = "engine-ipc", IngressCapacity = 1 << 20, EgressCapacity = 1 << 16, MaxClients = 4 };
        using TransportFile transport = TransportFile.CreateForEngine(options);
        using Process gateway = StartGateway(transport.Path);
        var output = new System.Text.StringBuilder();
        gateway.OutputDataReceived += (_, e) => Append(output, e.Data);
        gateway.ErrorDataReceived += (_, e) => Append(output, e.Data);
        gateway.BeginOutputReadLine();
        gateway.BeginErrorReadLine();
        try
        {
            var frames = new IngressFrames();
            Pump(transport, frames, gateway, output, () => frames.TryGetLastTop(1, out _));

            using (Process kill = Process.Start("kill", ["-TERM", gateway.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            // Keep playing the engine while the gateway winds down, so it is not stopped for another reason.
            Pump(transport, frames, gateway, output, () => gateway.HasExited, allowExit: true);
            gateway.WaitForExit();
            Assert.That(gateway.ExitCode, Is.Zero, Snapshot(output));
            Assert.That(Snapshot(output), Does.Contain("gateway sim: stopped (stop requested)"));
        }
        finally
        {
            if (!gateway.HasExited)
            {
                gateway.Kill(entireProcessTree: true);
            }
        }
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(System.Text.StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    /// <summary>Plays the engine's receiver (heartbeat, read ingress) until the condition holds.</summary>
    private static void Pump(TransportFile transport, IngressFrames frames, Process gateway, System.Text.StringBuilder output, Func<bool> done, bool allowExit = false)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            if (gateway.HasExited && !allowExit)
            {
                Assert.Fail("the gateway exited early:\n" + Snapshot(output));
            }

            if (deadline.Elapsed > s_patience)
            {
                Assert.Fail("timed out waiting for the gateway:\n" + Snapshot(output));
            }

            transport.EngineHeartbeatTicks = Stopwatch.GetTimestamp();
            var handler = new IngressHandler(frames);
            if (transport.Ingress.Read(ref handler, 1_000) == 0)
            {
                Thread.Sleep(1);
            }
        }
    }

    private static Process StartGateway(string transportPath)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"));
        foreach (string argument in new[] { "gateway", "sim", "--transport", transportPath, "--instruments", InstrumentsFile(), "--seed", "7" })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>SIM's id in config/instruments.json (the ninth venue): an order names the venue whose gateway acts on it.</summary>
    private static ushort SimVenueId => (ushort)Engine.Model.InstrumentConfig.Parse(File.ReadAllText(InstrumentsFile()), "instruments.json").Venues.Single(v => v.Code == "SIM").Id.Value;

    private static byte[] NewOrder(ulong clientOrderId, uint instrumentId, long price, long quantity)
    {
        byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + NewOrderEncoder.BlockLength];
        var order = NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
        order.ClientOrderId = clientOrderId;
        order.AccountId = 7;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.SendingTime = 0;
        order.InstrumentId = instrumentId;
        order.StrategyId = 1;
        order.Side = Side.Buy;
        order.OrderType = OrderType.Limit;
        order.TimeInForce = TimeInForce.GoodTillCancel;
        order.Flags = 0;
        order.VenueId = SimVenueId;
        order.TriggerTime = NewOrderEncoder.TriggerTimeNullValue;
        return buffer;
    }

    /// <summary>The repository's own instrument config (found from the test folder; not shared data).</summary>
    private static string InstrumentsFile()
    {
        for (DirectoryInfo? folder = new(TestContext.CurrentContext.TestDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Engine.sln")))
            {
                return Path.Combine(folder.FullName, "config", "instruments.json");
            }
        }

        throw new InvalidOperationException("Engine.sln not found above the test folder");
    }

    /// <summary>Every frame the gateway wrote to ingress, copied out.</summary>
    private sealed class IngressFrames
    {
        private readonly List<(int Type, byte[] Bytes)> _frames = [];

        public int TradePrints => _frames.Count(f => f.Type == TradeDecoder.TemplateId);

        public void Add(int type, ReadOnlySpan<byte> message) => _frames.Add((type, message.ToArray()));

        public bool TryGetLastTop(uint instrumentId, out (long Bid, long Ask) top)
        {
            for (int i = _frames.Count - 1; i >= 0; i--)
            {
                if (_frames[i].Type == BestBidOfferDecoder.TemplateId)
                {
                    var decoder = BestBidOfferDecoder.WrapWithHeader(_frames[i].Bytes, 0);
                    if (decoder.InstrumentId == instrumentId)
                    {
                        top = (decoder.BidPrice.Mantissa, decoder.AskPrice.Mantissa);
                        return true;
                    }
                }
            }

            top = default;
            return false;
        }

        public List<Report> Reports(ulong origClientOrderId)
        {
            var reports = new List<Report>();
            foreach ((int type, byte[] bytes) in _frames)
            {
                if (type != ExecutionReportDecoder.TemplateId)
                {
                    continue;
                }

                var report = ExecutionReportDecoder.WrapWithHeader(bytes, 0);
                if (report.OrigClientOrderId == origClientOrderId)
                {
                    reports.Add(new Report(report.ExecType, report.OrderStatus, report.LastPrice.Mantissa));
                }
            }

            return reports;
        }
    }

    private sealed record Report(ExecType Type, OrderStatus Status, long LastPrice);

    private readonly struct IngressHandler(IngressFrames frames) : IMessageHandler
    {
        public void OnMessage(int type, ReadOnlySpan<byte> message) => frames.Add(type, message);
    }
}
