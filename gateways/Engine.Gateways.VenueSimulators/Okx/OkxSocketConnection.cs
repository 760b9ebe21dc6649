using System.Net.WebSockets;
using System.Threading.Channels;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// One client of <c>/ws/v5/private</c>: whether it logged in, what it subscribed to (the <c>orders</c> channel by
/// instrument type and optionally instrument), and its outbox. Messages are queued by the simulator's threads (under
/// its lock, never waiting: the channel is unbounded) and sent by this connection's own task, so a slow client never
/// holds up matching. Login and subscriptions are changed and read under the simulator's lock.
/// </summary>
internal sealed class OkxSocketConnection
{
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public OkxSocketConnection(string connId) => ConnId = connId;

    public string ConnId { get; }

    public bool LoggedIn { get; set; }

    /// <summary>The orders channel subscriptions: instrument type (or ANY) and an optional instrument.</summary>
    public List<(string InstType, string? InstId)> Subscriptions { get; } = [];

    /// <summary>Set when the connection must close with a status (a failed login: 4001; idle: 4004).</summary>
    public (WebSocketCloseStatus Status, string Reason)? CloseWith { get; set; }

    /// <summary>Queues one text message; false once the connection is closing.</summary>
    public bool Enqueue(byte[] message) => _outbox.Writer.TryWrite(message);

    /// <summary>No more messages: the queued ones are sent, then the socket is closed.</summary>
    public void Complete() => _outbox.Writer.TryComplete();

    /// <summary>Sends queued messages until <see cref="Complete"/>, then closes; ends quietly when the client went away.</summary>
    public async Task SendAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (byte[] message in _outbox.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }

            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                (WebSocketCloseStatus status, string reason) = CloseWith ?? (WebSocketCloseStatus.NormalClosure, "closed");
                await socket.CloseOutputAsync(status, reason, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone or the simulator is stopping: there is nobody left to send to.
        }
    }
}
