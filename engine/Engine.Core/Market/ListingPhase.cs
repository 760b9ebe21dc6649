namespace Engine.Core;

/// <summary>
/// A listing's trading phase as its venue last reported it (VenueStatus inputs); the numeric values are stored in
/// snapshots. Unknown until the venue says: the engine then trades as if open.
/// </summary>
public enum ListingPhase : byte
{
    Unknown = 0,
    PreOpen = 1,
    Open = 2,
    Auction = 3,
    Halted = 4,
    Closed = 5,
}
