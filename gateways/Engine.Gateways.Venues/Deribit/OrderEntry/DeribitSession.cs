using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Engine.Gateways.Venues.OrderEntry;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>
/// The adapter's JSON-RPC connection to Deribit and everything sent on it. Per connection: <c>public/get_time</c>
/// (the server clock's offset, for <c>valid_until</c>), <c>public/auth</c> with the client credentials (refreshed with
/// the refresh token once <see cref="DeribitOrderEntryOptions.RefreshAt"/> of its life has passed),
/// <c>private/enable_cancel_on_disconnect</c> (so a gateway that dies or loses Deribit leaves Deribit to cancel its
/// orders), <c>public/set_heartbeat</c>, the <c>user.orders</c> / <c>user.trades</c> subscriptions of every instrument,
/// then reconciliation, and only then the engine's queued requests. A lost connection fails every call in flight
/// (their orders' fate becomes unknown) and is made again with exponential back-off.
/// Threads: one loop task owns the connection's life and the command queue; one receive task per connection
/// completes calls and applies notifications; order requests run as their own tasks awaiting their answers; they
/// share the tracker (its lock) and the send lock.
/// </summary>
internal sealed partial class DeribitSession : IDisposable
{
    private readonly DeribitOrderEntryOptions _options;
    private readonly string _clientId;
    private readonly byte[] _secret;
    private readonly DeribitOrderTracker _tracker;
    private readonly IReadOnlyList<(OrderEntryInstrument Instrument, string Currency)> _instruments;
    private readonly TextWriter _log;
    private readonly DeribitRequestWriter _writer;
    private readonly Channel<DeribitCommand> _commands = Channel.CreateUnbounded<DeribitCommand>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, long> _positionBaseline = new(StringComparer.Ordinal);
    private ClientWebSocket? _socket;
    private CancellationTokenSource? _connectionLost;
    private Task _loop = Task.CompletedTask;
    private long _nextId;
    private long _serverOffsetMillis;
    private string? _refreshToken;
    private long _refreshDueMillis;

    public DeribitSession(DeribitOrderEntryOptions options, string clientId, ReadOnlySpan<byte> secret, DeribitOrderTracker tracker, IReadOnlyList<(OrderEntryInstrument Instrument, string Currency)> instruments, TextWriter log)
    {
        _options = options;
        _clientId = clientId;
        _secret = secret.ToArray();
        _tracker = tracker;
        _instruments = instruments;
        _log = log;
        _writer = new DeribitRequestWriter(options.LabelPrefix);
    }

    /// <summary>Connections made (and authenticated) so far.</summary>
    public int Generation { get; private set; }

    public int Reconciliations { get; private set; }

    public int OrphansCanceled { get; private set; }

    public int MissedFills { get; private set; }

    public int PositionBreaks { get; private set; }

    public int UnknownOutcomes { get; private set; }

    public int TokenRefreshes { get; private set; }

    /// <summary>Notifications that could not be read.</summary>
    public long MalformedMessages { get; private set; }

    /// <summary>Notifications about orders the engine did not send here.</summary>
    public long UnknownOrderReports { get; private set; }

    public string LabelOf(ulong engineOrderId) => _writer.Label(engineOrderId);

    public void Start() => _loop = Task.Run(RunAsync);

