using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.EngineInputs;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Verification;

namespace Engine.Gateways.Venues.Gateway;

/// <summary>
/// A real venue's market data behind a <see cref="VenueGatewayHost"/>: frames from a source (live connection or
/// recording) through the venue's feed, whose normalized events the <see cref="SbeMarketDataEncoder{TSink}"/> turns
/// into the engine's inputs on the host's ingress. On a live source, a book silent past <see cref="MaxSilenceNanos"/>
/// is declared stale. Order entry is not this adapter's: the engine's requests are ignored.
/// </summary>
public sealed class VenueMarketDataAdapter : IVenueAdapter, IDisposable
{
    /// <summary>Frames handled per duty cycle before the host gets the thread back (heartbeat, liveness).</summary>
    public const int FramesPerCycle = 256;

    private readonly IRawFrameSource _source;
    private readonly ForwardingSink _forward = new();
    private readonly VenueFeed _feed;

    // The encoder, typed for the host's sink (SbeMarketDataEncoder<TSink>): made at the first duty cycle, when the
    // sink's type is known, so frames reach it without boxing it.
    private object? _encoder;
    private long _lastSilenceCheck;

    public VenueMarketDataAdapter(string feed, FeedInstruments instruments, IRawFrameSource source, TextWriter log, long maxSilenceNanos = 10_000_000_000)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(log);
        Name = feed;
        VenueCode = VenueListings.VenueCodeOf(feed);
        _source = source;
        MaxSilenceNanos = maxSilenceNanos;
        Counters = new FeedCounters { Log = line => log.WriteLine($"gateway venue: {line}") };
        _feed = VenueFeeds.Create(feed, instruments, _forward, Counters, instrument => source.RequestSnapshot(instrument.Symbol));
        foreach (FeedInstrument instrument in instruments.All)
        {
            source.RequestSnapshot(instrument.Symbol);
        }
    }

    public string Name { get; }

    public string VenueCode { get; }

    public FeedCounters Counters { get; }

    public long MaxSilenceNanos { get; }

    public long FramesEmitted { get; private set; }

    public bool SourceCompleted => _source.Completed;

    public void OnEngineRequest<TSink>(int templateId, ReadOnlySpan<byte> sbeMessage, long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        // Market data only: orders to this venue are a separate gateway's (order entry).
    }

    public int DoWork<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        if (_encoder is not SbeMarketDataEncoder<TSink> encoder)
        {
            encoder = new SbeMarketDataEncoder<TSink>(sink);
            _encoder = encoder;
            _forward.Target = encoder;
        }

        encoder.Sink = sink;
        long framesBefore = encoder.Frames;
        int handled = 0;
        while (handled < FramesPerCycle && _source.TryNext(nowNanos, out RawFrame frame))
        {
            handled++;
            if (frame.IsRestSnapshot)
            {
                if (_feed.Instruments.TryFind(frame.Symbol!, out FeedInstrument instrument))
                {
                    _feed.OnRestSnapshot(instrument, frame.Payload.Span, frame.ReceiveNanos);
                }
            }
            else
            {
                _feed.OnMessage(frame.Payload.Span, frame.ReceiveNanos);
            }
        }

        if (_source.IsLive && nowNanos - _lastSilenceCheck > 1_000_000_000)
        {
            _lastSilenceCheck = nowNanos;
            _feed.CheckSilence(nowNanos, MaxSilenceNanos);
        }

        FramesEmitted += encoder.Frames - framesBefore;
        return handled;
    }

    public void Dispose() => _source.Dispose();

    /// <summary>The feed's sink: forwards to the encoder made at the first duty cycle.</summary>
    private sealed class ForwardingSink : IMarketDataSink
    {
        public IMarketDataSink? Target { get; set; }

        public void OnBookSnapshot(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos, bool resync) =>
            Target?.OnBookSnapshot(instrument, sequence, exchangeNanos, receiveNanos, resync);

        public void OnBookUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos) =>
            Target?.OnBookUpdate(instrument, changes, sequence, exchangeNanos, receiveNanos);

        public void OnTrade(FeedInstrument instrument, in TradePrint trade) => Target?.OnTrade(instrument, in trade);

        public void OnBestQuote(FeedInstrument instrument, in BestQuote quote) => Target?.OnBestQuote(instrument, in quote);

        public void OnBookStale(FeedInstrument instrument, StaleReason reason, long receivedSequence, long expectedSequence, long receiveNanos) =>
            Target?.OnBookStale(instrument, reason, receivedSequence, expectedSequence, receiveNanos);
    }
}
