using System.Diagnostics;
using Engine.Gateways.Hosting.Connection;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;

namespace Engine.Gateways.Hosting.Tests;

/// <summary>A gateway's attachment over a real transport file; the test plays the engine in-process.</summary>
[TestFixture]
public sealed class EngineConnectionTests
{
    private static readonly long s_patientTicks = Stopwatch.Frequency * 300;

    [Test]
    public void Attach_WithoutARunningEngine_IsRefusedWithOneLineNamingTheFile()
    {
        string missing = Path.Combine(Path.GetTempPath(), "engine-hosting-missing-" + Guid.NewGuid().ToString("N"));

        var refused = Assert.Throws<TransportLayoutException>(() => EngineConnection.Attach(missing, "venue:TEST"));

        Assert.That(refused!.Message, Does.Contain(missing).And.Contain("no engine transport file").And.Not.Contain('\n'));
    }

    [Test]
    public void Attach_ToAFullClientTable_IsRefusedWithOneLineNamingTheFile()
    {
        using var engine = new PlayedEngine();
        using EngineConnection first = EngineConnection.Attach(engine.Path, "venue:A");
        using EngineConnection second = EngineConnection.Attach(engine.Path, "venue:B");

        var refused = Assert.Throws<TransportLayoutException>(() => EngineConnection.Attach(engine.Path, "venue:C"));

        Assert.That(refused!.Message, Does.Contain(engine.Path).And.Contain("client table is full").And.Not.Contain('\n'));
    }

    [Test]
    public void Attach_RegistersUnderItsName_AndDisposeLeavesTheTableCleanly()
    {
        using var engine = new PlayedEngine();
        EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        Assert.That(engine.Transport.Clients.ActiveCount, Is.EqualTo(1));

        connection.Dispose();

        Assert.That(engine.Transport.Clients.ActiveCount, Is.Zero);
        Assert.That(engine.DeclareEveryClientDead(), Is.Empty, "a client that left cleanly is not declared dead");
    }

    [Test]
    public void TheEngine_KnowsTheClientByItsName_WhenItDeclaresItDead()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");

        List<DeadClient> dead = engine.DeclareEveryClientDead();

        Assert.That(dead.Select(d => (d.Name, d.ClientId)), Is.EqualTo(new[] { ("venue:TEST", connection.ClientId) }));
    }

    [TestCase("")]
    [TestCase("venue:A-CODE-FAR-TOO-LONG-FOR-THE-TABLE")]
    [TestCase("venue:MÜNCHEN")]
    public void ANameTheClientTableCannotHold_IsRefusedBeforeAttaching(string name)
    {
        using var engine = new PlayedEngine();

        Assert.Throws<ArgumentException>(() => EngineConnection.Attach(engine.Path, name));
        Assert.That(engine.Transport.Clients.ActiveCount, Is.Zero);
    }

    [Test]
    public void TryReceive_TellsMessageFromNothing_AndJoinsAtTheNewestRecord()
    {
        using var engine = new PlayedEngine();
        engine.Transmit(5, [1, 2, 3]);
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        byte[] buffer = new byte[connection.MaxEgressMessageLength];

        Assert.That(connection.TryReceive(buffer, out _, out _), Is.EqualTo(ReceiveResult.Nothing), "sent before the gateway attached: never its");
        engine.Transmit(6, [4, 5]);

        Assert.That(connection.TryReceive(buffer, out int type, out int length), Is.EqualTo(ReceiveResult.Message));
        Assert.That((type, buffer[..length]), Is.EqualTo((6, new byte[] { 4, 5 })));
        Assert.That(connection.TryReceive(buffer, out _, out _), Is.EqualTo(ReceiveResult.Nothing));
    }

    [Test]
    public void TryReceive_WhenLapped_SaysSo_CountsIt_AndReadsOnFromTheNewest()
    {
        using var engine = new PlayedEngine(egressCapacity: 1024);
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        byte[] buffer = new byte[connection.MaxEgressMessageLength];
        for (int i = 0; i < 100; i++)
        {
            engine.Transmit(7, [(byte)i]);
        }

        Assert.That(connection.TryReceive(buffer, out _, out _), Is.EqualTo(ReceiveResult.Lapped));
        Assert.That(connection.LappedCount, Is.EqualTo(1));
        Assert.That(connection.TryReceive(buffer, out int type, out int length), Is.EqualTo(ReceiveResult.Message));
        Assert.That((type, buffer[..length]), Is.EqualTo((7, new byte[] { 99 })), "the newest record is still there");
    }

    [Test]
    public void TryWrite_PutsTheFrameIntoIngress_AndSaysBackPressuredWhenTheRingIsFull()
    {
        using var engine = new PlayedEngine(ingressCapacity: 1024);
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        byte[] frame = new byte[100];

        int written = 0;
        while (connection.TryWrite(9, frame) == OfferResult.Success)
        {
            written++;
        }

        var frames = new List<(int Type, byte[] Bytes)>();
        Assert.That(engine.ReadIngress(frames), Is.EqualTo(written));
        Assert.That(written, Is.GreaterThan(0));
        Assert.That(connection.TryWrite(9, frame), Is.EqualTo(OfferResult.Success), "room again once the engine read");
    }

    [Test]
    public async Task WriteAsync_OnAFullRing_GivesUpAfterItsTimeout_AndWritesOnceThereIsRoom()
    {
        using var engine = new PlayedEngine(ingressCapacity: 1024);
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        byte[] frame = new byte[100];
        while (connection.TryWrite(9, frame) == OfferResult.Success)
        {
        }

        bool refused = await connection.WriteAsync(9, frame, TimeSpan.FromMilliseconds(20), CancellationToken.None);
        engine.ReadIngress([]);
        bool written = await connection.WriteAsync(9, frame, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.That((refused, written), Is.EqualTo((false, true)));
    }

    [Test]
    public void CheckLiveness_WhileTheEngineServesTheGateway_IsNull()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        engine.Heartbeat();

        Assert.That(connection.CheckLiveness(Stopwatch.GetTimestamp(), s_patientTicks), Is.Null);
    }

    [Test]
    public void CheckLiveness_AfterTheTransportFileIsRemoved_IsTransportFileRemoved()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");

        File.Delete(engine.Path);

        Assert.That(connection.CheckLiveness(Stopwatch.GetTimestamp(), s_patientTicks), Is.EqualTo(GatewayStopReason.TransportFileRemoved));
    }

    [Test]
    public void CheckLiveness_WhenTheRecordedEngineNoLongerRuns_IsEngineProcessGone()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");

        engine.ForgetEngineProcess();

        Assert.That(connection.CheckLiveness(Stopwatch.GetTimestamp(), s_patientTicks), Is.EqualTo(GatewayStopReason.EngineProcessGone));
    }

    [Test]
    public void CheckLiveness_PastTheEnginesHeartbeatTimeout_IsEngineHeartbeatStale()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        engine.Heartbeat();

        long later = Stopwatch.GetTimestamp() + (2 * s_patientTicks);

        Assert.That(connection.CheckLiveness(later, s_patientTicks), Is.EqualTo(GatewayStopReason.EngineHeartbeatStale));
    }

    [Test]
    public void CheckLiveness_OnceTheEngineDeclaredTheGatewayDead_IsDeclaredDeadByEngine()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        engine.Heartbeat();

        engine.DeclareEveryClientDead();

        Assert.That(connection.CheckLiveness(Stopwatch.GetTimestamp(), s_patientTicks), Is.EqualTo(GatewayStopReason.DeclaredDeadByEngine));
    }
}
