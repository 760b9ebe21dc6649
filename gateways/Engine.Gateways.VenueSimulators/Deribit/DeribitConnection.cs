using System.Net.WebSockets;
using System.Threading.Channels;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// One WebSocket client of the simulator and what Deribit keeps per connection: its authorization (until the access
/// token expires), its subscriptions, cancel-on-disconnect and the heartbeat it asked for. Messages (answers and
/// notifications) are queued here under the simulator's lock, never waiting (the channel is unbounded), and sent by
/// the connection's own task, so a slow client never holds up matching. State is read and written under the
/// simulator's lock.
/// </summary>
public sealed class DeribitConnection
{
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abort = new();

    public DeribitConnection(long id) => Id = id;

    public long Id { get; }

    /// <summary>When the connection's authorization ends (server ms); 0 when it never authenticated.</summary>
    public long AuthorizedUntil { get; set; }

    public HashSet<string> Subscriptions { get; } = new(StringComparer.Ordinal);

    public bool CancelOnDisconnect { get; set; }

    /// <summary>Seconds between heartbeats (0: none asked for).</summary>
    public int HeartbeatSeconds { get; set; }

    public long LastHeartbeatMillis { get; set; }

    /// <summary>When a test_request went out unanswered (0: none pending).</summary>
    public long TestRequestSentMillis { get; set; }

    public bool IsAuthorized(long nowMillis) => AuthorizedUntil > nowMillis;

    /// <summary>Cancelled when the simulator drops the connection without an answer (a fault, a cut, a missed heartbeat).</summary>
    public CancellationToken Aborted => _abort.Token;

    public bool Enqueue(byte[] message) => _outbox.Writer.TryWrite(message);

    /// <summary>Drops the connection: nothing more is sent, the socket is aborted.</summary>
    public void Abort()
    {
        _outbox.Writer.TryComplete();
        _abort.Cancel();
    }

    /// <summary>Sends queued messages until the connection ends; ends quietly when the client went away.</summary>
    public async Task SendAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        try
        {
            await foreach (byte[] message in _outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone, the connection was dropped or the simulator is stopping: nobody to send to.
        }
    }

    /// <summary>Ends the send loop after the client closed (the queued messages have nowhere to go).</summary>
    public void Complete() => _outbox.Writer.TryComplete();

    public void DisposeAbort() => _abort.Dispose();
}
