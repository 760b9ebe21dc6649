using Engine.Transport.Ingress;
using Engine.Transport.Peer;

namespace Engine.Transport.Tests;

/// <summary>Checks that each producer's <see cref="PeerMessage"/>s arrive intact and in that producer's order.</summary>
public struct MultiProducerVerifier : IMessageHandler
{
    public MultiProducerVerifier(int producers) => NextPerProducer = new long[producers];

    public long[] NextPerProducer { get; }

    public long Total { get; private set; }

    public long Errors { get; private set; }

    public void OnMessage(int type, ReadOnlySpan<byte> message)
    {
        Total++;
        int producer = message.Length >= 4 ? BitConverter.ToInt32(message) : -1;
        if (type != PeerMessage.Type || (uint)producer >= (uint)NextPerProducer.Length)
        {
            Errors++;
            return;
        }

        long sequence = PeerMessage.Check(message, producer);
        if (sequence != NextPerProducer[producer])
        {
            Errors++;
        }

        NextPerProducer[producer] = sequence + 1;
    }
}
