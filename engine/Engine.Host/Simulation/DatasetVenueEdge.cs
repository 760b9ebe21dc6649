using Engine.Gateways.Hosting.Venues;
using Engine.Journal.Reading;

namespace Engine.Host;

/// <summary>
/// A dataset in the loop of a backtest: the market-data records of a journal (an imported dataset, or a recorded live
/// or paper session, whose orders, reports and admin inputs are left out) replayed in their recorded engine-time order
/// within [from, to], and the venue they came from simulated by a <see cref="FillSimulator"/> that fills the engine's
/// orders against them. The venue sees each record at its recorded engine time; the engine gets it, and the venue's
/// execution reports, after the market-data latency; the engine's requests reach the venue after the order latency.
/// At one time: a frame due at the engine first, then a request due at the venue, then the next record. Records of
/// other venues are replayed to the engine without fill simulation. Owned by the simulation's thread.
/// </summary>
public sealed class DatasetVenueEdge : ISimulationEdge, IVenueEdge, IFrameSink, IDisposable
{
    private const long ProgressEvery = 1 << 16;

    private readonly JournalReader _reader;
    private readonly long _from;
    private readonly long _to;
    private readonly IBacktestObserver? _observer;
    private readonly Action<long, long>? _progress;
    private readonly LatencyDraw _orderLatency;
    private readonly LatencyDraw _marketDataLatency;
    private readonly Queue<Frame> _toEngine = new();
    private readonly Queue<Frame> _toVenue = new();
    private readonly Stack<byte[]> _buffers = new();
    private byte[] _record = new byte[InputSlot.MaxPayloadLength];
    private int _recordLength;
    private int _recordTemplate;
    private long _recordTime = long.MaxValue;
    private long _now;

    public DatasetVenueEdge(string datasetDirectory, ushort venueId, long from, long to, FillSimulationOptions options, IBacktestObserver? observer = null, Action<long, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(datasetDirectory);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        VenueId = venueId;
        _from = from;
        _to = to;
        _observer = observer;
        _progress = progress;
        _orderLatency = new LatencyDraw(options.OrderLatency, options.Seed);
        _marketDataLatency = new LatencyDraw(options.MarketDataLatency, unchecked(options.Seed * 0x9E3779B97F4A7C15UL) ^ 0x5851F42D4C957F2DUL);
        Venue = new FillSimulator(venueId, QueueModel.For(options.QueueModel), this, observer);
        _reader = JournalReader.Open(datasetDirectory);
        ReadNext();
    }

    public ushort VenueId { get; }

    public FillSimulator Venue { get; }

    /// <summary>Market-data records replayed so far.</summary>
    public long Replayed { get; private set; }

    /// <summary>Records of the journal that are not market data (a recorded session's orders, reports, admin inputs, timer ticks), left out.</summary>
    public long Skipped { get; private set; }

    public long NextEventTime
    {
        get
        {
            long engineDue = _toEngine.Count > 0 ? _toEngine.Peek().DueNanos : long.MaxValue;
            long venueDue = _toVenue.Count > 0 ? _toVenue.Peek().DueNanos : long.MaxValue;
            return Math.Min(Math.Min(engineDue, venueDue), _recordTime);
        }
    }

    public void Act(long time, EngineKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        _now = time;
        if (_toEngine.Count > 0 && _toEngine.Peek().DueNanos == time)
        {
            Frame frame = _toEngine.Dequeue();
            kernel.Submit(frame.TemplateId, time, frame.Bytes.AsSpan(0, frame.Length));
            _buffers.Push(frame.Bytes);
        }
        else if (_toVenue.Count > 0 && _toVenue.Peek().DueNanos == time)
        {
            Frame frame = _toVenue.Dequeue();
            Venue.OnRequest(frame.TemplateId, frame.Bytes.AsSpan(0, frame.Length), frame.SentNanos, time);
            _buffers.Push(frame.Bytes);
        }
        else
        {
            ReadOnlySpan<byte> record = _record.AsSpan(0, _recordLength);
            if (MarketDataListing.TryRead(_recordTemplate, record, out ushort venue, out uint instrument) && venue == VenueId)
            {
                Venue.OnMarketData(_recordTemplate, instrument, record, time);
                if (_recordTemplate == Codecs.FundingRateDecoder.TemplateId)
                {
                    ObserveFunding(record, instrument, time);
                }
            }

            Enqueue(_toEngine, _marketDataLatency.ArrivalOf(time), time, _recordTemplate, record);
            Replayed++;
            if (_progress is not null && Replayed % ProgressEvery == 0)
            {
                _progress(Replayed, time);
            }

            ReadNext();
        }
    }

    public void OnRequest(int templateId, ReadOnlySpan<byte> message, long engineTime) =>
        Enqueue(_toVenue, _orderLatency.ArrivalOf(engineTime), engineTime, templateId, message);

    /// <summary>The venue's execution reports travel to the engine with the market-data latency.</summary>
    public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage) =>
        Enqueue(_toEngine, _marketDataLatency.ArrivalOf(_now), _now, templateId, sbeMessage);

    public void Dispose() => _reader.Dispose();

    private void ObserveFunding(ReadOnlySpan<byte> record, uint instrument, long time)
    {
        var header = new Codecs.MessageHeaderDecoder(record, 0, Codecs.EngineSchema.Version);
        var funding = new Codecs.FundingRateDecoder(record, Codecs.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
        if (funding.Settled == Codecs.BooleanType.True)
        {
            _observer?.OnFunding(instrument, time, funding.MarkPrice.Mantissa, funding.Rate.Mantissa, funding.Rate.Exponent);
        }
    }

    /// <summary>Moves to the next market-data record within [from, to]; none left: the record time becomes <see cref="long.MaxValue"/>.</summary>
    private void ReadNext()
    {
        _recordTime = long.MaxValue;
        while (_reader.TryRead(out JournalRecord record))
        {
            if (!Codecs.MessageCatalog.IsMarketData(record.TemplateId))
            {
                Skipped++;
                continue;
            }

            if (record.EngineTime < _from)
            {
                continue;
            }

            if (record.EngineTime > _to)
            {
                return;
            }

            if (record.Payload.Length > _record.Length)
            {
                _record = new byte[record.Payload.Length];
            }

            record.Payload.CopyTo(_record);
            _recordLength = record.Payload.Length;
            _recordTemplate = record.TemplateId;
            _recordTime = record.EngineTime;
            return;
        }
    }

    private void Enqueue(Queue<Frame> queue, long due, long sent, int templateId, ReadOnlySpan<byte> message)
    {
        byte[] bytes = _buffers.Count > 0 ? _buffers.Pop() : new byte[InputSlot.MaxPayloadLength];
        if (message.Length > bytes.Length)
        {
            bytes = new byte[message.Length];
        }

        message.CopyTo(bytes);
        queue.Enqueue(new Frame(due, sent, templateId, bytes, message.Length));
    }

    private readonly record struct Frame(long DueNanos, long SentNanos, int TemplateId, byte[] Bytes, int Length);
}
