using System.Buffers.Binary;
using Engine.Gateways.Hosting.Venues;

namespace Engine.Gateways.Hosting.Tests;

/// <summary>
/// A venue adapter for the host's tests, allocation-free like a real one: it answers each engine message with an echo
/// (same bytes, type + <see cref="EchoTypeOffset"/>), and on its own work emits the numbered frames the test asked
/// for with <see cref="Emit"/> (type <see cref="SequenceType"/>, 8 bytes: the number, from 1).
/// Thread ownership: the host's thread; <see cref="Emit"/> and the counters from the test's.
/// </summary>
public sealed class TestVenueAdapter(string venueCode = "TEST") : IVenueAdapter
{
    public const int EchoTypeOffset = 1_000;
    public const int SequenceType = 77;

    private readonly byte[] _frame = new byte[sizeof(long)];
    private long _requested;
    private long _emitted;
    private long _requests;

    public string Name => "test";

    public string VenueCode => venueCode;

    /// <summary>Engine messages handed to the adapter.</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>Numbered frames handed to the sink so far.</summary>
    public long Emitted => Volatile.Read(ref _emitted);

    /// <summary>Asks the adapter to emit <paramref name="count"/> more numbered frames on its next work.</summary>
    public void Emit(long count) => Interlocked.Add(ref _requested, count);

    public void OnEngineRequest<TSink>(int templateId, ReadOnlySpan<byte> sbeMessage, long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        Interlocked.Increment(ref _requests);
        sink.OnFrame(templateId + EchoTypeOffset, sbeMessage);
    }

    public int DoWork<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        int work = 0;
        while (Volatile.Read(ref _emitted) < Volatile.Read(ref _requested))
        {
            BinaryPrimitives.WriteInt64LittleEndian(_frame, _emitted + 1);
            sink.OnFrame(SequenceType, _frame);
            Interlocked.Increment(ref _emitted);
            work++;
        }

        return work;
    }
}
