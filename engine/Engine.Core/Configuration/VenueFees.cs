using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A venue's trading fees in basis points of the traded notional (maker: the resting side, taker: the incoming side).
/// Fees are rounded up to the ledger's smallest unit, as venues charge them. Immutable.
/// </summary>
public readonly record struct VenueFees(VenueId Venue, int MakerBps, int TakerBps)
{
    public const int BasisPointsPerUnit = 10_000;

    /// <summary>The fee on <paramref name="notional"/> (ledger units), rounded up; zero for a zero rate.</summary>
    public Amount FeeOn(Amount notional, bool maker)
    {
        int bps = maker ? MakerBps : TakerBps;
        if (bps <= 0 || notional.Units <= 0)
        {
            return Amount.Zero;
        }

        Int128 scaled = (Int128)notional.Units * bps;
        Int128 fee = (scaled + BasisPointsPerUnit - 1) / BasisPointsPerUnit;
        return new Amount(checked((long)fee));
    }
}
