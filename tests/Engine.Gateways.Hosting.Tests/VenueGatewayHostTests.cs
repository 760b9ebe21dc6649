using System.Buffers.Binary;
using System.Diagnostics;
using Engine.Gateways.Hosting.Connection;
using Engine.Gateways.Hosting.Venues;
using Engine.Transport.Liveness;

namespace Engine.Gateways.Hosting.Tests;

/// <summary>
/// The venue gateway's duty cycle around a test adapter, over a real transport file; the test plays the engine
/// in-process. Most tests drive single duty cycles (<see cref="VenueGatewayHost.DoWork"/>) on the test's thread.
/// </summary>
[TestFixture]
public sealed class VenueGatewayHostTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    [Test]
    public void Attach_RegistersTheGateway_AsVenueColonItsCode()
    {
        using var engine = new PlayedEngine();

        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, new TestVenueAdapter("OKX_SWAP"), TextWriter.Null, Patient());

        Assert.That(host.ClientName, Is.EqualTo("venue:OKX_SWAP"));
        Assert.That(engine.DeclareEveryClientDead().Select(d => d.Name), Is.EqualTo(new[] { "venue:OKX_SWAP" }), "the name the engine finds a dead venue's orders by");
    }

    [Test]
    public void AConnectionNamedForAnotherVenue_IsRefused()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:OTHER");

        var refused = Assert.Throws<ArgumentException>(() => _ = new VenueGatewayHost(connection, new TestVenueAdapter("TEST"), TextWriter.Null));

        Assert.That(refused!.Message, Does.Contain("venue:OTHER").And.Contain("venue:TEST"));
    }

    [Test]
    public void OptionsThatCannotRun_AreRefused_AndLeaveNoClientBehind()
    {
        using var engine = new PlayedEngine();

        Assert.Throws<ArgumentException>(() => VenueGatewayHost.Attach(engine.Path, new TestVenueAdapter(), TextWriter.Null, new VenueGatewayOptions { RequestsPerCycle = 0 }));

        Assert.That(engine.Transport.Clients.ActiveCount, Is.Zero);
    }

    [Test]
    public void TheEnginesMessages_ReachTheAdapter_AndItsFramesReachIngress()
    {
        using var engine = new PlayedEngine();
        var adapter = new TestVenueAdapter();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, adapter, TextWriter.Null, Patient());

        engine.Transmit(201, [1, 2, 3]);
        engine.Transmit(202, [4]);
        adapter.Emit(2);
        host.DoWork();

        var frames = new List<(int Type, byte[] Bytes)>();
        engine.ReadIngress(frames);
        Assert.That(frames.Select(f => (f.Type, Convert.ToHexString(f.Bytes))), Is.EqualTo(new[]
        {
            (1201, "010203"),
            (1202, "04"),
            (TestVenueAdapter.SequenceType, "0100000000000000"),
            (TestVenueAdapter.SequenceType, "0200000000000000"),
        }));
        Assert.That((host.RequestsReceived, host.FramesWritten), Is.EqualTo((2L, 4L)));
    }

    [Test]
    public void EachCycle_HandsTheAdapterAtMostRequestsPerCycle_ThenLetsItWork()
    {
        using var engine = new PlayedEngine();
        var adapter = new TestVenueAdapter();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, adapter, TextWriter.Null, Patient() with { RequestsPerCycle = 2 });
        for (int i = 0; i < 5; i++)
        {
            engine.Transmit(201, [(byte)i]);
        }

        adapter.Emit(1);
        host.DoWork();

        Assert.That((adapter.Requests, adapter.Emitted), Is.EqualTo((2L, 1L)));
        host.DoWork();
        host.DoWork();
        Assert.That(adapter.Requests, Is.EqualTo(5));
    }

    [Test]
    public void LappedOnEgress_IsLoggedAndCounted_AndTheHostGoesOn()
    {
        using var engine = new PlayedEngine(egressCapacity: 1024);
        var adapter = new TestVenueAdapter();
        var log = new StringWriter();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, adapter, log, Patient());
        for (int i = 0; i < 100; i++)
        {
            engine.Transmit(201, [(byte)i]);
        }

        host.DoWork();
        engine.Transmit(202, [0xAB]);
        host.DoWork();

        var frames = new List<(int Type, byte[] Bytes)>();
        engine.ReadIngress(frames);
        Assert.That(host.LappedCount, Is.EqualTo(1));
        Assert.That(host.RequestsReceived, Is.LessThan(100), "what the egress buffer no longer held is lost");
        Assert.That(frames[^1], Is.EqualTo((1202, new byte[] { 0xAB })), "a message sent after the lap is handled");
        Assert.That(log.ToString(), Does.Contain("gateway test: egress lapped (1 so far)").And.Contain("lost").And.Contain("venue TEST"));
    }

    [Test]
    public void AFullIngressRing_MakesTheHostWait_AndResumeWhenDrained_LosingNoFrame()
    {
        using var engine = new PlayedEngine(ingressCapacity: 4096);
        var adapter = new TestVenueAdapter();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, adapter, TextWriter.Null, Patient());
        using var stop = new CancellationTokenSource();
        Task<GatewayStopReason> running = Task.Factory.StartNew(() => host.Run(stop.Token), TaskCreationOptions.LongRunning);
        const int Frames = 2_000;

        adapter.Emit(Frames);
        Eventually.That(() => host.BackPressureWaits > 0, "the host meets a full ring");
        var frames = new List<(int Type, byte[] Bytes)>();
        var clock = Stopwatch.StartNew();
        while (frames.Count < Frames && clock.Elapsed < s_patience)
        {
            if (engine.ReadIngress(frames) == 0)
            {
                Thread.Sleep(1);
            }
        }

        stop.Cancel();
        Assert.That(running.Wait(s_patience), Is.True);
        Assert.That(running.Result, Is.EqualTo(GatewayStopReason.Canceled));
        Assert.That(frames.Select(f => BinaryPrimitives.ReadInt64LittleEndian(f.Bytes)), Is.EqualTo(Enumerable.Range(1, Frames).Select(i => (long)i)));
        Assert.That((host.FramesWritten, host.FramesDropped), Is.EqualTo(((long)Frames, 0L)));
    }

    [Test]
    public void TheEngineGoingAwayWhileIngressIsFull_EndsTheWait_AndEveryFrameIsWrittenOrCountedDropped()
    {
        using var engine = new PlayedEngine(ingressCapacity: 1024);
        var adapter = new TestVenueAdapter();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, adapter, TextWriter.Null, Patient());
        adapter.Emit(1_000);

        // Nobody reads ingress; then the engine removes its file, as it does when it shuts down.
        Task<GatewayStopReason> running = Task.Factory.StartNew(() => host.Run(CancellationToken.None), TaskCreationOptions.LongRunning);
        Eventually.That(() => host.BackPressureWaits > 0, "the host meets a full ring");
        File.Delete(engine.Path);

        Assert.That(running.Wait(s_patience), Is.True);
        Assert.That(running.Result, Is.EqualTo(GatewayStopReason.TransportFileRemoved));
        Assert.That(host.FramesDropped, Is.GreaterThan(0));
        Assert.That(host.FramesWritten + host.FramesDropped, Is.EqualTo(adapter.Emitted));
    }

    [Test]
    public void Cancellation_StopsTheHost_WithCanceled()
    {
        using var engine = new PlayedEngine();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, new TestVenueAdapter(), TextWriter.Null, Patient());

        GatewayStopReason reason = host.Run(new CancellationToken(canceled: true));

        Assert.That((reason, host.StopReason), Is.EqualTo((GatewayStopReason.Canceled, (GatewayStopReason?)GatewayStopReason.Canceled)));
    }

    [Test]
    public void RemovingTheTransportFile_StopsTheHost_WithTransportFileRemoved()
    {
        using var engine = new PlayedEngine();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, new TestVenueAdapter(), TextWriter.Null, Patient());
        host.DoWork();

        File.Delete(engine.Path);

        Assert.That(CycleUntilStopped(host), Is.EqualTo(GatewayStopReason.TransportFileRemoved));
    }

    [Test]
    public void AnEngineProcessThatNoLongerRuns_StopsTheHost_WithEngineProcessGone()
    {
        using var engine = new PlayedEngine();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, new TestVenueAdapter(), TextWriter.Null, Patient());
        host.DoWork();

        engine.ForgetEngineProcess();

        Assert.That(CycleUntilStopped(host), Is.EqualTo(GatewayStopReason.EngineProcessGone));
    }

    [Test]
    public void AStaleEngineHeartbeat_StopsTheHost_WithEngineHeartbeatStale()
    {
        using var engine = new PlayedEngine();
        var options = new VenueGatewayOptions { EngineTimeout = TimeSpan.FromMilliseconds(100), LivenessInterval = TimeSpan.FromMilliseconds(10) };

        // The engine heartbeats once, when it creates the file, and never again.
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, new TestVenueAdapter(), TextWriter.Null, options);

        Assert.That(CycleUntilStopped(host), Is.EqualTo(GatewayStopReason.EngineHeartbeatStale));
    }

    [Test]
    public void BeingDeclaredDeadByTheEngine_StopsTheHost_WithDeclaredDeadByEngine()
    {
        using var engine = new PlayedEngine();
        var adapter = new TestVenueAdapter();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, adapter, TextWriter.Null, Patient());
        host.DoWork();

        List<DeadClient> dead = engine.DeclareEveryClientDead();

        Assert.That(dead.Select(d => d.Name), Is.EqualTo(new[] { "venue:TEST" }));
        Assert.That(CycleUntilStopped(host), Is.EqualTo(GatewayStopReason.DeclaredDeadByEngine));
        engine.Transmit(201, [1]);
        adapter.Emit(1);
        Assert.That(host.DoWork(), Is.Zero, "a stopped host hands the adapter nothing more");
        Assert.That((adapter.Requests, adapter.Emitted), Is.EqualTo((0L, 0L)));
    }

    [Test]
    public void SteadyState_DutyCycles_AllocateNothing()
    {
        using var engine = new PlayedEngine(ingressCapacity: 1 << 20);
        var adapter = new TestVenueAdapter();
        using VenueGatewayHost host = VenueGatewayHost.Attach(engine.Path, adapter, TextWriter.Null, Patient() with { LivenessInterval = TimeSpan.FromHours(1) });
        byte[] request = new byte[64];
        Cycles(engine, host, adapter, request, 100);
        engine.ReadIngress([]);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Cycles(engine, host, adapter, request, 1_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero, $"{allocated} bytes allocated by 1000 duty cycles, each with an engine message and a frame of the adapter's own");
        Assert.That((host.RequestsReceived, host.FramesWritten), Is.EqualTo((1_100L, 2_200L)));
    }

    /// <summary>The test does not heartbeat as an engine would; a long timeout keeps the gateway attached.</summary>
    private static VenueGatewayOptions Patient() =>
        new() { EngineTimeout = TimeSpan.FromMinutes(5), LivenessInterval = TimeSpan.FromMilliseconds(10) };

    private static void Cycles(PlayedEngine engine, VenueGatewayHost host, TestVenueAdapter adapter, byte[] request, int count)
    {
        for (int i = 0; i < count; i++)
        {
            request[0] = (byte)i;
            engine.Transmit(201, request);
            adapter.Emit(1);
            host.DoWork();
        }
    }

    private static GatewayStopReason CycleUntilStopped(VenueGatewayHost host)
    {
        var clock = Stopwatch.StartNew();
        while (host.StopReason is null)
        {
            Assert.That(clock.Elapsed, Is.LessThan(s_patience), "the host notices within its liveness interval");
            host.DoWork();
            Thread.Sleep(1);
        }

        return host.StopReason.Value;
    }
}
