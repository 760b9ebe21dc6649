using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// Which open orders a mass cancel (cancel-all, a kill switch, a dead-man switch) applies to: each criterion is
/// "any" when none. Immutable.
/// </summary>
internal readonly record struct OrderFilter(AccountId Account, InstrumentId Instrument, VenueId Venue, bool AnySide, Side Side, StrategyId Strategy)
{
    public static OrderFilter Everything => new(AccountId.None, InstrumentId.None, VenueId.None, true, Side.Buy, StrategyId.None);

    public static OrderFilter OfAccount(AccountId account) => Everything with { Account = account };

    public static OrderFilter OfInstrument(InstrumentId instrument) => Everything with { Instrument = instrument };

    public static OrderFilter OfStrategy(StrategyId strategy) => Everything with { Strategy = strategy };

    public bool Matches(in OrderRecord order, TradedInstruments traded) =>
        (Account.IsNone || order.Account == Account)
        && (Instrument.IsNone || order.Instrument == Instrument)
        && (AnySide || order.Side == Side)
        && (Strategy.IsNone || order.Strategy == Strategy)
        && (Venue.IsNone || traded.GetListing(order.Listing).Venue == Venue);
}
