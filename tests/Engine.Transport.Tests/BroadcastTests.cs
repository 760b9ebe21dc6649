using Engine.Transport.Egress;

namespace Engine.Transport.Tests;

[TestFixture]
public sealed class BroadcastTests
{
    private TransportFile _transport = null!;

    [SetUp]
    public void CreateTransport() => _transport = TransportFile.CreateForEngine(TestTransports.Small(egressCapacity: 4096));

    [TearDown]
    public void DeleteTransport() => _transport.Dispose();

    [Test]
    public void EveryReceiver_GetsEveryMessage_InOrder_AcrossWrapArounds()
    {
        var transmitter = new BroadcastTransmitter(_transport.EgressBuffer);
        var first = new BroadcastReceiver(_transport.EgressBuffer);
        var second = new BroadcastReceiver(_transport.EgressBuffer);
        byte[] scratch = new byte[512];
        byte[] message = new byte[100];
        for (long i = 0; i < 10_000; i++)
        {
            int length = 8 + (int)(i % 90);
            BitConverter.TryWriteBytes(message, i);
            transmitter.Transmit(9, message.AsSpan(0, length));
            foreach (BroadcastReceiver receiver in new[] { first, second })
            {
                Assert.That(receiver.TryReceive(scratch, out int type, out int received), Is.EqualTo(ReceiveResult.Message));
                Assert.That((type, received, BitConverter.ToInt64(scratch)), Is.EqualTo((9, length, i)));
            }
        }

        Assert.That(first.TryReceive(scratch, out _, out _), Is.EqualTo(ReceiveResult.Nothing));
        Assert.That(first.LappedCount + second.LappedCount, Is.Zero);
    }

    [Test]
    public void ReceiverThatFallsAWholeBufferBehind_IsToldItWasLapped_AndResumesAtTheNewest()
    {
        var transmitter = new BroadcastTransmitter(_transport.EgressBuffer);
        var slow = new BroadcastReceiver(_transport.EgressBuffer);
        byte[] message = new byte[56];
        for (long i = 0; i < 1000; i++)
        {
            BitConverter.TryWriteBytes(message, i);
            transmitter.Transmit(9, message);
        }

        byte[] scratch = new byte[512];
        Assert.That(slow.TryReceive(scratch, out _, out _), Is.EqualTo(ReceiveResult.Lapped));
        Assert.That(slow.LappedCount, Is.EqualTo(1));
        Assert.That(slow.TryReceive(scratch, out _, out _), Is.EqualTo(ReceiveResult.Message));
        Assert.That(BitConverter.ToInt64(scratch), Is.EqualTo(999), "resumes at the newest record");
    }

    [Test]
    public void LateJoiner_StartsAtTheTail()
    {
        var transmitter = new BroadcastTransmitter(_transport.EgressBuffer);
        transmitter.Transmit(9, "old"u8);
        var late = new BroadcastReceiver(_transport.EgressBuffer);
        transmitter.Transmit(9, "new"u8);
        byte[] scratch = new byte[64];

        Assert.That(late.TryReceive(scratch, out _, out int length), Is.EqualTo(ReceiveResult.Message));
        Assert.That(scratch.AsSpan(0, length).ToArray(), Is.EqualTo("new"u8.ToArray()));
    }

    [Test]
    public void TransmitAndReceive_InSteadyState_AllocateNothing()
    {
        var transmitter = new BroadcastTransmitter(_transport.EgressBuffer);
        var receiver = new BroadcastReceiver(_transport.EgressBuffer);
        byte[] scratch = new byte[512];
        byte[] message = new byte[64];
        for (int i = 0; i < 1000; i++)
        {
            transmitter.Transmit(9, message);
            receiver.TryReceive(scratch, out _, out _);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100_000; i++)
        {
            transmitter.Transmit(9, message);
            receiver.TryReceive(scratch, out _, out _);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }
}
