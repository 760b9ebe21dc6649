using Engine.Gateways.Hosting.Venues;

namespace Engine.Host;

/// <summary>
/// One venue traded on paper: the engine's order requests for it are filled by a <see cref="FillSimulator"/> (the
/// dataset backtest's fill models: queue position of resting orders, takers walking the book, partial fills) against
/// the venue's market data as the BLP applied it, so the simulated book is the BLP's. The venue's clock is the engine
/// time of the journaled inputs: a market-data input reaches the venue at its engine time, right after the BLP applied
/// it; a request the BLP sent while applying an input at engine time T reaches the venue at T plus the order latency,
/// before the first later input whose engine time is at or past that (so a request never reaches the venue before the
/// market data that caused it). Its execution reports go to <see cref="PaperReports"/>, from where the receiver
/// journals them like a venue gateway's. Owned by the BLP thread.
/// </summary>
public sealed class PaperVenue : IFrameSink
{
    private readonly LatencyDraw _orderLatency;
    private readonly PaperReports _reports;
    private readonly Queue<Request> _requests = new();
    private readonly Stack<byte[]> _buffers = new();

    public PaperVenue(ushort venueId, FillSimulationOptions options, PaperReports reports)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reports);
        options.Validate();
        _reports = reports;
        _orderLatency = new LatencyDraw(options.OrderLatency, options.Seed);
        Simulator = new FillSimulator(venueId, QueueModel.For(options.QueueModel), this);
    }

    public ushort VenueId => Simulator.VenueId;

    public FillSimulator Simulator { get; }

    /// <summary>Requests sent to the venue that have not reached it yet (their latency has not passed by engine time).</summary>
    public int InFlight => _requests.Count;

    /// <summary>An order request the BLP sent to this venue while applying an input at <paramref name="engineTime"/>.</summary>
    public void OnRequest(int templateId, ReadOnlySpan<byte> message, long engineTime)
    {
        byte[] bytes = _buffers.Count > 0 ? _buffers.Pop() : new byte[InputSlot.MaxPayloadLength];
        if (message.Length > bytes.Length)
        {
            bytes = new byte[message.Length];
        }

        message.CopyTo(bytes);
        _requests.Enqueue(new Request(_orderLatency.ArrivalOf(engineTime), engineTime, templateId, bytes, message.Length));
    }

    /// <summary>Engine time has reached <paramref name="engineTime"/>: the requests due by then reach the venue, in the order sent.</summary>
    public void AdvanceTo(long engineTime)
    {
        while (_requests.Count > 0 && _requests.Peek().DueNanos <= engineTime)
        {
            Request request = _requests.Dequeue();
            Simulator.OnRequest(request.TemplateId, request.Bytes.AsSpan(0, request.Length), request.SentNanos, request.DueNanos);
            _buffers.Push(request.Bytes);
        }
    }

    /// <summary>A market-data input of this venue, as the BLP just applied it at <paramref name="engineTime"/>.</summary>
    public void OnMarketData(int templateId, uint instrumentId, ReadOnlySpan<byte> message, long engineTime) =>
        Simulator.OnMarketData(templateId, instrumentId, message, engineTime);

    /// <summary>The simulator's execution reports leave for the engine's ingress.</summary>
    void IFrameSink.OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage) => _reports.Add(templateId, sbeMessage);

    private readonly record struct Request(long DueNanos, long SentNanos, int TemplateId, byte[] Bytes, int Length);
}
