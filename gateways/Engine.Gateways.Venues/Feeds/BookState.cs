namespace Engine.Gateways.Venues.Feeds;

/// <summary>Where a feed's copy of a book stands.</summary>
public enum BookState : byte
{
    /// <summary>No snapshot yet, or the last one was abandoned: updates are buffered (or dropped) until one arrives.</summary>
    AwaitingSnapshot = 0,

    /// <summary>Built from a snapshot and every update since, in sequence.</summary>
    Live = 1,

    /// <summary>A gap, a failed checksum, a crossed book or silence: not trusted until a new snapshot.</summary>
    Stale = 2,
}
