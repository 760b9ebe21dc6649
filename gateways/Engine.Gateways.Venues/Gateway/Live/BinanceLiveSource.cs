using System.Diagnostics;
using System.Net.WebSockets;
using Engine.Transport;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// A live Binance connection (spot, USD-M or COIN-M) as a frame source. A background task holds one combined-stream
/// WebSocket (every followed symbol's depth, trades and best bid/offer) and puts each whole message, stamped with
/// its receive time on <see cref="MonotonicClock.WallNanos"/> (the clock the gateway host passes as now), into a
/// bounded queue that the gateway thread drains through <see cref="TryNext"/> without ever waiting. REST depth
/// snapshots asked for by <see cref="RequestSnapshot"/> are fetched by their own tasks and come through the same
/// queue, so the feed sees them in the order they were received.
/// <list type="bullet">
/// <item>Closed, failed or silent connections (WebSocket pings unanswered) are reopened with exponential back-off
/// and jitter (<see cref="ReconnectBackoff"/>), each reconnect logged once.</item>
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

    private readonly string _feed;
    private readonly BinanceLiveOptions _options;
    private readonly WebSocketMessageReader _reader;
    private readonly string[] _symbols;
    private readonly TextWriter _log;
    private readonly LiveFrameQueue _queue;
    private readonly DepthSnapshotFetcher _snapshots;
    private readonly CancellationTokenSource _stop = new();

    // The receive task and the REST tasks both deliver into the queue, which records in the order the gateway gets them.
    private readonly object _stopGate = new();
    private volatile bool _stopped;

    // Completed while a connection is open: a snapshot is fetched only then (Binance: buffer the stream, then ask).
    private volatile TaskCompletionSource _connected = NewSignal();
    private Task? _receiveLoop;
    private long _connections;
    private long _failedConnects;
    private long _queueOverflows;
    private long _messagesOnConnection;

    /// <param name="feed">The feed's name, for the log (binance, binance-usdm, binance-coinm).</param>
    /// <param name="symbols">Binance's symbols (BTCUSDT, BTCUSD_PERP).</param>
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

        _feed = feed;
        _options = options;
        _reader = new WebSocketMessageReader(options.StallTimeout);
        _symbols = [.. symbols];
        _log = TextWriter.Synchronized(log);
        _queue = new LiveFrameQueue(feed, options.QueueCapacity, _log, recorder);
        _snapshots = new DepthSnapshotFetcher(feed, options, _log, () => _connected.Task, (frame, url) => Deliver(in frame, url));
    }

    public Uri StreamUrl => _options.StreamUrl(_symbols);

    public bool IsLive => true;

    public bool Completed => false;

    /// <summary>Messages and snapshots put into the queue.</summary>
    public long FramesReceived => _queue.Received;

    /// <summary>Frames the gateway took (<see cref="TryNext"/>).</summary>
    public long FramesDelivered => _queue.Delivered;

    /// <summary>Connections opened; every one after the first is a reconnect.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    public long Reconnects => Math.Max(0, Connections - 1);

    /// <summary>Connection attempts that failed (refused, timed out, handshake rejected).</summary>
    public long FailedConnects => Interlocked.Read(ref _failedConnects);

    /// <summary>Times the queue was full and the connection was dropped for it.</summary>
    public long QueueOverflows => Interlocked.Read(ref _queueOverflows);

    /// <summary>Snapshots fetched on request (a request made while one for the book is under way is that one's).</summary>
    public long SnapshotRequests => _snapshots.Requests;

    /// <summary>REST attempts that failed and were retried.</summary>
    public long SnapshotFailures => _snapshots.Failures;

    /// <summary>The recording being written, if any.</summary>
    public FrameRecorder? Recorder => _queue.Recorder;

    /// <summary>Starts the connection's background task.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        _receiveLoop ??= Task.Run(() => RunAsync(_stop.Token));
    }

    public bool TryNext(long nowNanos, out RawFrame frame) => _queue.TryTake(out frame);

    /// <summary>Fetches the symbol's REST depth snapshot in the background; delivered as a frame when it arrives.</summary>
    public void RequestSnapshot(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        if (!_stopped)
        {
            _snapshots.Request(symbol, _stop.Token);
        }
    }

    /// <summary>Closes the connection and the recording (flushed); frames still queued stay readable. Idempotent.</summary>
    public void Stop()
    {
        lock (_stopGate)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        _stop.Cancel();
        try
        {
            _receiveLoop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // It ended badly while stopping: there is nothing left to do with it.
        }

        _queue.Close();
    }

    public void Dispose()
    {
        Stop();
        _snapshots.Dispose();
    }

    public string Summary() =>
        $"connections {Connections}, reconnects {Reconnects}, failed connects {FailedConnects}, queue overflows {QueueOverflows}, " +
        $"snapshot requests {SnapshotRequests} ({SnapshotFailures} failed attempts), venue frames received {FramesReceived:N0}, delivered {FramesDelivered:N0}" +
        (Recorder is { } recorder ? $", recorded {recorder.Lines:N0} lines to {recorder.Path}" : string.Empty);

    private async Task RunAsync(CancellationToken token)
    {
        var backoff = new ReconnectBackoff(_options.InitialBackoff, _options.MaxBackoff);
        Uri url = StreamUrl;
        while (!token.IsCancellationRequested)
        {
            string why;
            bool opened = false;
            long openedAt = 0;
            using (var socket = new ClientWebSocket())
            {
                socket.Options.KeepAliveInterval = _options.KeepAlive;
                socket.Options.KeepAliveTimeout = _options.KeepAlive;
                try
                {
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(token))
                    {
                        timeout.CancelAfter(_options.RequestTimeout);
                        await socket.ConnectAsync(url, timeout.Token).ConfigureAwait(false);
                    }

                    opened = true;
                    openedAt = Stopwatch.GetTimestamp();
                    _messagesOnConnection = 0;
                    long connection = Interlocked.Increment(ref _connections);
                    _log.WriteLine($"gateway venue: {_feed}: connected to {url.GetLeftPart(UriPartial.Path)} ({(connection == 1 ? "first connection" : $"reconnect {connection - 1}")})");
                    _connected.TrySetResult();
                    why = await ReceiveAsync(socket, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Whatever went wrong (a network error, a timeout, or something unexpected from the socket), this
                    // task must live on: it is the gateway's only way to the venue.
                    string detail = e is OperationCanceledException ? "timed out" : e is WebSocketException or HttpRequestException or IOException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                    why = opened ? $"connection lost ({detail})" : $"connection failed ({detail})";
                    if (!opened)
                    {
                        Interlocked.Increment(ref _failedConnects);
                    }
                }
                finally
                {
                    if (opened)
                    {
                        _connected = NewSignal();
                    }
                }
            }

            if (token.IsCancellationRequested)
            {
                return;
            }

            // Only a connection that delivered for a while proves the venue is back and starts the back-off afresh.
            // One that fails at once, or overflows at once because the gateway is stuck, keeps doubling the wait:
            // reconnecting ten times a second would run into Binance's limit on new connections (300 per 5 minutes).
            if (opened && _messagesOnConnection > 0 && Stopwatch.GetElapsedTime(openedAt) >= _options.MaxBackoff)
            {
                backoff.Reset();
            }

            TimeSpan delay = backoff.Next();
            _log.WriteLine($"gateway venue: {_feed}: {why}; reconnecting in {delay.TotalMilliseconds:F0} ms (attempt {backoff.Attempts})");
            try
            {
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Receives whole messages into the queue until the connection ends; returns why it ended.</summary>
    private Task<string> ReceiveAsync(ClientWebSocket socket, CancellationToken token) =>
        _reader.ReceiveAsync(socket, message =>
        {
            var frame = new RawFrame(false, null, MonotonicClock.WallNanos(), message.ToArray());
            if (!Deliver(in frame, null))
            {
                Interlocked.Increment(ref _queueOverflows);
                return $"the gateway fell {_options.QueueCapacity:N0} messages behind; dropped the connection (the books resync after it)";
            }

            _messagesOnConnection++;
            return null;
        }, token);

    /// <summary>Queues a frame and records it; false when the queue is full (nothing queued or recorded).</summary>
    private bool Deliver(in RawFrame frame, string? url) => _stopped || _queue.TryAdd(in frame, url);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
