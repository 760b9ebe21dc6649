using System.Diagnostics;
using Engine.Codecs;
using Engine.Gateways.Hosting.Connection;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Gateway;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;

namespace Engine.Gateways.SimulatedVenue.Tests;

/// <summary>
/// The gateway's duty cycle over a real transport file in a temp folder; the test plays the engine in-process (so the
/// engine's process is alive and the test controls its heartbeat, egress and ingress).
/// </summary>
[TestFixture]
public sealed class SimulatedVenueGatewayTests
{
    private string _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "engine-venue-gateway-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public void LappedOnEgress_IsLoggedAndCounted_AndTheGatewayGoesOn()
    {
        using TransportFile transport = TransportFile.CreateForEngine(Options(ingress: 1 << 20, egress: 1024));
        var log = new StringWriter();
        using SimulatedVenueGateway gateway = SimulatedVenueGateway.Attach(transport.Path, TestInstruments.Registry, 3, log, Patient());
        var transmitter = new BroadcastTransmitter(transport.EgressBuffer);
        byte[] request = VenueRequests.NewLimit(1, 1, Side.Buy, 100, 1_000);
        for (int i = 0; i < 100; i++)
        {
            transmitter.Transmit(NewOrderDecoder.TemplateId, request);
        }

        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        GatewayStopReason reason = gateway.Run(stop.Token);

        Assert.That(reason, Is.EqualTo(GatewayStopReason.Canceled));
        Assert.That(gateway.LappedCount, Is.GreaterThanOrEqualTo(1));
        Assert.That(gateway.RequestsReceived, Is.LessThan(100), "what the egress buffer no longer held is lost");
        Assert.That(log.ToString(), Does.Contain("egress lapped").And.Contain("lost"));
    }

    [Test]
    public void FullIngress_MakesTheGatewayWaitAndRetry_AndNoFrameIsLost()
    {
        using TransportFile transport = TransportFile.CreateForEngine(Options(ingress: 4096, egress: 1 << 16));
        using SimulatedVenueGateway gateway = SimulatedVenueGateway.Attach(transport.Path, TestInstruments.Registry, 4, TextWriter.Null, Patient());
        using var stop = new CancellationTokenSource();
        Task<GatewayStopReason> running = Task.Factory.StartNew(() => gateway.Run(stop.Token), TaskCreationOptions.LongRunning);

        // Nobody reads for a while: the 4 KiB ring fills and the gateway must wait.
        var checker = new SequenceChecker();
        var handler = new SequenceHandler(checker);
        var clock = Stopwatch.StartNew();
        while (gateway.BackPressureWaits == 0 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }

        clock.Restart();
        while (clock.Elapsed < TimeSpan.FromMilliseconds(500) || checker.Frames < 2_000)
        {
            if (transport.Ingress.Read(ref handler, 100) == 0)
            {
                Thread.Sleep(1);
            }

            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(30)), "frames keep flowing once the engine reads");
        }

        stop.Cancel();
        Assert.That(running.Wait(TimeSpan.FromSeconds(30)), Is.True);
        while (transport.Ingress.Read(ref handler, 1_000) > 0)
        {
        }

        Assert.That(gateway.BackPressureWaits, Is.GreaterThan(0));
        Assert.That(checker.Gaps, Is.Zero, "every instrument's venue sequence is contiguous from 1");
        Assert.That(checker.Frames, Is.EqualTo(gateway.FramesWritten), "every frame written was read");
    }

    [Test]
    public void StaleEngineHeartbeat_StopsTheGateway()
    {
        using TransportFile transport = TransportFile.CreateForEngine(Options(ingress: 1 << 16, egress: 1 << 16));
        var options = new VenueGatewayOptions { EngineTimeout = TimeSpan.FromMilliseconds(200), LivenessInterval = TimeSpan.FromMilliseconds(20) };
        using SimulatedVenueGateway gateway = SimulatedVenueGateway.Attach(transport.Path, TestInstruments.Registry, 5, TextWriter.Null, options);
        var checker = new SequenceChecker();
        var handler = new SequenceHandler(checker);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Task<GatewayStopReason> running = Task.Factory.StartNew(() => gateway.Run(stop.Token), TaskCreationOptions.LongRunning);

        // The engine reads ingress but never refreshes its heartbeat.
        while (!running.IsCompleted)
        {
            transport.Ingress.Read(ref handler, 1_000);
            Thread.Sleep(5);
        }

        Assert.That(running.Result, Is.EqualTo(GatewayStopReason.EngineHeartbeatStale));
    }

    private TransportOptions Options(int ingress, int egress) =>
        new() { Directory = _temp, Name = "engine-ipc", IngressCapacity = ingress, EgressCapacity = egress, MaxClients = 4 };

    /// <summary>The test does not heartbeat as an engine would; a long timeout keeps the gateway attached.</summary>
    private static VenueGatewayOptions Patient() =>
        new() { EngineTimeout = TimeSpan.FromMinutes(5), LivenessInterval = TimeSpan.FromMilliseconds(20) };

    private readonly struct SequenceHandler(SequenceChecker checker) : IMessageHandler
    {
        public void OnMessage(int type, ReadOnlySpan<byte> message) => checker.OnMessage(type, message);
    }

    /// <summary>Checks that each instrument's market-data sequence arrives without a gap (the engine's side of "never drop").</summary>
    private sealed class SequenceChecker
    {
        private readonly Dictionary<uint, ulong> _last = [];

        public long Frames { get; private set; }

        public int Gaps { get; private set; }

        public void OnMessage(int type, ReadOnlySpan<byte> message)
        {
            Frames++;
            (uint instrument, ulong sequence) = type switch
            {
                TradeDecoder.TemplateId => (TradeDecoder.WrapWithHeader(message, 0).InstrumentId, TradeDecoder.WrapWithHeader(message, 0).VenueSequence),
                BestBidOfferDecoder.TemplateId => (BestBidOfferDecoder.WrapWithHeader(message, 0).InstrumentId, BestBidOfferDecoder.WrapWithHeader(message, 0).VenueSequence),
                _ => (0u, 0UL),
            };
            if (instrument == 0)
            {
                return;
            }

            _last.TryGetValue(instrument, out ulong last);
            if (sequence != last + 1)
            {
                Gaps++;
            }

            _last[instrument] = sequence;
        }
    }
}
