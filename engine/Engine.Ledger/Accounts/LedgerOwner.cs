using Engine.Primitives;

namespace Engine.Ledger.Accounts;

/// <summary>An account owner: a client account, a venue, or the outside world. Immutable.</summary>
public readonly record struct LedgerOwner(OwnerKind Kind, int Id) : IComparable<LedgerOwner>
{
    public static LedgerOwner World => new(OwnerKind.World, 0);

    public static LedgerOwner Client(AccountId account) => new(OwnerKind.Client, account.Value);

    public static LedgerOwner Venue(VenueId venue) => new(OwnerKind.Venue, venue.Value);

    public int CompareTo(LedgerOwner other) => Kind != other.Kind ? Kind.CompareTo(other.Kind) : Id.CompareTo(other.Id);

    public override string ToString() => Kind == OwnerKind.World ? "world" : $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}
