namespace Engine.Gateways.Venues.Gateway;

/// <summary>
/// Where a market-data gateway's venue messages come from: a live connection (WebSocket and REST) or a recording.
/// Polled from the gateway's one thread; never blocks.
/// </summary>
public interface IRawFrameSource : IDisposable
{
    /// <summary>The next frame due at <paramref name="nowNanos"/>, if any.</summary>
    bool TryNext(long nowNanos, out RawFrame frame);

    /// <summary>The feed wants a new snapshot of a book (at start, after a gap): a live source fetches it; a recording has its own.</summary>
    void RequestSnapshot(string symbol);

    /// <summary>
    /// A live connection: its frames carry the gateway's receive times, so a book silent by the gateway's clock is
    /// stale. A recording's frames carry the recorder's times (years ago), and the silence check does not apply.
    /// </summary>
    bool IsLive { get; }

    /// <summary>True once a recording is exhausted (a live source never ends).</summary>
    bool Completed { get; }
}
