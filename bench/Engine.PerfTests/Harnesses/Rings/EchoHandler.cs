using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>The ping-pong responder: copies every ping's value into the pong ring (it is the pong ring's only producer).</summary>
/// <remarks>Owned by the ping ring's processor thread.</remarks>
public readonly struct EchoHandler : IEventHandler<LongEvent>
{
    private readonly RingBuffer<LongEvent> _pongRing;
    private readonly SingleProducerSequencer _pongSequencer;

    public EchoHandler(RingBuffer<LongEvent> pongRing, SingleProducerSequencer pongSequencer)
    {
        _pongRing = pongRing;
        _pongSequencer = pongSequencer;
    }

    public string Name => "pong-responder";

    public void OnEvent(ref LongEvent slot, long sequence, bool endOfBatch)
    {
        long pong = _pongSequencer.Next();
        _pongRing[pong].Value = slot.Value;
        _pongSequencer.Publish(pong);
    }
}
