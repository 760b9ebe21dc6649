using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Engine.Transport;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// A live connection to a venue (Binance, OKX, Bybit, Kraken, Coinbase, Deribit), as a frame source; the venue's
/// dialect is its <see cref="IVenueSocketProtocol"/>: the one connect, subscribe, keep-alive and reconnect loop every
/// venue shares. A background task holds one WebSocket: on every connection it sends the protocol's subscribe
/// messages, then puts each whole message received (stamped on <see cref="MonotonicClock.WallNanos"/>) into a
/// <see cref="LiveFrameQueue"/> the gateway thread drains through <see cref="TryNext"/> without waiting. A sender task per connection writes what the source has to say:
/// the subscriptions, resubscriptions asked for by <see cref="RequestSnapshot"/>, answers the protocol wants (Deribit's
/// test_request) and the venue's application-level ping whenever it sent nothing for the protocol's interval.
/// <list type="bullet">
/// <item>Closed, failed or silent connections (WebSocket pings unanswered, or no message for
/// <see cref="SocketLiveOptions.StallTimeout"/>) are reopened with exponential back-off and jitter
/// (<see cref="ReconnectBackoff"/>), and everything is subscribed again: each book restarts from the venue's new snapshot.</item>
/// <item><see cref="RequestSnapshot"/> (the feed found a gap or a bad checksum) unsubscribes and resubscribes that
/// symbol's book on the open connection; asked while no connection is open, nothing is sent: the next connection's
/// subscriptions bring every snapshot anyway. A venue whose books start from a REST snapshot (Binance: its protocol
/// is an <see cref="IRestSnapshotProtocol"/>) fetches it instead, in the background, only while the stream is
/// connected, and delivers it through the same queue, so the feed sees it in the order it was received.</item>
/// <item>A full queue means the gateway is hopelessly behind: the connection is dropped and reopened.</item>
/// </list>
/// </summary>
public sealed class SocketLiveSource : ILiveFrameSource
{
    /// <summary>A message larger than this is not the venue's: the connection is dropped.</summary>
    public const int MaxMessageBytes = WebSocketMessageReader.MaxMessageBytes;

    private readonly IVenueSocketProtocol _protocol;
    private readonly SocketLiveOptions _options;
    private readonly string[] _symbols;
    private readonly TextWriter _log;
    private readonly LiveFrameQueue _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _keepAliveInterval;
    private readonly WebSocketMessageReader _reader;

    // REST snapshots, for a protocol whose books start from one (Binance); null for the others.
    private readonly DepthSnapshotFetcher? _snapshots;

    // The gateway thread's: when each symbol's book was last resubscribed on the current connection (Stopwatch ticks).
    private readonly Dictionary<string, long> _resubscribed = new(StringComparer.Ordinal);
    private readonly object _stopGate = new();

    // The open connection's outgoing messages; null while none is open.
    private volatile Channel<string>? _outbox;

    // Completed while a connection is open: a REST snapshot is fetched only then (Binance: buffer the stream, then ask).
    private volatile TaskCompletionSource _connected = NewSignal();
    private long _connectionEpoch;
    private long _requestEpoch;
    private volatile bool _stopped;
    private Task? _receiveLoop;
    private long _connections;
    private long _failedConnects;
    private long _queueOverflows;
    private long _snapshotRequests;
    private long _keepAlivesSent;
    private long _messagesOnConnection;

    public SocketLiveSource(IVenueSocketProtocol protocol, SocketLiveOptions options, IReadOnlyList<string> symbols, TextWriter log, FrameRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(symbols);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        if (symbols.Count == 0)
        {
            throw new ArgumentException("a live source needs at least one symbol", nameof(symbols));
        }

        _protocol = protocol;
        _options = options;
        _symbols = [.. symbols];
        _log = TextWriter.Synchronized(log);
        _keepAliveInterval = options.KeepAliveInterval ?? protocol.KeepAliveInterval;
        _reader = new WebSocketMessageReader(options.StallTimeout);
        _queue = new LiveFrameQueue(protocol.Feed, options.QueueCapacity, _log, recorder);
        if (protocol is IRestSnapshotProtocol rest)
        {
            _snapshots = rest.CreateSnapshotFetcher(_log, () => _connected.Task, (frame, url) => _stopped || _queue.TryAdd(in frame, url));
        }
    }

