using System.Collections.Concurrent;
using System.Text.Json;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.Venues.OrderEntry.Http;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// The adapter's REST thread: one kept-alive HTTP/1.1 connection to Binance over which it sends the engine's orders and
/// cancels (the signed bytes of <see cref="BinanceRequestWriter"/>, <c>timestamp</c> = local clock + the offset measured
/// from <c>GET /api/v3/time</c>), opens and keeps alive the user data stream's listen key, asks about orders of unknown
/// fate, and reconciles after every (re)connection of the stream (<see cref="Reconcile"/>).
/// <list type="bullet">
/// <item>An answer is the order's fate only when it says so: 200 (accepted), a 4xx refusal (rejected, with the engine's
/// code for Binance's and Binance's text on the log). A timeout, a 5xx, a dropped connection leave it
/// <see cref="BinanceTrackedOrderState.PendingUnknown"/>: it is queried by its client id until Binance says; "does not
/// exist" counts only once Binance's clock is past the request's <c>timestamp + recvWindow</c> (after that Binance
/// refuses the request if it ever arrives), and it is never sent again under another id.</item>
/// <item>Rate limits: the used weight and order count are read from every answer; a 429 stops new orders (refused to
/// the engine as rate-limited) for Retry-After (or <see cref="BinanceOrderEntryOptions.RateLimitBackoff"/>); a 418 is a
/// hard stop for its Retry-After: nothing is sent, cancels wait.</item>
/// </list>
/// Thread ownership: its own thread, which alone uses the connection, the writer and these fields; it reaches the
/// order table only through <see cref="BinanceOrderTracker"/>'s lock.
/// </summary>
internal sealed partial class BinanceRestWorker : IDisposable
{
    private readonly BinanceOrderEntryOptions _options;
    private readonly BinanceRequestWriter _writer;
    private readonly KeptAliveHttpConnection _http;
    private readonly BinanceOrderTracker _tracker;
    private readonly BinanceUserStreamClient _stream;
    private readonly TextWriter _log;
    private readonly IReadOnlyList<OrderEntryInstrument> _instruments;
    private readonly BlockingCollection<BinanceCommand> _commands = new(new ConcurrentQueue<BinanceCommand>());
    private readonly List<BinanceCommand> _deferred = [];
    private readonly ReconnectBackoff _startBackoff;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private long _offsetMillis;
    private long _nextTimeSync;
    private long _nextKeepAlive;
    private long _pausedUntil;
    private long _bannedUntil;
    private long _nextUnknownQuery;
    private int _reconciledGeneration;
    private bool _started;
    private volatile bool _reconcileRequested;

