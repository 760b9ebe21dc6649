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
/// from <c>GET /api/v3/time</c> or <c>/fapi/v1/time</c>), opens and keeps alive the user data stream's listen key, asks about orders of unknown
/// fate, reconciles after every (re)connection of the stream (<see cref="Reconcile"/>), and on USD-M keeps the
/// countdown cancel-all renewed (<see cref="RenewCountdown"/>). Spot and USD-M differ only in paths and a few fields.
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
    private volatile bool _engineOrdersListed;
    private long _engineOrdersDeadline = long.MaxValue;

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

    public BinanceMarket Market => _writer.Market;

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

    public void Start()
    {
        _engineOrdersDeadline = LocalMillis() + (long)_options.EngineOrdersWait.TotalMilliseconds;
        _thread.Start();
    }

    /// <summary>The engine has listed the venue's open orders (each adopted or known): reconciliation may judge orphans now.</summary>
    public void EngineOrdersListed()
    {
        _engineOrdersListed = true;
        _reconcileRequested = true;
    }

    public void Enqueue(BinanceCommand command) => _commands.Add(command);

    /// <summary>Reconcile at the next turn (<c>engine admin reconcile</c>: an AdminReconcile on egress).</summary>
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
            _tracker.Prune(now, (long)_options.ClosedOrderRetention.TotalMilliseconds);
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

        RenewCountdown(now);
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

        switch (command.Kind)
        {
            case BinanceCommandKind.NewOrder:
                SendNewOrder(order);
                break;
            case BinanceCommandKind.Amend:
                SendAmend(order);
                break;
            default:
                SendCancel(order, command);
                break;
        }
    }
}