    public Uri StreamUrl => _options.Url;

    public bool IsLive => true;

    public bool Completed => false;

    public long FramesReceived => _queue.Received;

    public long FramesDelivered => _queue.Delivered;

    /// <summary>Connections opened; every one after the first is a reconnect.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    public long Reconnects => Math.Max(0, Connections - 1);

    public long FailedConnects => Interlocked.Read(ref _failedConnects);

    public long QueueOverflows => Interlocked.Read(ref _queueOverflows);

    /// <summary>Books resubscribed for a new snapshot, or REST snapshots fetched on request (a request made while one for the book is under way is that one's).</summary>
    public long SnapshotRequests => _snapshots?.Requests ?? Interlocked.Read(ref _snapshotRequests);

    /// <summary>REST snapshot attempts that failed and were retried (0 for venues that resubscribe).</summary>
    public long SnapshotFailures => _snapshots?.Failures ?? 0;

    /// <summary>Application-level pings sent.</summary>
    public long KeepAlivesSent => Interlocked.Read(ref _keepAlivesSent);

    public FrameRecorder? Recorder => _queue.Recorder;

    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopped, this);
        _receiveLoop ??= Task.Run(() => RunAsync(_stop.Token));
    }

    public bool TryNext(long nowNanos, out RawFrame frame) => _queue.TryTake(out frame);

    /// <summary>
    /// Resubscribes the symbol's book on the open connection (at most once per hold-off): the venue pushes a new
    /// snapshot. For a REST-snapshot venue, fetches it in the background; delivered as a frame when it arrives.
    /// </summary>
    public void RequestSnapshot(string symbol)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        if (_snapshots is not null)
        {
            if (!_stopped)
            {
                _snapshots.Request(symbol, _stop.Token);
            }

            return;
        }

        Channel<string>? outbox = _outbox;
        if (_stopped || outbox is null)
        {
            return;     // the next connection subscribes every book afresh
        }

        long epoch = Interlocked.Read(ref _connectionEpoch);
        if (epoch != _requestEpoch)
        {
            _resubscribed.Clear();      // a new connection: its subscriptions are new, so is the hold-off
            _requestEpoch = epoch;
        }

        long now = Stopwatch.GetTimestamp();
        if (_resubscribed.TryGetValue(symbol, out long last) && Stopwatch.GetElapsedTime(last, now) < _options.ResubscribeHoldOff)
        {
            return;
        }

        _resubscribed[symbol] = now;
        Interlocked.Increment(ref _snapshotRequests);
        foreach (string message in _protocol.ResubscribeBook(symbol))
        {
            outbox.Writer.TryWrite(message);
        }
    }

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

    /// <summary>Stops (the cancellation source stays: a receive task slower than Stop's wait still reads its token).</summary>
    public void Dispose()
    {
        Stop();
        _snapshots?.Dispose();
    }

    public string Summary() =>
        $"connections {Connections}, reconnects {Reconnects}, failed connects {FailedConnects}, queue overflows {QueueOverflows}, " +
        $"snapshot requests {SnapshotRequests}{(_snapshots is null ? string.Empty : $" ({SnapshotFailures} failed attempts)")}, keep-alives {KeepAlivesSent}, venue frames received {FramesReceived:N0}, delivered {FramesDelivered:N0}" +
        (Recorder is { } recorder ? $", recorded {recorder.Lines:N0} lines to {recorder.Path}" : string.Empty);

    private async Task RunAsync(CancellationToken token)
    {
        var backoff = new ReconnectBackoff(_options.InitialBackoff, _options.MaxBackoff);
        Uri url = _options.Url;
        while (!token.IsCancellationRequested)
        {
            string why;
            bool opened = false;
            long openedAt = 0;
            using (var socket = new ClientWebSocket())
            using (var connection = CancellationTokenSource.CreateLinkedTokenSource(token))
            {
                socket.Options.KeepAliveInterval = _options.WebSocketKeepAlive;
                socket.Options.KeepAliveTimeout = _options.WebSocketKeepAlive;
                Task? sender = null;
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
                    long count = Interlocked.Increment(ref _connections);
                    _log.WriteLine($"gateway venue: {_protocol.Feed}: connected to {url.GetLeftPart(UriPartial.Path)} ({(count == 1 ? "first connection" : $"reconnect {count - 1}")}); subscribing {_symbols.Length} symbol(s)");
                    var outbox = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
                    foreach (string message in _protocol.Subscribe(_symbols))
                    {
                        outbox.Writer.TryWrite(message);
                    }

                    Interlocked.Increment(ref _connectionEpoch);
                    _outbox = outbox;
                    _connected.TrySetResult();
                    sender = SendAsync(socket, outbox, connection.Token);
                    why = await ReceiveAsync(socket, outbox, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    // Whatever went wrong, this task must live on: it is the gateway's only way to the venue.
                    string detail = e is OperationCanceledException ? "timed out" : e is WebSocketException or HttpRequestException or IOException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                    why = opened ? $"connection lost ({detail})" : $"connection failed ({detail})";
                    if (!opened)
                    {
                        Interlocked.Increment(ref _failedConnects);
                    }
                }
                finally
                {
                    _outbox = null;
                    if (opened)
                    {
                        _connected = NewSignal();
                    }

                    await connection.CancelAsync().ConfigureAwait(false);
                    if (sender is not null)
                    {
                        await sender.ConfigureAwait(false);
                    }
                }
            }

            if (token.IsCancellationRequested)
            {
                return;
            }

            // Only a connection that delivered for a while proves the venue is back and starts the back-off afresh:
            // one failing at once keeps doubling the wait, clear of the venues' limits on new connections.
            if (opened && _messagesOnConnection > 0 && Stopwatch.GetElapsedTime(openedAt) >= _options.MaxBackoff)
            {
                backoff.Reset();
            }

            TimeSpan delay = backoff.Next();
            _log.WriteLine($"gateway venue: {_protocol.Feed}: {why}; reconnecting in {delay.TotalMilliseconds:F0} ms (attempt {backoff.Attempts})");
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

    /// <summary>Writes the outbox's messages in order, and the venue's ping whenever nothing was sent for the keep-alive interval.</summary>
    private async Task SendAsync(ClientWebSocket socket, Channel<string> outbox, CancellationToken token)
    {
        try
        {
            Task<bool>? ready = null;
            while (true)
            {
                ready ??= outbox.Reader.WaitToReadAsync(token).AsTask();
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    Task delay = Task.Delay(_keepAliveInterval, idle.Token);
                    Task first = await Task.WhenAny(ready, delay).ConfigureAwait(false);
                    await idle.CancelAsync().ConfigureAwait(false);
                    if (first != ready)
                    {
                        token.ThrowIfCancellationRequested();
                        if (_protocol.KeepAliveMessage() is { } ping)
                        {
                            await SendTextAsync(socket, ping, token).ConfigureAwait(false);
                            Interlocked.Increment(ref _keepAlivesSent);
                        }

                        continue;
                    }
                }

                if (!await ready.ConfigureAwait(false))
                {
                    return;
                }

                ready = null;
                while (outbox.Reader.TryRead(out string? message))
                {
                    await SendTextAsync(socket, message, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ends.
        }
        catch (Exception e)
        {
            // A socket that cannot be written to is dead (whatever the exception says): the receive loop ends with it
            // and the source reconnects. This task must not fault: the connection loop awaits it.
            _log.WriteLine($"gateway venue: {_protocol.Feed}: sending failed ({e.Message}); dropping the connection");
            socket.Abort();
        }
    }

    private static Task SendTextAsync(ClientWebSocket socket, string message, CancellationToken token) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, token);

    /// <summary>Receives whole messages into the queue until the connection ends; returns why it ended.</summary>
    private Task<string> ReceiveAsync(ClientWebSocket socket, Channel<string> outbox, CancellationToken token) =>
        _reader.ReceiveAsync(socket, message =>
        {
            SocketFrameKind kind = _protocol.Inspect(message, out string? reply);
            if (reply is not null)
            {
                outbox.Writer.TryWrite(reply);
            }

            if (kind == SocketFrameKind.Deliver)
            {
                var frame = new RawFrame(false, null, MonotonicClock.WallNanos(), message.ToArray());
                if (!_queue.TryAdd(in frame))
                {
                    Interlocked.Increment(ref _queueOverflows);
                    return $"the gateway fell {_queue.Capacity:N0} messages behind; dropped the connection (the books resync after it)";
                }
            }

            _messagesOnConnection++;
            return null;
        }, token);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
