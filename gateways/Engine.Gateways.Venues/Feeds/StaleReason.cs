namespace Engine.Gateways.Venues.Feeds;

/// <summary>Why a feed declared a book stale.</summary>
public enum StaleReason : byte
{
    SequenceGap = 1,
    ChecksumMismatch = 2,
    CrossedBook = 3,
    FeedSilent = 4,
    BadMessage = 5,
    VenueRestarted = 6,
}
