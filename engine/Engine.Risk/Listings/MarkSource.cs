using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Which listings' books give an instrument its mark price (risk's reference for the price band, unrealised P&amp;L
/// and exposure): the mid of each listing's top of book, combined by <see cref="Rule"/>. A listing whose book is
/// empty, one-sided or stale does not count. Immutable.
/// </summary>
public sealed record MarkSource(MarkRule Rule, IReadOnlyList<ListingId> Listings);
