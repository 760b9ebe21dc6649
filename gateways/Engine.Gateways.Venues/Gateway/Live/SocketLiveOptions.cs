namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// How a <see cref="SocketLiveSource"/> connects and behaves. <see cref="Url"/> is the venue's production endpoint
/// unless a test or <c>--ws-url</c> points it elsewhere.
/// </summary>
public sealed record SocketLiveOptions
{
    public required Uri Url { get; init; }

    /// <summary>Messages received but not yet taken by the gateway; past this the connection is dropped and reopened (the books resync).</summary>
    public int QueueCapacity { get; init; } = 65_536;

    /// <summary>The first reconnect waits this long; each further one twice as long, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>WebSocket-level pings this often, each answered within the same time, or the connection is dropped.</summary>
    public TimeSpan WebSocketKeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The venue's application-level ping interval; null: the protocol's own (<see cref="IVenueSocketProtocol.KeepAliveInterval"/>).</summary>
    public TimeSpan? KeepAliveInterval { get; init; }

    /// <summary>A connection that delivers no message for this long is dropped and reopened.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>A connection attempt that takes longer has failed (and is retried).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A book's snapshot is asked for again (unsubscribe + subscribe) at most this often on one connection: the feed
    /// asks on every stale update, and one resubscription answers them all.
    /// </summary>
    public TimeSpan ResubscribeHoldOff { get; init; } = TimeSpan.FromSeconds(2);

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 16);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WebSocketKeepAlive, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StallTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ResubscribeHoldOff, TimeSpan.Zero);
        if (KeepAliveInterval is { } keepAlive)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(keepAlive, TimeSpan.Zero, nameof(KeepAliveInterval));
        }

        if (Url.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"the WebSocket URL must be ws:// or wss://, got {Url}");
        }
    }
}
