using System.Threading.Channels;

namespace Engine.Gateways.Admin.LiveFeeds;

/// <summary>
/// One console client's outgoing messages, sent by its own pump so a slow client only ever waits for itself:
/// <list type="bullet">
/// <item>events (order, fill, alert) in a bounded queue that drops its oldest entry when full: a client that stopped
/// reading loses old events, its memory never grows past <see cref="EventCapacity"/> entries;</item>
/// <item>state (status, positions, risk, orders, market) conflated: one slot per kind holding only the latest, so a
/// client that missed snapshots gets the newest, never a backlog.</item>
/// </list>
/// Below the queue, SignalR buffers at most its transport buffer (64 KB by default) per connection before its send
/// waits; that wait holds up this pump only. Thread-safe: any thread offers, the pump alone sends.
/// </summary>
public sealed class ConsoleOutbox : IAsyncDisposable
{
    public const int EventCapacity = 256;

    private readonly Func<string, object, CancellationToken, Task> _send;
    private readonly Channel<(string Method, object Payload)> _events;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // The latest state per kind, replaced in place; guarded by the dictionary itself.
    private readonly Dictionary<string, object> _latestState = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private long _eventsDropped;
    private long _statesReplaced;
    private long _sent;

    /// <param name="send">Sends one message to this client; may take as long as the client takes to read.</param>
    public ConsoleOutbox(Func<string, object, CancellationToken, Task> send)
    {
        _send = send;
        _events = Channel.CreateBounded<(string, object)>(
            new BoundedChannelOptions(EventCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _eventsDropped));
        _pump = Task.Run(Pump);
    }

    /// <summary>Events waiting to be sent (at most <see cref="EventCapacity"/>).</summary>
    public int EventsQueued => _events.Reader.Count;

    /// <summary>Events dropped because the client read slower than they came.</summary>
    public long EventsDropped => Interlocked.Read(ref _eventsDropped);

    /// <summary>State snapshots replaced by a newer one before the client got them.</summary>
    public long StatesReplaced => Interlocked.Read(ref _statesReplaced);

    /// <summary>Messages handed to the client's connection so far.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Queues an event; never waits (drops the oldest when full).</summary>
    public void OfferEvent(string method, object payload)
    {
        _events.Writer.TryWrite((method, payload));
        _wake.Writer.TryWrite(true);
    }

    /// <summary>Replaces the latest state of its kind; never waits.</summary>
    public void OfferState(string method, object payload)
    {
        lock (_latestState)
        {
            if (_latestState.ContainsKey(method))
            {
                _statesReplaced++;
            }

            _latestState[method] = payload;
        }

        _wake.Writer.TryWrite(true);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Writer.TryComplete();
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task Pump()
    {
        var states = new List<KeyValuePair<string, object>>();
        while (await _wake.Reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
        {
            _wake.Reader.TryRead(out _);
            lock (_latestState)
            {
                states.AddRange(_latestState);
                _latestState.Clear();
            }

            foreach ((string method, object payload) in states)
            {
                await Send(method, payload).ConfigureAwait(false);
            }

            states.Clear();

            // A round sends at most one queue's worth of events, then looks at the state again: a steady stream of
            // events never starves the snapshots.
            for (int sent = 0; sent < EventCapacity && _events.Reader.TryRead(out (string Method, object Payload) item); sent++)
            {
                await Send(item.Method, item.Payload).ConfigureAwait(false);
            }

            if (_events.Reader.Count > 0)
            {
                _wake.Writer.TryWrite(true);
            }
        }
    }

    private async Task Send(string method, object payload)
    {
        await _send(method, payload, _stop.Token).ConfigureAwait(false);
        Interlocked.Increment(ref _sent);
    }
}
