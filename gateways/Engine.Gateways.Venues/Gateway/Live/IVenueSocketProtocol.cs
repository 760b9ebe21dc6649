namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>What a received message is to a <see cref="SocketLiveSource"/>.</summary>
public enum SocketFrameKind : byte
{
    /// <summary>Market data or a session message the feed reads (and ignores) itself: queued and recorded.</summary>
    Deliver = 0,

    /// <summary>A keep-alive answer the feed cannot read (OKX's bare <c>pong</c>): neither queued nor recorded.</summary>
    Drop = 1,
}

/// <summary>
/// One venue's WebSocket dialect for <see cref="SocketLiveSource"/>, for venues whose books start from a snapshot
/// pushed on subscribing (OKX, Bybit, Kraken, Coinbase, Deribit): where to connect, what to send on every connection,
/// how to ask one book for a new snapshot over the socket, the venue's application-level keep-alive, and which
/// received messages are the session's own. Messages are text, built once per connection or request (never per
/// received message).
/// </summary>
public interface IVenueSocketProtocol
{
    /// <summary>The feed's name (okx, bybit, ...), for the log and the recording's file name.</summary>
    string Feed { get; }

    /// <summary>The venue's production endpoint.</summary>
    Uri ProductionUrl { get; }

    /// <summary>How often <see cref="KeepAliveMessage"/> is sent on a connection that sent nothing else meanwhile.</summary>
    TimeSpan KeepAliveInterval { get; }

    /// <summary>The messages that subscribe every followed symbol's book, trades and ticker: sent on every (re)connection, in order.</summary>
    IReadOnlyList<string> Subscribe(IReadOnlyList<string> symbols);

    /// <summary>The messages that make the venue send <paramref name="symbol"/>'s book snapshot again (unsubscribe, then subscribe).</summary>
    IReadOnlyList<string> ResubscribeBook(string symbol);

    /// <summary>The venue's application-level ping, or null when it has none to send (it pushes heartbeats itself).</summary>
    string? KeepAliveMessage();

    /// <summary>Whether <paramref name="message"/> goes to the feed, and the answer it needs, if any (Deribit's test_request).</summary>
    SocketFrameKind Inspect(ReadOnlySpan<byte> message, out string? reply);
}