    public BinanceRestWorker(BinanceOrderEntryOptions options, BinanceRequestWriter writer, BinanceOrderTracker tracker, BinanceUserStreamClient stream, IReadOnlyList<OrderEntryInstrument> instruments, TextWriter log)
    {
        _options = options;
        _writer = writer;
        _tracker = tracker;
        _stream = stream;
        _instruments = instruments;
        _log = log;
        _http = new KeptAliveHttpConnection(options.RestBase.Host, options.RestBase.Port, options.RequestTimeout);
        _startBackoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay);
        _thread = new Thread(Run) { IsBackground = true, Name = "binance-order-entry-rest" };
    }

    /// <summary>Binance's clock minus ours, in ms, as last measured.</summary>
    public long ServerTimeOffsetMillis => Interlocked.Read(ref _offsetMillis);

    public long LastUsedWeight { get; private set; } = -1;

    public long LastOrderCount { get; private set; } = -1;

    public int RateLimitedAnswers { get; private set; }

    public int Bans { get; private set; }

    public int UnknownOutcomes { get; private set; }

    public int Reconciliations { get; private set; }

    public int OrphansCanceled { get; private set; }

    public int MissedFills { get; private set; }

    public int BalanceBreaks { get; private set; }

    public int Anomalies { get; private set; }

    /// <summary>True once the time, the symbols and the listen key were obtained.</summary>
    public bool IsStarted => Volatile.Read(ref _started);

    public void Start() => _thread.Start();

    public void Enqueue(BinanceCommand command) => _commands.Add(command);

    /// <summary>Reconcile at the next turn (<c>engine admin reconcile</c> would call this).</summary>
    public void RequestReconciliation() => _reconcileRequested = true;

    public void Dispose()
    {
        _stop.Cancel();
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(10));
        }

        _http.Dispose();
        _commands.Dispose();
        _stop.Dispose();
    }

    private static long LocalMillis() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private long ServerNow() => LocalMillis() + Interlocked.Read(ref _offsetMillis);

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                Turn();
            }
            catch (FormatException e)
            {
                Anomalies++;
                _log.WriteLine($"binance order entry: ANOMALY: an answer from Binance cannot be read ({e.Message}); the request's outcome is left to the next query or reconciliation");
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or KeyNotFoundException or ArgumentException)
            {
                Anomalies++;
                _log.WriteLine($"binance order entry: the REST thread recovered from {e.GetType().Name}: {e.Message}");
            }
        }
    }

    private void Turn()
    {
        if (!_started)
        {
            if (!TryStart())
            {
                _stop.Token.WaitHandle.WaitOne(_startBackoff.Next());
            }

            return;
        }

        long now = LocalMillis();
        if (now >= _nextTimeSync)
        {
            SyncTime();
        }

        if (_stream.NeedsListenKey && now >= _bannedUntil)
        {
            OpenListenKey();
        }
        else if (now >= _nextKeepAlive && _stream.ListenKey is not null)
        {
            KeepAliveListenKey();
        }

        int generation = _stream.Generation;
        if ((generation != _reconciledGeneration && _stream.IsConnected) || _reconcileRequested)
        {
            _reconcileRequested = false;
            _reconciledGeneration = generation;
            Reconcile();
        }

        if (now >= _nextUnknownQuery)
        {
            _nextUnknownQuery = now + (long)_options.UnknownQueryInterval.TotalMilliseconds;
            ResolveUnknown(force: false);
        }

        RunDeferred(now);
        if (_commands.TryTake(out BinanceCommand command, 20))
        {
            Execute(command);
        }
    }

    private bool TryStart()
    {
        if (!SyncTime() || !ReadSymbols() || !OpenListenKey())
        {
            return false;
        }

        _startBackoff.Reset();
        _stream.Start();
        Volatile.Write(ref _started, true);
        _log.WriteLine($"binance order entry: connected to {_options.RestBase} (server time offset {_offsetMillis} ms); user data stream opening");
        return true;
    }

    private void Execute(BinanceCommand command)
    {
        BinanceTrackedOrder? order = _tracker.Find(command.EngineOrderId);
        if (order is null)
        {
            return;
        }

        if (command.Kind == BinanceCommandKind.NewOrder)
        {
            SendNewOrder(order);
        }
        else
        {
            SendCancel(order, command);
        }
    }

    private void SendNewOrder(BinanceTrackedOrder order)
    {
        long now = LocalMillis();
        if (now < _bannedUntil || now < _pausedUntil)
        {
            Refuse(order, ResultCode.VenueRateLimited, $"not sent: Binance asked for a back-off ({(now < _bannedUntil ? "418 ban" : "429")}) for another {Math.Max(_bannedUntil, _pausedUntil) - now} ms");
            return;
        }

        VenueOrder request = order.ToVenueOrder(order.EngineOrderId);
        for (int attempt = 0; attempt < 2; attempt++)
        {
            long timestamp = ServerNow();
            order.SentTimestampMillis = timestamp;
            ResultCode written = _writer.WriteNewOrder(in request, timestamp);
            if (written != ResultCode.Ok)
            {
                Refuse(order, written, "Binance spot cannot express this order (reduce-only, Day or GTD); nothing was sent");
                return;
            }

            HttpExchangeFailure failure = _http.Exchange(_writer.Request, out HttpResponse response);
            if (failure == HttpExchangeFailure.NotConnected)
            {
                Refuse(order, ResultCode.VenueRejected, $"not sent: {_http.LastError}");
                return;
            }

            if (failure != HttpExchangeFailure.None)
            {
                Unknown(order, $"{failure}: {_http.LastError}");
                return;
            }

            RecordLimits(in response);
            if (response.Status == 200)
            {
                using JsonDocument ack = BinanceRestJson.Parse(response.Body, "new order answer");
                _tracker.OnAccepted(order, BinanceRestJson.Long(ack.RootElement, "orderId"), BinanceRestJson.Long(ack.RootElement, "transactTime"));
                return;
            }

            if (response.Status >= 500)
            {
                Unknown(order, $"HTTP {response.Status}");
                return;
            }

            if (!BinanceRestJson.TryReadError(response.Body, out int code, out string message))
            {
                Unknown(order, $"HTTP {response.Status} with an answer that is not Binance's error object");
                return;
            }

            if (code == -1021 && attempt == 0)
            {
                // Refused for its timestamp: nothing was placed, so the same request with a fresh offset is safe.
                _log.WriteLine($"binance order entry: order {order.EngineOrderId} refused for its timestamp ({message}); measuring the server time again and resending it under the same client id");
                SyncTime();
                continue;
            }

            if (code == -2010 && message.Contains("Duplicate order", StringComparison.Ordinal))
            {
                // Binance already has this client id: a first attempt did arrive. Ask it what it holds.
                Unknown(order, message);
                return;
            }

            Refuse(order, BinanceRejectCodes.For(response.Status, code, System.Text.Encoding.UTF8.GetBytes(message)), $"Binance refused it: {code} \"{message}\"");
            return;
        }
    }

    private void SendCancel(BinanceTrackedOrder order, BinanceCommand command)
    {
        if (!order.IsOpen)
        {
            return;
        }

        long now = LocalMillis();
        if (now < _bannedUntil || now < _pausedUntil)
        {
            Defer(command, Math.Max(_bannedUntil, _pausedUntil));
            return;
        }

        order.CancelRequestId = command.RequestId;
        VenueOrder request = order.ToVenueOrder(command.RequestId);
        _writer.WriteCancel(in request, ServerNow());
        HttpExchangeFailure failure = _http.Exchange(_writer.Request, out HttpResponse response);
        if (failure != HttpExchangeFailure.None)
        {
            // A cancel is safe to repeat (by the order's client id); after a few tries, ask what the order is.
            _log.WriteLine($"binance order entry: cancel {command.RequestId} of order {order.EngineOrderId} got no answer ({failure}: {_http.LastError}); {(command.Attempt < 3 ? "sending it again" : "asking Binance for the order")}");
            if (command.Attempt < 3)
            {
                Defer(command with { Attempt = command.Attempt + 1 }, LocalMillis() + 100);
            }
            else
            {
                QueryAndSettle(order, command.RequestId);
            }

            return;
        }

        RecordLimits(in response);
        if (response.Status == 200)
        {
            using JsonDocument answer = BinanceRestJson.Parse(response.Body, "cancel answer");
            string status = BinanceRestJson.Text(answer.RootElement, "status");
            if (BinanceRestJson.Decimal(answer.RootElement, "executedQty") * BinanceRestJson.Pow10(order.Instrument.QuantityScale) > order.Cumulative)
            {
                // It traded before the cancel and the stream has not said so yet: the fills first.
                FetchTrades(order.Instrument);
            }

            _tracker.OnCanceled(order, command.RequestId, expired: status.StartsWith("EXPIRED", StringComparison.Ordinal), BinanceRestJson.Long(answer.RootElement, "transactTime"));
            return;
        }

        if (response.Status is 429 or 418 || response.Status >= 500)
        {
            Defer(command with { Attempt = command.Attempt + 1 }, Math.Max(LocalMillis() + 100, _pausedUntil));
            return;
        }

        BinanceRestJson.TryReadError(response.Body, out int code, out string message);
        _log.WriteLine($"binance order entry: cancel {command.RequestId} of order {order.EngineOrderId} refused: {code} \"{message}\"; asking Binance for the order");
        QueryAndSettle(order, command.RequestId);
    }

    private void Refuse(BinanceTrackedOrder order, ResultCode reason, string why)
    {
        _log.WriteLine($"binance order entry: order {order.EngineOrderId} ({order.Instrument.VenueSymbol}) rejected, engine code {(int)reason} {reason}: {why}");
        _tracker.OnRejected(order, order.EngineOrderId, reason, ServerNow());
    }

    private void Unknown(BinanceTrackedOrder order, string why)
    {
        UnknownOutcomes++;
        _log.WriteLine($"binance order entry: order {order.EngineOrderId} is pending-unknown ({why}): it is neither assumed placed nor refused, and will be asked about by its client id");
        _tracker.MarkUnknown(order);
        _nextUnknownQuery = LocalMillis() + (long)_options.UnknownQueryInterval.TotalMilliseconds;
    }

    private void Defer(BinanceCommand command, long notBeforeMillis) => _deferred.Add(command with { NotBeforeMillis = notBeforeMillis });

    private void RunDeferred(long now)
    {
        for (int i = 0; i < _deferred.Count; i++)
        {
            if (_deferred[i].NotBeforeMillis <= now)
            {
                BinanceCommand command = _deferred[i];
                _deferred.RemoveAt(i);
                Execute(command);
                return;
            }
        }
    }

    private void RecordLimits(in HttpResponse response)
    {
        if (response.UsedWeight >= 0)
        {
            LastUsedWeight = response.UsedWeight;
        }

        if (response.OrderCount >= 0)
        {
            LastOrderCount = response.OrderCount;
        }

        long retryMillis = response.RetryAfterSeconds > 0 ? response.RetryAfterSeconds * 1000 : (long)_options.RateLimitBackoff.TotalMilliseconds;
        if (response.Status == 429)
        {
            RateLimitedAnswers++;
            _pausedUntil = LocalMillis() + retryMillis;
            _log.WriteLine($"binance order entry: 429 from Binance (used weight {LastUsedWeight}, orders {LastOrderCount}): no new orders for {retryMillis} ms");
        }
        else if (response.Status == 418)
        {
            Bans++;
            _bannedUntil = LocalMillis() + Math.Max(retryMillis, 60_000);
            _log.WriteLine($"binance order entry: 418 from Binance: the IP is banned; HARD STOP, nothing is sent for {_bannedUntil - LocalMillis()} ms");
        }
    }

    /// <summary>Measures Binance's clock against ours (half the round trip assumed each way).</summary>
    private bool SyncTime()
    {
        _nextTimeSync = LocalMillis() + (long)_options.TimeSyncInterval.TotalMilliseconds;
        _writer.WriteServerTime();
        long before = LocalMillis();
        if (_http.Exchange(_writer.Request, out HttpResponse response) != HttpExchangeFailure.None || response.Status != 200)
        {
            _log.WriteLine($"binance order entry: GET /api/v3/time failed ({_http.LastError ?? "HTTP " + response.Status})");
            return false;
        }

        long after = LocalMillis();
        using JsonDocument time = BinanceRestJson.Parse(response.Body, "server time");
        Interlocked.Exchange(ref _offsetMillis, BinanceRestJson.Long(time.RootElement, "serverTime") - ((before + after) / 2));
        return true;
    }

    private bool ReadSymbols()
    {
        _writer.WriteExchangeInfo();
        if (_http.Exchange(_writer.Request, out HttpResponse response) != HttpExchangeFailure.None || response.Status != 200)
        {
            _log.WriteLine($"binance order entry: GET /api/v3/exchangeInfo failed ({_http.LastError ?? "HTTP " + response.Status})");
            return false;
        }

        using JsonDocument info = BinanceRestJson.Parse(response.Body, "exchangeInfo");
        lock (_tracker.Gate)
        {
            foreach (JsonElement symbol in info.RootElement.GetProperty("symbols").EnumerateArray())
            {
                _tracker.Assets[BinanceRestJson.Text(symbol, "symbol")] = (BinanceRestJson.Text(symbol, "baseAsset"), BinanceRestJson.Text(symbol, "quoteAsset"));
            }
        }

        foreach (OrderEntryInstrument instrument in _instruments)
        {
            if (!_tracker.Assets.ContainsKey(instrument.VenueSymbol))
            {
                _log.WriteLine($"binance order entry: Binance does not list {instrument.VenueSymbol} (exchangeInfo); its orders will be refused by Binance");
            }
        }

        return true;
    }

    private bool OpenListenKey()
    {
        _writer.WriteUserDataStream(BinanceListenKeyAction.Open, default);
        if (_http.Exchange(_writer.Request, out HttpResponse response) != HttpExchangeFailure.None || response.Status != 200)
        {
            if (response.Status != 0)
            {
                RecordLimits(in response);
            }

            _log.WriteLine($"binance order entry: POST /api/v3/userDataStream failed ({_http.LastError ?? "HTTP " + response.Status})");
            return false;
        }

        using JsonDocument answer = BinanceRestJson.Parse(response.Body, "listen key");
        _stream.ListenKey = BinanceRestJson.Text(answer.RootElement, "listenKey");
        _nextKeepAlive = LocalMillis() + (long)_options.ListenKeyKeepAlive.TotalMilliseconds;
        return true;
    }

    private void KeepAliveListenKey()
    {
        _nextKeepAlive = LocalMillis() + (long)_options.ListenKeyKeepAlive.TotalMilliseconds;
        _writer.WriteUserDataStream(BinanceListenKeyAction.KeepAlive, System.Text.Encoding.ASCII.GetBytes(_stream.ListenKey!));
        if (_http.Exchange(_writer.Request, out HttpResponse response) == HttpExchangeFailure.None && response.Status == 200)
        {
            return;
        }

        // -1125: the key is gone; the stream reconnects with a new one (and reconciles).
        _log.WriteLine($"binance order entry: keep-alive of the listen key failed ({_http.LastError ?? "HTTP " + response.Status}); opening a new one");
        _stream.ListenKey = null;
    }
}
