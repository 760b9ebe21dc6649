using System.Buffers.Binary;
using System.Diagnostics;
using Engine.Gateways.Hosting.Connection;
using Engine.Transport.Ingress;
using Engine.Transport.Liveness;

namespace Engine.Gateways.Hosting.Tests;

/// <summary>The back-pressure writer over a real, small ingress ring; the test plays the engine that reads it.</summary>
[TestFixture]
public sealed class IngressWriterTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_long = TimeSpan.FromMinutes(5);

    [Test]
    public void AFullRing_MakesTheWriterWait_AndItResumesWhenDrained_InOrder_LosingNothing()
    {
        using var engine = new PlayedEngine(ingressCapacity: 1024);
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        var keeper = new LivenessKeeper(connection, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), s_long);
        var writer = new IngressWriter(connection, keeper);
        const int Frames = 500;

        // The gateway's thread writes; nobody reads until it has had to wait.
        var gateway = new Thread(() =>
        {
            byte[] frame = new byte[sizeof(long)];
            for (long i = 1; i <= Frames; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(frame, i);
                writer.Write(TestVenueAdapter.SequenceType, frame);
            }
        });
        gateway.Start();
        Eventually.That(() => writer.BackPressureWaits > 0, "the writer meets a full ring");

        var frames = new List<(int Type, byte[] Bytes)>();
        var clock = Stopwatch.StartNew();
        while (frames.Count < Frames && clock.Elapsed < s_patience)
        {
            if (engine.ReadIngress(frames) == 0)
            {
                Thread.Sleep(1);
            }
        }

        Assert.That(gateway.Join(s_patience), Is.True);
        Assert.That(frames.Select(f => BinaryPrimitives.ReadInt64LittleEndian(f.Bytes)), Is.EqualTo(Enumerable.Range(1, Frames).Select(i => (long)i)));
        Assert.That((writer.FramesWritten, writer.FramesDropped), Is.EqualTo(((long)Frames, 0L)));
        Assert.That(writer.BackPressureWaits, Is.GreaterThan(0));
    }

    [Test]
    public void WhileWaiting_TheWriterKeepsTheGatewaysHeartbeatFresh()
    {
        using var engine = new PlayedEngine(ingressCapacity: 1024);
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        using var stop = new CancellationTokenSource();
        var keeper = new LivenessKeeper(connection, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10), s_long) { Cancellation = stop.Token };
        var writer = new IngressWriter(connection, keeper);
        byte[] frame = new byte[100];
        var attached = Stopwatch.StartNew();
        var gateway = new Thread(() =>
        {
            while (writer.Write(9, frame))
            {
            }
        });
        gateway.Start();
        Eventually.That(() => writer.BackPressureWaits > 0, "the writer meets a full ring");

        // Without heartbeats while it waits, the gateway's silence would exceed a second; with them it is ~10 ms.
        Eventually.That(() => attached.Elapsed > TimeSpan.FromSeconds(1.5), "time passes");
        var dead = new List<DeadClient>();
        engine.Transport.Clients.ScanForDead(Stopwatch.GetTimestamp(), Stopwatch.Frequency, dead);
        stop.Cancel();
        Assert.That(gateway.Join(s_patience), Is.True);

        Assert.That(dead, Is.Empty, "the engine still sees the waiting gateway alive");
    }

    [Test]
    public void AFullRing_WhenTheGatewayMustStop_DropsTheFrame_AndCountsIt()
    {
        using var engine = new PlayedEngine(ingressCapacity: 1024);
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        var keeper = new LivenessKeeper(connection, s_long, s_long, s_long) { Cancellation = new CancellationToken(canceled: true) };
        var writer = new IngressWriter(connection, keeper);
        byte[] frame = new byte[100];
        while (connection.TryWrite(9, frame) == OfferResult.Success)
        {
        }

        bool first = writer.Write(9, frame);
        bool second = writer.Write(9, frame);

        Assert.That((first, second), Is.EqualTo((false, false)));
        Assert.That((writer.FramesWritten, writer.FramesDropped), Is.EqualTo((0L, 2L)));
        Assert.That(keeper.StopReason, Is.EqualTo(GatewayStopReason.Canceled));
    }
}
