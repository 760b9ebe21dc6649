using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Session;

namespace Engine.Host;

/// <summary>
/// The simulated venue plugged into a simulation in process: the same <see cref="SimulatedVenueSession"/> its gateway
/// process runs, with a constant latency each way. The venue's frames (market data, execution reports) reach the
/// kernel <see cref="VenueToEngineNanos"/> after the venue made them, through the kernel's input gate and journal like
/// a gateway's; the engine's requests for this venue reach it <see cref="EngineToVenueNanos"/> after the engine sent
/// them. At one time: a frame due at the engine first, then a request due at the venue, then the venue's own market
/// action. Latencies are constant, so each direction is a FIFO queue. Owned by the simulation's thread.
/// </summary>
public sealed class SimulatedVenueEdge : ISimulationEdge, IVenueEdge
{
    private readonly SimulatedVenueSession _venue;
    private readonly Queue<Frame> _toEngine = new();
    private readonly Queue<Frame> _toVenue = new();
    private readonly Stack<byte[]> _buffers = new();
    private long _now;

    public SimulatedVenueEdge(SimulatedVenueSession venue, ushort venueId, long venueToEngineNanos, long engineToVenueNanos)
    {
        ArgumentNullException.ThrowIfNull(venue);
        _venue = venue;
        VenueId = venueId;
        VenueToEngineNanos = venueToEngineNanos;
        EngineToVenueNanos = engineToVenueNanos;
    }

    public ushort VenueId { get; }

    public long VenueToEngineNanos { get; }

    public long EngineToVenueNanos { get; }

    public SimulatedVenueSession Session => _venue;

    public long NextEventTime
    {
        get
        {
            long engineDue = _toEngine.Count > 0 ? _toEngine.Peek().DueNanos : long.MaxValue;
            long venueDue = _toVenue.Count > 0 ? _toVenue.Peek().DueNanos : long.MaxValue;
            long market = Math.Max(_venue.NextEventTimeNanos, _venue.TimeNanos);
            return Math.Min(Math.Min(engineDue, venueDue), market);
        }
    }

    public void Act(long time, EngineKernel kernel)
    {
        _now = time;
        var sink = new ToEngine(this);
        if (_toEngine.Count > 0 && _toEngine.Peek().DueNanos == time)
        {
            Frame frame = _toEngine.Dequeue();
            kernel.Submit(frame.TemplateId, time, frame.Bytes.AsSpan(0, frame.Length));
            _buffers.Push(frame.Bytes);
        }
        else if (_toVenue.Count > 0 && _toVenue.Peek().DueNanos == time)
        {
            Frame frame = _toVenue.Dequeue();
            _venue.OnRequest(frame.Bytes.AsSpan(0, frame.Length), time, ref sink);
            _buffers.Push(frame.Bytes);
        }
        else
        {
            _venue.AdvanceTo(time, ref sink);
        }
    }

    public void OnRequest(int templateId, ReadOnlySpan<byte> message, long engineTime) =>
        Enqueue(_toVenue, engineTime + EngineToVenueNanos, templateId, message);

    private void Enqueue(Queue<Frame> queue, long due, int templateId, ReadOnlySpan<byte> message)
    {
        byte[] bytes = _buffers.Count > 0 ? _buffers.Pop() : new byte[InputSlot.MaxPayloadLength];
        if (message.Length > bytes.Length)
        {
            throw new InvalidOperationException($"a frame of template {templateId} has {message.Length} bytes, more than an input may ({InputSlot.MaxPayloadLength})");
        }

        message.CopyTo(bytes);
        queue.Enqueue(new Frame(due, templateId, bytes, message.Length));
    }

    private readonly record struct Frame(long DueNanos, int TemplateId, byte[] Bytes, int Length);

    /// <summary>The venue's frames travel to the engine with the market-data latency.</summary>
    private readonly struct ToEngine(SimulatedVenueEdge edge) : IFrameSink
    {
        public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage) =>
            edge.Enqueue(edge._toEngine, edge._now + edge.VenueToEngineNanos, templateId, sbeMessage);
    }
}
