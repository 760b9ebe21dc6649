using System.Net.WebSockets;
using System.Threading.Channels;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// One WebSocket client of a listen key. Events are queued here by the exchange's thread (under the simulator's lock,
/// never waiting: the channel is unbounded) and sent by this connection's own task, so a slow or stalled client
/// never holds up matching. Completing the queue sends a close frame after the queued events. A connection is
/// registered before its WebSocket handshake is answered, so no event between the answer and the first send is lost.
/// </summary>
internal sealed class BinanceUserStreamConnection
{
    private readonly Channel<byte[]> _outbox = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues one event (a text message); false once the connection is closing.</summary>
    public bool Enqueue(byte[] message) => _outbox.Writer.TryWrite(message);

    /// <summary>No more events: the queued ones are sent, then the socket is closed.</summary>
    public void Complete() => _outbox.Writer.TryComplete();

    /// <summary>Sends queued events until <see cref="Complete"/>, then closes; ends quietly when the client went away.</summary>
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
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "listenKey closed", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone or the simulator is stopping: there is nobody left to send to.
        }
    }

    /// <summary>Reads (and drops) what the client sends, so pings are answered and its close is seen.</summary>
    public static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // As above: the client is gone or the simulator is stopping.
        }
    }
}
