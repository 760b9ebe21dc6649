using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// <see cref="ProtectiveStops"/>' record of one (account, instrument) whose positions must be protected: the listing
/// the stop goes to (the one the position was last traded on), the stop it keeps there, the reduce-only market order
/// closing the position when no stop could be placed, and how many times in a row placing the stop was refused.
/// Mutable slot in a flat array; owned by the BLP thread.
/// </summary>
internal struct ProtectedPosition
{
    public AccountId Account;
    public InstrumentId Instrument;
    public int DistanceBps;
    public ListingId Listing;

    /// <summary>The current protective stop (pending, working or unknown), or none.</summary>
    public OrderId Stop;

    /// <summary>The reduce-only market order closing the position, while it is open, or none.</summary>
    public OrderId Close;

    /// <summary>Refusals (the engine's or the venue's) of placing the stop since one was last accepted.</summary>
    public int Rejections;

    public readonly void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(Account.Value);
        hasher.Add(Instrument.Value);
        hasher.Add(DistanceBps);
        hasher.Add(Listing.Value);
        hasher.Add(Stop.Value);
        hasher.Add(Close.Value);
        hasher.Add(Rejections);
    }
}