    public void Enqueue(DeribitCommand command) => _commands.Writer.TryWrite(command);

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ended with the connection; nothing is left to do.
        }

        _socket?.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
        Array.Clear(_secret);
    }

    private long ServerNow => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + _serverOffsetMillis;

    private async Task RunAsync()
    {
        TimeSpan delay = _options.ReconnectInitialDelay;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await RunConnectionAsync().ConfigureAwait(false);
                delay = _options.ReconnectInitialDelay;
            }
            catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or TimeoutException or DeribitCallException or JsonException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                _log.WriteLine($"deribit order entry: connection lost ({e.GetType().Name}: {e.Message}); reconnecting in {delay.TotalMilliseconds:F0} ms");
            }

            try
            {
                await Task.Delay(delay + TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, delay.TotalMilliseconds / 4))), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(_options.ReconnectMaxDelay.Ticks, delay.Ticks * 2));
        }
    }

    private async Task RunConnectionAsync()
    {
        using var socket = new ClientWebSocket();
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        using (var connect = CancellationTokenSource.CreateLinkedTokenSource(lost.Token))
        {
            connect.CancelAfter(_options.RequestTimeout);
            await socket.ConnectAsync(_options.WebSocketUri, connect.Token).ConfigureAwait(false);
        }

        _socket = socket;
        _connectionLost = lost;
        Task receiving = ReceiveAsync(socket, lost);
        try
        {
            await OpenAsync().ConfigureAwait(false);
            await ReconcileAsync().ConfigureAwait(false);
            Generation++;
            ResendPendingCancels();
            await PumpAsync(lost.Token).ConfigureAwait(false);
        }
        finally
        {
            await lost.CancelAsync().ConfigureAwait(false);
            FailCalls();
            socket.Abort();
            await receiving.ConfigureAwait(false);
            _connectionLost = null;
        }
    }

    /// <summary>The connection's session: clock, authentication, cancel-on-disconnect, heartbeat, subscriptions.</summary>
    private async Task OpenAsync()
    {
        long before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        JsonElement time = await ResultAsync("public/get_time", new JsonObject()).ConfigureAwait(false);
        long after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _serverOffsetMillis = time.GetInt64() - ((before + after) / 2);
        await AuthenticateAsync(refresh: false).ConfigureAwait(false);
        await ResultAsync("private/enable_cancel_on_disconnect", new JsonObject { ["scope"] = "connection" }).ConfigureAwait(false);
        await ResultAsync("public/set_heartbeat", new JsonObject { ["interval"] = _options.HeartbeatSeconds }).ConfigureAwait(false);
        var channels = new JsonArray();
        foreach ((OrderEntryInstrument instrument, _) in _instruments)
        {
            channels.Add($"user.orders.{instrument.VenueSymbol}.raw");
            channels.Add($"user.trades.{instrument.VenueSymbol}.raw");
        }

        JsonElement subscribed = await ResultAsync("private/subscribe", new JsonObject { ["channels"] = channels }).ConfigureAwait(false);
        if (subscribed.GetArrayLength() != channels.Count)
        {
            _log.WriteLine($"deribit order entry: Deribit subscribed {subscribed.GetArrayLength()} of {channels.Count} channels ({subscribed}); fills of the others are learned by reconciliation only");
        }
    }

    /// <summary><c>public/auth</c>: client credentials, or (refresh) the refresh token, falling back to the credentials when Deribit refuses it.</summary>
    private async Task AuthenticateAsync(bool refresh)
    {
        JsonObject parameters = refresh && _refreshToken is not null
            ? new JsonObject { ["grant_type"] = "refresh_token", ["refresh_token"] = _refreshToken }
            : new JsonObject { ["grant_type"] = "client_credentials", ["client_id"] = _clientId, ["client_secret"] = Encoding.UTF8.GetString(_secret) };
        JsonElement answer = await CallAsync("public/auth", parameters).ConfigureAwait(false);
        if (answer.TryGetProperty("error", out JsonElement error))
        {
            if (refresh)
            {
                _log.WriteLine($"deribit order entry: refreshing the access token was refused ({ErrorText(error)}); authenticating with the client credentials");
                _refreshToken = null;
                await AuthenticateAsync(refresh: false).ConfigureAwait(false);
                return;
            }

            // Never the credentials themselves: Deribit's code and words only.
            throw new DeribitCallException($"public/auth refused: {ErrorText(error)}");
        }

        JsonElement result = answer.GetProperty("result");
        _refreshToken = result.GetProperty("refresh_token").GetString();
        long expiresIn = result.GetProperty("expires_in").GetInt64();
        _refreshDueMillis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + (long)(expiresIn * 1000 * _options.RefreshAt);
        if (refresh)
        {
            TokenRefreshes++;
        }
    }

    /// <summary>Takes the engine's requests while the connection lives; refreshes the token and settles unknown fates on the way.</summary>
    private async Task PumpAsync(CancellationToken lost)
    {
        var pending = new List<Task>();
        while (!lost.IsCancellationRequested)
        {
            using (var wait = CancellationTokenSource.CreateLinkedTokenSource(lost))
            {
                wait.CancelAfter(TimeSpan.FromMilliseconds(200));
                try
                {
                    await _commands.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!lost.IsCancellationRequested)
                {
                    // A tick: time to look at the token and the unknown orders.
                }
            }

            lost.ThrowIfCancellationRequested();
            while (_commands.Reader.TryRead(out DeribitCommand command))
            {
                pending.Add(HandleAsync(command));
            }

            pending.RemoveAll(task => task.IsCompleted);
            if (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() >= _refreshDueMillis)
            {
                await AuthenticateAsync(refresh: true).ConfigureAwait(false);
            }

            await SettleUnknownAsync().ConfigureAwait(false);
            _tracker.Prune(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), (long)_options.ClosedOrderRetention.TotalMilliseconds);
        }
    }

    /// <summary>A call whose answer must be a result; an error answer fails the connection's setup.</summary>
    private async Task<JsonElement> ResultAsync(string method, JsonObject parameters)
    {
        JsonElement answer = await CallAsync(method, parameters).ConfigureAwait(false);
        return answer.TryGetProperty("result", out JsonElement result)
            ? result
            : throw new DeribitCallException($"{method} refused: {ErrorText(answer.GetProperty("error"))}");
    }

    private Task<JsonElement> CallAsync(string method, JsonObject parameters)
    {
        long id = Interlocked.Increment(ref _nextId);
        byte[] request = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        return CallRawAsync(id, request);
    }

    /// <summary>Sends one request and waits for the answer with its id (the whole answer: result or error); a timeout or a lost connection throws.</summary>
    private async Task<JsonElement> CallRawAsync(long id, ReadOnlyMemory<byte> request)
    {
        ClientWebSocket socket = _socket ?? throw new DeribitCallException("not connected");
        CancellationToken lost = _connectionLost?.Token ?? throw new DeribitCallException("not connected");
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = answer;
        try
        {
            await _sendLock.WaitAsync(lost).ConfigureAwait(false);
            try
            {
                await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, lost).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }

            return await answer.Task.WaitAsync(_options.RequestTimeout, lost).ConfigureAwait(false);
        }
        finally
        {
            _calls.TryRemove(id, out _);
        }
    }

    private void FailCalls()
    {
        foreach (KeyValuePair<long, TaskCompletionSource<JsonElement>> call in _calls)
        {
            call.Value.TrySetException(new DeribitCallException("the connection was lost before the answer"));
        }
    }

    private static string ErrorText(JsonElement error)
    {
        int code = error.TryGetProperty("code", out JsonElement c) && c.TryGetInt32(out int number) ? number : 0;
        string message = error.TryGetProperty("message", out JsonElement m) ? m.GetString() ?? string.Empty : string.Empty;
        (string? reason, string? param) = ErrorData(error);
        return DeribitRejectCodes.Text(code, message, reason, param);
    }

    private static (string? Reason, string? Param) ErrorData(JsonElement error)
    {
        if (!error.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        string? reason = data.TryGetProperty("reason", out JsonElement r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        string? param = data.TryGetProperty("param", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        return (reason, param);
    }
}
