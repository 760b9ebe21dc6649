using System.Net.WebSockets;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// Reads whole messages from a live source's WebSocket: fragments are joined in one buffer, grown as needed up to
/// <see cref="MaxMessageBytes"/> and kept across connections (so a busy stream stops allocating once it has seen its
/// largest message); a connection that delivers nothing for the stall timeout is dropped. Each whole message goes to a
/// handler that may end the connection. One per source; used by its receive task only.
/// </summary>
internal sealed class WebSocketMessageReader(TimeSpan stallTimeout)
{
    /// <summary>A message larger than this is no venue's (the deepest snapshots are tens of KB): the connection is dropped.</summary>
    public const int MaxMessageBytes = 16 << 20;

    private byte[] _buffer = new byte[1 << 16];

    /// <summary>A whole message (valid during the call only); returns null to go on, or why the connection must end (it is then aborted).</summary>
    public delegate string? MessageHandler(ReadOnlySpan<byte> message);

    /// <summary>Receives messages until the connection ends; returns why it ended.</summary>
    public async Task<string> ReceiveAsync(ClientWebSocket socket, MessageHandler onMessage, CancellationToken token)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(onMessage);

        // One timer per connection, pushed back before every receive: it fires only when the stream stalls.
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(token);
        int filled = 0;
        while (true)
        {
            if (filled == _buffer.Length)
            {
                if (_buffer.Length >= MaxMessageBytes)
                {
                    socket.Abort();
                    return $"a message over {MaxMessageBytes:N0} bytes; dropped the connection";
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            ValueWebSocketReceiveResult result;
            try
            {
                stall.CancelAfter(stallTimeout);
                result = await socket.ReceiveAsync(_buffer.AsMemory(filled), stall.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
                socket.Abort();
                return $"no message for {stallTimeout.TotalSeconds:0.###} s; dropped the connection";
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return $"the venue closed the connection ({socket.CloseStatus} {socket.CloseStatusDescription})";
            }

            filled += result.Count;
            if (!result.EndOfMessage)
            {
                continue;   // a fragment: the message continues in the next receive
            }

            string? end = onMessage(_buffer.AsSpan(0, filled));
            filled = 0;
            if (end is not null)
            {
                socket.Abort();
                return end;
            }
        }
    }
}
