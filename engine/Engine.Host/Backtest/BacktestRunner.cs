using Engine.Core;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Journal.Writing;

namespace Engine.Host;

/// <summary>
/// A backtest: the BLP and the simulated venue in one loop on a simulated clock, with a latency model in each
/// direction (venue frame -> engine, engine request -> venue). Every input the BLP gets is journaled exactly as a
/// live engine would journal it, so the run can be replayed, audited and compared; and because nothing reads a
/// real clock or depends on thread timing, the same configuration and seed give a bit-for-bit identical journal and
/// StateHash on every run and every machine.
/// <para>
/// The loop is discrete-event: at each step it takes the earliest of (a frame due at the engine, a request due at
/// the venue, the venue's next generated market action, the next timer tick), ties broken in that order. Latencies
/// are constant per direction, so each direction is a FIFO queue.
/// </para>
/// Single-threaded; one run per instance.
/// </summary>
public sealed class BacktestRunner
{
    /// <summary>Simulated time starts at 2026-01-01T00:00:00Z (ns since the Unix epoch), so journal times read as dates.</summary>
    public const long DefaultStartTimeNanos = 1_767_225_600_000_000_000;

    private readonly EngineConfig _config;
    private readonly BacktestOptions _options;
    private readonly Queue<Frame> _toEngine = new();
    private readonly Queue<Frame> _toVenue = new();
    private readonly Stack<byte[]> _buffers = new();
    private readonly byte[] _scratch = new byte[128];
    private BusinessLogicProcessor? _processor;
    private JournalWriter? _journal;
    private long _now;
    private long _sequence;
    private ulong _ticks;

    public BacktestRunner(EngineConfig config, BacktestOptions options)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _config = config;
        _options = options;
    }

    /// <summary>Runs the backtest, journaling into <paramref name="journalDirectory"/> (which must not hold a journal yet).</summary>
    public BacktestResult Run(string journalDirectory)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        if (Directory.Exists(journalDirectory) && Directory.EnumerateFiles(journalDirectory).Any())
        {
            throw new IOException($"{journalDirectory}: a backtest writes a new journal, and this directory is not empty");
        }

        Directory.CreateDirectory(journalDirectory);
        JournalConfigCopy.SaveOrVerify(_config, journalDirectory);
        long start = _options.StartTimeNanos;
        long end = checked(start + _options.DurationNanos);
        var venue = new SimulatedVenueSession(_config.Registry, new SimulatedVenueOptions { Seed = _options.Seed, StartTimeNanos = start - SimulatedVenueOptions.DefaultWarmUpNanos });
        var venueSink = new VenueSink(this);
        var wall = System.Diagnostics.Stopwatch.StartNew();
        using (_journal = JournalWriter.Open(journalDirectory, _config.Journal with { FsyncPolicy = FsyncPolicy.None }))
        {
            _processor = new BusinessLogicProcessor(_config.CreateCoreSettings(), new EngineSink(this));
            _now = start;
            JournalDeposits();
            long nextTimer = start + _config.TimerIntervalNanos;
            while (true)
            {
                long engineDue = _toEngine.Count > 0 ? _toEngine.Peek().DueNanos : long.MaxValue;
                long venueDue = _toVenue.Count > 0 ? _toVenue.Peek().DueNanos : long.MaxValue;
                long market = Math.Max(venue.NextEventTimeNanos, venue.TimeNanos);
                long next = Math.Min(Math.Min(engineDue, venueDue), Math.Min(market, nextTimer));
                if (next > end)
                {
                    break;
                }

                _now = next;
                if (next == engineDue)
                {
                    Frame frame = _toEngine.Dequeue();
                    Apply(frame.TemplateId, frame.VenueTime, frame.Bytes.AsSpan(0, frame.Length));
                    _buffers.Push(frame.Bytes);
                }
                else if (next == venueDue)
                {
                    Frame frame = _toVenue.Dequeue();
                    venue.OnRequest(frame.Bytes.AsSpan(0, frame.Length), next, ref venueSink);
                    _buffers.Push(frame.Bytes);
                }
                else if (next == market)
                {
                    venue.AdvanceTo(next, ref venueSink);
                }
                else
                {
                    nextTimer += _config.TimerIntervalNanos;
                    var tick = Codecs.TimerTickEncoder.WrapAndApplyHeader(_scratch, 0);
                    tick.Time = next;
                    tick.TickSequence = ++_ticks;
                    Apply(Codecs.TimerTickEncoder.TemplateId, 0, _scratch.AsSpan(0, Codecs.EngineSchema.HeaderLength + tick.EncodedLength));
                }
            }

            _journal.Commit();
        }

        wall.Stop();
        return new BacktestResult(_processor, _sequence, _options.DurationNanos, wall.Elapsed, _processor.StateHash());
    }

    /// <summary>Journals one input and applies it at the current simulated time, as the live pipeline does.</summary>
    private void Apply(int templateId, long venueTime, ReadOnlySpan<byte> message)
    {
        long sequence = ++_sequence;
        _journal!.Append(sequence, templateId, venueTime, _now, message);
        if ((sequence & 1023) == 0)
        {
            _journal.Commit();
        }

        _processor!.Process(sequence, _now, message);
    }

    private void JournalDeposits() =>
        InputFrames.EncodeDeposits(_config, _processor!.Assets, _now, (template, buffer, length) => Apply(template, 0, buffer.AsSpan(0, length)));

    private void Enqueue(Queue<Frame> queue, long due, int templateId, long venueTime, ReadOnlySpan<byte> message)
    {
        byte[] bytes = _buffers.Count > 0 ? _buffers.Pop() : new byte[InputSlot.MaxPayloadLength];
        if (message.Length > bytes.Length)
        {
            throw new InvalidOperationException($"a frame of template {templateId} has {message.Length} bytes, more than an input may ({InputSlot.MaxPayloadLength})");
        }

        message.CopyTo(bytes);
        queue.Enqueue(new Frame(due, templateId, venueTime, bytes, message.Length));
    }

    private readonly record struct Frame(long DueNanos, int TemplateId, long VenueTime, byte[] Bytes, int Length);

    /// <summary>Venue frames travel to the engine with the market-data latency; their venue time is the venue's clock.</summary>
    private readonly struct VenueSink(BacktestRunner runner) : IVenueFrameSink
    {
        public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
        {
            long venueTime = InputFrames.ExchangeTime(templateId, sbeMessage);
            runner.Enqueue(runner._toEngine, runner._now + runner._options.VenueToEngineLatencyNanos, templateId, venueTime, sbeMessage);
        }
    }

    /// <summary>Engine requests travel to the venue with the order latency (other outputs go nowhere in a backtest).</summary>
    private sealed class EngineSink(BacktestRunner runner) : IEngineOutput
    {
        public void Publish(int templateId, ReadOnlySpan<byte> message)
        {
            if (Codecs.MessageCatalog.IsOrderRequest(templateId))
            {
                runner.Enqueue(runner._toVenue, runner._now + runner._options.EngineToVenueLatencyNanos, templateId, 0, message);
            }
        }
    }
}
