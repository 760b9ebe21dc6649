using Engine.Transport.Ingress;
using Engine.Transport.Peer;

namespace Engine.Transport.Tests;

[TestFixture]
public sealed class ManyToOneRingBufferTests
{
    private TransportFile _transport = null!;

    private ManyToOneRingBuffer Ring => _transport.Ingress;

    [SetUp]
    public void CreateTransport() => _transport = TransportFile.CreateForEngine(TestTransports.Small());

    [TearDown]
    public void DeleteTransport() => _transport.Dispose();

    [Test]
    public void Write_ThenRead_DeliversTheMessageAndItsType()
    {
        Assert.That(Ring.Write(42, "hello"u8), Is.EqualTo(OfferResult.Success));
        var collector = new Collector();

        int read = Ring.Read(ref collector, 10);

        Assert.That(read, Is.EqualTo(1));
        Assert.That(collector.LastType, Is.EqualTo(42));
        Assert.That(collector.LastMessage, Is.EqualTo("hello"u8.ToArray()));
        Assert.That(Ring.Size, Is.Zero);
    }

    [Test]
    public void Claim_WritesANegativeLengthFirst_SoTheRecordIsInvisibleUntilCommit()
    {
        int index = Ring.TryClaim(5, 16);
        int recordLength = BitConverter.ToInt32(Ring.GetClaimedSpan(index - 8, 4));
        Assert.That(recordLength, Is.EqualTo(-(16 + RecordDescriptor.HeaderLength)), "claimed length is negative");
        "0123456789abcdef"u8.CopyTo(Ring.GetClaimedSpan(index, 16));
        var collector = new Collector();

        Assert.That(Ring.Read(ref collector, 10), Is.Zero, "a claimed, uncommitted record is invisible");
        Ring.Commit(index);

        Assert.That(BitConverter.ToInt32(Ring.GetClaimedSpan(index - 8, 4)), Is.EqualTo(16 + RecordDescriptor.HeaderLength), "commit makes the length positive");
        Assert.That(Ring.Read(ref collector, 10), Is.EqualTo(1));
        Assert.That(collector.LastMessage, Is.EqualTo("0123456789abcdef"u8.ToArray()));
    }

    [Test]
    public void AbortedClaim_IsSkipped_AndTheNextMessageIsDelivered()
    {
        int index = Ring.TryClaim(5, 16);
        Ring.Abort(index);
        Ring.Write(6, "after"u8);
        var collector = new Collector();

        Assert.That(Ring.Read(ref collector, 10), Is.EqualTo(1));
        Assert.That(collector.LastType, Is.EqualTo(6));
    }

    [Test]
    public void FullRing_ReportsBackPressure_AndWritesNothing_UntilTheConsumerReads()
    {
        byte[] message = new byte[1000];
        int written = 0;
        while (Ring.Write(1, message) == OfferResult.Success)
        {
            written++;
        }

        Assert.That(written, Is.EqualTo(Ring.Capacity / RecordDescriptor.Align(1000 + RecordDescriptor.HeaderLength)));
        var collector = new Collector();
        Assert.That(Ring.Read(ref collector, 1), Is.EqualTo(1));
        Assert.That(Ring.Write(1, message), Is.EqualTo(OfferResult.Success));
        int remaining = 0;
        for (int read; (read = Ring.Read(ref collector, int.MaxValue)) > 0;)
        {
            remaining += read;
        }

        Assert.That(remaining, Is.EqualTo(written), "the rest of the full ring plus the one written after the read");
    }

    [Test]
    public void MessagesOfMixedSizes_SurviveManyWrapArounds_InOrderAndIntact()
    {
        var checker = new SequenceChecker();
        byte[] message = new byte[300];
        long next = 0;
        for (int round = 0; round < 20_000; round++)
        {
            int length = 12 + (round * 37 % 280);
            BitConverter.TryWriteBytes(message, next);
            message[length - 1] = (byte)next;
            Assert.That(Ring.Write(3, message.AsSpan(0, length)), Is.EqualTo(OfferResult.Success));
            next++;
            if (round % 7 == 0)
            {
                Ring.Read(ref checker, int.MaxValue);
            }
        }

        Ring.Read(ref checker, int.MaxValue);
        Assert.That(checker.Errors, Is.Zero);
        Assert.That(checker.Next, Is.EqualTo(next));
    }

    [Test]
    public void ProducerThatDiedMidClaim_CanBeUnblocked_AndLaterMessagesFlow()
    {
        Ring.TryClaim(5, 32);
        Ring.Write(6, "behind the dead claim"u8);
        var collector = new Collector();
        Assert.That(Ring.Read(ref collector, 10), Is.Zero, "the abandoned claim blocks the consumer");

        Assert.That(Ring.UnblockAtHead(), Is.True);

        Assert.That(Ring.Read(ref collector, 10), Is.EqualTo(1));
        Assert.That(collector.LastType, Is.EqualTo(6));
    }

    [Test]
    public void ZeroAndNegativeTypes_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ring.Write(0, "x"u8));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ring.Write(RecordDescriptor.PaddingType, "x"u8));
    }

    [Test]
    public void MessageLongerThanAnEighthOfTheRing_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Ring.Write(1, new byte[Ring.MaxMessageLength + 1]));
    }

    [Test]
    public void FourProducerThreads_LoseNothing_AndKeepEachProducersOrder()
    {
        const int Producers = 4;
        const long PerProducer = 250_000;
        var threads = new Thread[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int producer = p;
            threads[p] = new Thread(() =>
            {
                Span<byte> message = stackalloc byte[PeerMessage.Length];
                for (long sequence = 0; sequence < PerProducer; sequence++)
                {
                    PeerMessage.Write(message, producer, sequence);
                    while (Ring.Write(PeerMessage.Type, message) == OfferResult.BackPressured)
                    {
                        Thread.Yield();
                    }
                }
            });
            threads[p].Start();
        }

        var verifier = new MultiProducerVerifier(Producers);
        while (verifier.Total < Producers * PerProducer)
        {
            if (Ring.Read(ref verifier, 256) == 0)
            {
                Thread.Yield();
            }
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.That(verifier.Errors, Is.Zero);
        Assert.That(verifier.NextPerProducer, Is.All.EqualTo(PerProducer));
    }

    [Test]
    public void WriteAndRead_InSteadyState_AllocateNothing()
    {
        var checker = new SequenceChecker();
        byte[] message = new byte[64];
        for (int i = 0; i < 10_000; i++)
        {
            BitConverter.TryWriteBytes(message, (long)i);
            message[63] = (byte)i;
            Ring.Write(3, message);
            Ring.Read(ref checker, int.MaxValue);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 10_000; i < 110_000; i++)
        {
            BitConverter.TryWriteBytes(message, (long)i);
            message[63] = (byte)i;
            Ring.Write(3, message);
            Ring.Read(ref checker, int.MaxValue);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(checker.Errors, Is.Zero);
    }

    private struct Collector : IMessageHandler
    {
        public int LastType;
        public byte[]? LastMessage;

        public void OnMessage(int type, ReadOnlySpan<byte> message)
        {
            LastType = type;
            LastMessage = message.ToArray();
        }
    }

    /// <summary>Messages carry their sequence in the first 8 bytes and its low byte in the last one.</summary>
    private struct SequenceChecker : IMessageHandler
    {
        public long Next;
        public int Errors;

        public void OnMessage(int type, ReadOnlySpan<byte> message)
        {
            long sequence = BitConverter.ToInt64(message);
            if (sequence != Next || message[^1] != (byte)sequence)
            {
                Errors++;
            }

            Next = sequence + 1;
        }
    }
}
