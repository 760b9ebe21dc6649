using Engine.Gateways.Venues.Gateway.Live.Protocols;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// A live Binance connection (spot, USD-M or COIN-M) as a frame source: the shared <see cref="SocketLiveSource"/>
/// loop (connect, receive whole messages into the gateway's queue, reconnect with back-off and jitter, drop a
/// stalled or overflowing connection) with Binance's <see cref="BinanceSocketProtocol"/>: one combined-stream
/// connection carrying every followed symbol's depth, trades and best bid/offer, and REST depth snapshots fetched on
/// <see cref="RequestSnapshot"/>, delivered through the same queue.
/// <list type="bullet">
/// <item>After a reconnect the source asks for no snapshots itself: Binance numbers each symbol's depth events
/// across connections, so the feed's own sequence check decides. Events missed while disconnected make the first
/// new event's <c>U</c> (spot) or <c>pu</c> (futures) jump: the book goes stale (the engine gets a SequenceGap),
/// the feed asks for a snapshot, and the resync follows Binance's procedure over the events buffered meanwhile. If
/// nothing was missed (a quiet market), the sequence continues and the book stays right, as it is.</item>
/// <item>A full queue means the gateway is hopelessly behind: the connection is dropped and reopened, and the gap
/// it leaves resyncs the books the same way.</item>
/// </list>
/// </summary>
public sealed class BinanceLiveSource : ILiveFrameSource
{
    /// <summary>A message larger than this is not Binance's (the deepest snapshot is ~60 KB): the connection is dropped.</summary>
    public const int MaxMessageBytes = WebSocketMessageReader.MaxMessageBytes;

    private readonly SocketLiveSource _source;

    /// <param name="feed">The feed's name, for the log (binance, binance-usdm, binance-coinm).</param>
    /// <param name="symbols">Binance's symbols (BTCUSDT, BTCUSD_PERP); at most <see cref="BinanceLiveOptions.MaxSymbolsPerConnection"/>.</param>
    /// <param name="recorder">When given, every frame delivered is also written there; the source closes it when stopped.</param>
    public BinanceLiveSource(string feed, BinanceLiveOptions options, IReadOnlyList<string> symbols, TextWriter log, FrameRecorder? recorder = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(feed);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        if (symbols.Count == 0)
        {
            throw new ArgumentException("a live source needs at least one symbol", nameof(symbols));
        }

        _source = new SocketLiveSource(new BinanceSocketProtocol(feed, options), options.SocketOptions(symbols), symbols, log, recorder);
    }

    public Uri StreamUrl => _source.StreamUrl;

    public bool IsLive => true;

    public bool Completed => false;

    /// <summary>Messages and snapshots put into the queue.</summary>
    public long FramesReceived => _source.FramesReceived;

    /// <summary>Frames the gateway took (<see cref="TryNext"/>).</summary>
    public long FramesDelivered => _source.FramesDelivered;

    /// <summary>Connections opened; every one after the first is a reconnect.</summary>
    public long Connections => _source.Connections;

    public long Reconnects => _source.Reconnects;

    /// <summary>Connection attempts that failed (refused, timed out, handshake rejected).</summary>
    public long FailedConnects => _source.FailedConnects;

    /// <summary>Times the queue was full and the connection was dropped for it.</summary>
    public long QueueOverflows => _source.QueueOverflows;

    /// <summary>Snapshots fetched on request (a request made while one for the book is under way is that one's).</summary>
    public long SnapshotRequests => _source.SnapshotRequests;

    /// <summary>REST attempts that failed and were retried.</summary>
    public long SnapshotFailures => _source.SnapshotFailures;

    public FrameRecorder? Recorder => _source.Recorder;

    public void Start() => _source.Start();

    public bool TryNext(long nowNanos, out RawFrame frame) => _source.TryNext(nowNanos, out frame);

    /// <summary>Fetches the symbol's REST depth snapshot in the background; delivered as a frame when it arrives.</summary>
    public void RequestSnapshot(string symbol) => _source.RequestSnapshot(symbol);

    public void Stop() => _source.Stop();

    public void Dispose() => _source.Dispose();

    public string Summary() => _source.Summary();
}
