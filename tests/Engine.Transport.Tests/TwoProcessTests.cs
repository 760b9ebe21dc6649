using System.Diagnostics;
using Engine.Transport.Egress;
using Engine.Transport.Liveness;

namespace Engine.Transport.Tests;

/// <summary>The transport between real processes: the engine side runs here, gateways are peer processes.</summary>
[TestFixture]
public sealed class TwoProcessTests
{
    [Test]
    public void TenMillionMessages_FromAnotherProcess_UnderBackPressure_ArriveInOrderWithoutLoss()
    {
        const long Count = 10_000_000;
        TransportOptions options = TestTransports.Small(ingressCapacity: 64 * 1024);
        using TransportFile engine = TransportFile.CreateForEngine(options);
        using var gateway = PeerProcess.Start("produce", options.FilePath, "0", Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var verifier = new MultiProducerVerifier(1);
        long idleReads = 0;
        while (verifier.Total < Count)
        {
            if (engine.Ingress.Read(ref verifier, 1024) == 0)
            {
                idleReads++;
                Thread.SpinWait(32);
                if ((idleReads & 0xFFFFF) == 0 && gateway.HasExited && engine.Ingress.Size == 0)
                {
                    break;
                }
            }
        }

        Assert.That(gateway.WaitForExit(), Is.Zero);
        Assert.That(verifier.Errors, Is.Zero, "corrupt or out-of-order messages");
        Assert.That(verifier.Total, Is.EqualTo(Count));
        Assert.That(verifier.NextPerProducer[0], Is.EqualTo(Count));
    }

    [Test]
    public void GatewayThatFallsBehindOnEgress_IsToldItWasLapped()
    {
        TransportOptions options = TestTransports.Small(egressCapacity: 4096);
        using TransportFile engine = TransportFile.CreateForEngine(options);
        var transmitter = new BroadcastTransmitter(engine.EgressBuffer);
        using var gateway = PeerProcess.Start("receive", options.FilePath, "1000000");
        gateway.ReadLine();
        Assert.That(gateway.ReadLine(), Is.EqualTo("ready"));

        // The gateway reads nothing until "go": four buffers' worth overtakes it.
        byte[] message = new byte[56];
        for (int i = 0; i < 4 * 4096 / 64; i++)
        {
            transmitter.Transmit(9, message);
        }

        gateway.WriteLine("go");
        Assert.That(gateway.ReadLine(), Does.StartWith("lapped after 0"));
    }

    [Test]
    public void KilledGateway_IsDeclaredDead_WithTheProcessGone()
    {
        TransportOptions options = TestTransports.Small();
        using TransportFile engine = TransportFile.CreateForEngine(options);
        using var gateway = PeerProcess.Start("hang", options.FilePath);
        long clientId = long.Parse(gateway.ReadLine().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var dead = new List<DeadClient>();
        long generousTimeout = Stopwatch.Frequency * 3600;
        Assert.That(engine.Clients.ScanForDead(Stopwatch.GetTimestamp(), generousTimeout, dead), Is.Zero, "alive and heartbeating");

        gateway.Kill();

        Assert.That(engine.Clients.ScanForDead(Stopwatch.GetTimestamp(), generousTimeout, dead), Is.EqualTo(1));
        Assert.That(dead[0].ClientId, Is.EqualTo(clientId));
        Assert.That(dead[0].Cause, Is.EqualTo(DeathCause.ProcessGone));
        Assert.That(dead[0].Name, Is.EqualTo("peer-hang"));
        Assert.That(engine.Clients.ScanForDead(Stopwatch.GetTimestamp(), generousTimeout, dead), Is.Zero, "declared once");
    }

    [Test]
    public void SilentGateway_IsDeclaredDead_ForAStaleHeartbeat()
    {
        TransportOptions options = TestTransports.Small();
        using TransportFile engine = TransportFile.CreateForEngine(options);
        using var gateway = PeerProcess.Start("silent", options.FilePath);
        gateway.ReadLine();
        var dead = new List<DeadClient>();

        // Judged as of an hour from now with a one-minute timeout: stale by construction, no sleeping needed.
        long anHourLater = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 3600);
        Assert.That(engine.Clients.ScanForDead(anHourLater, Stopwatch.Frequency * 60, dead), Is.EqualTo(1));
        Assert.That(dead[0].Cause, Is.EqualTo(DeathCause.HeartbeatStale));
        Assert.That(engine.Clients.ActiveCount, Is.Zero);
    }
}
