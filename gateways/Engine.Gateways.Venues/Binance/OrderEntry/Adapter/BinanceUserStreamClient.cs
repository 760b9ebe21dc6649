using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using Engine.Gateways.Venues.Gateway.Live;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// Binance's user data stream for the adapter, on its own thread: connects to <c>ws://HOST/ws/&lt;listenKey&gt;</c> with
/// the key the REST thread obtained (<see cref="ListenKey"/>), and queues every message received for the gateway's duty
/// cycle (<see cref="TryTake"/>), in arrival order, in pooled buffers. When the socket closes or fails it asks for a
/// key again (<see cref="NeedsListenKey"/>: Binance may have expired it) and reconnects with exponential back-off; each
/// successful connection bumps <see cref="Generation"/>, which the REST thread reconciles after, so what happened while
/// no socket was open is learned from REST.
/// Thread ownership: its own thread runs the socket; the properties are read and written across threads (volatile).
/// </summary>
internal sealed class BinanceUserStreamClient : IDisposable
{
    private const int MaxMessageBytes = 1 << 20;

    private readonly Uri _webSocketBase;
    private readonly TextWriter _log;
    private readonly ReconnectBackoff _backoff;
    private readonly ConcurrentQueue<(byte[] Buffer, int Length)> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private volatile string? _listenKey;
    private volatile bool _needsListenKey = true;
    private volatile bool _connected;
    private int _generation;

    public BinanceUserStreamClient(Uri webSocketBase, TextWriter log, TimeSpan initialBackoff, TimeSpan maxBackoff)
    {
        _webSocketBase = webSocketBase;
        _log = log;
        _backoff = new ReconnectBackoff(initialBackoff, maxBackoff);
        _thread = new Thread(Run) { IsBackground = true, Name = "binance-user-stream" };
    }

    /// <summary>The REST thread sets a (new or extended) listen key here.</summary>
    public string? ListenKey
    {
        get => _listenKey;
        set
        {
            _listenKey = value;
            _needsListenKey = value is null;
        }
    }

    public bool NeedsListenKey => _needsListenKey;

    public bool IsConnected => _connected;

    /// <summary>Successful connections so far.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public long MessagesReceived { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>The next message, in a pooled buffer the caller returns with <see cref="Return"/>.</summary>
    public bool TryTake(out byte[] buffer, out int length)
    {
        if (_messages.TryDequeue(out (byte[] Buffer, int Length) message))
        {
            (buffer, length) = message;
            return true;
        }

        (buffer, length) = (null!, 0);
        return false;
    }

    public static void Return(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    public void Dispose()
    {
        _stop.Cancel();
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(5));
        }

        _stop.Dispose();
    }

    private void Run()
    {
        var receive = new byte[MaxMessageBytes];
        while (!_stop.IsCancellationRequested)
        {
            string? key = _listenKey;
            if (key is null || _needsListenKey)
            {
                Sleep(TimeSpan.FromMilliseconds(20));
                continue;
            }

            try
            {
                using var socket = new ClientWebSocket();
                using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                {
                    connecting.CancelAfter(TimeSpan.FromSeconds(10));
                    socket.ConnectAsync(new Uri(_webSocketBase, "/ws/" + key), connecting.Token).GetAwaiter().GetResult();
                }

                _connected = true;
                _backoff.Reset();
                Interlocked.Increment(ref _generation);
                ReceiveUntilClosed(socket, receive);
                _log.WriteLine("binance order entry: the user data stream closed; asking for the listen key again and reconnecting (what happens meanwhile is reconciled from REST)");
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or System.Net.Http.HttpRequestException)
            {
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                _log.WriteLine($"binance order entry: the user data stream failed ({e.GetType().Name}: {e.Message}); reconnecting");
            }
            finally
            {
                _connected = false;
            }

            // Binance may have expired or closed the key: the REST thread opens it again before the next attempt.
            _needsListenKey = true;
            Sleep(_backoff.Next());
        }
    }

    private void ReceiveUntilClosed(ClientWebSocket socket, byte[] receive)
    {
        while (!_stop.IsCancellationRequested)
        {
            int length = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (length == receive.Length)
                {
                    throw new IOException($"a user-data-stream message over {MaxMessageBytes} bytes");
                }

                result = socket.ReceiveAsync(receive.AsMemory(length), _stop.Token).AsTask().GetAwaiter().GetResult();
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            byte[] copy = ArrayPool<byte>.Shared.Rent(length);
            receive.AsSpan(0, length).CopyTo(copy);
            _messages.Enqueue((copy, length));
            MessagesReceived++;
        }
    }

    private void Sleep(TimeSpan delay) => _stop.Token.WaitHandle.WaitOne(delay);
}
