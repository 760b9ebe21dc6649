using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace Engine.Gateways.Admin.LiveFeeds;

/// <summary>
/// The connected console clients, each with its own <see cref="ConsoleOutbox"/>: the feed offers every event and state
/// to each outbox and returns at once, so a client that reads slowly (or not at all) drops to the latest state without
/// slowing the others or growing the gateway's memory. Thread-safe.
/// </summary>
public sealed class ConsoleClients(IHubContext<ConsoleHub> hub) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ConsoleOutbox> _outboxes = new(StringComparer.Ordinal);

    public int Count => _outboxes.Count;

    /// <summary>The most events any one client has waiting (bounded by <see cref="ConsoleOutbox.EventCapacity"/>).</summary>
    public int MostEventsQueued
    {
        get
        {
            int most = 0;
            foreach (ConsoleOutbox outbox in _outboxes.Values)
            {
                most = Math.Max(most, outbox.EventsQueued);
            }

            return most;
        }
    }

    /// <summary>Events dropped for slow clients, over the clients connected now.</summary>
    public long EventsDropped => _outboxes.Values.Sum(outbox => outbox.EventsDropped);

    /// <summary>State snapshots a slow client skipped for a newer one, over the clients connected now.</summary>
    public long StatesReplaced => _outboxes.Values.Sum(outbox => outbox.StatesReplaced);

    /// <summary>Messages handed to the clients' connections, over the clients connected now.</summary>
    public long Sent => _outboxes.Values.Sum(outbox => outbox.Sent);

    public void Connected(string connectionId)
    {
        var outbox = new ConsoleOutbox((method, payload, cancellation) => hub.Clients.Client(connectionId).SendAsync(method, payload, cancellation));
        if (!_outboxes.TryAdd(connectionId, outbox))
        {
            _ = outbox.DisposeAsync().AsTask();
        }
    }

    public async Task DisconnectedAsync(string connectionId)
    {
        if (_outboxes.TryRemove(connectionId, out ConsoleOutbox? outbox))
        {
            await outbox.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>An event for every client (dropped for those whose queue is full).</summary>
    public void OfferEvent(string method, object payload)
    {
        foreach (ConsoleOutbox outbox in _outboxes.Values)
        {
            outbox.OfferEvent(method, payload);
        }
    }

    /// <summary>The latest state of a kind for every client (replacing what a slow client has not yet received).</summary>
    public void OfferState(string method, object payload)
    {
        foreach (ConsoleOutbox outbox in _outboxes.Values)
        {
            outbox.OfferState(method, payload);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (string connectionId in _outboxes.Keys)
        {
            await DisconnectedAsync(connectionId).ConfigureAwait(false);
        }
    }
}
