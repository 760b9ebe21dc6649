using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A sample two-sided market maker (registered as <c>market-maker</c>): keeps one bid and one ask around the mid,
/// skewed against its inventory, within a position limit, and pulls both quotes while its book is stale. It shows the
/// strategy API, not an edge: every decision is integer arithmetic on the input, so live, backtest and replay agree.
/// One listing; its state is <see cref="MarketMakingState"/>.
/// </summary>
public sealed class MarketMakingStrategy : Strategy<MarketMakingState>
{
    private static readonly StrategyParameter<MarketMakingState>[] s_parameters =
    [
        new("quoteSize", ParameterKind.Quantity, "the quantity of each quote", (ref MarketMakingState s, long v) => s.QuoteSize = v, min: 1, onGrid: true),
        new("halfSpreadTicks", ParameterKind.Integer, "ticks between the mid and each quote", (ref MarketMakingState s, long v) => s.HalfSpreadTicks = v, min: 1, max: 1_000_000),
        new("skewTicksPerQuote", ParameterKind.Integer, "ticks both quotes move against the inventory per quote size held", (ref MarketMakingState s, long v) => s.SkewTicksPerQuote = v, min: 0, max: 1_000_000),
        new("maxPosition", ParameterKind.Quantity, "the position beyond which it stops adding to a side", (ref MarketMakingState s, long v) => s.MaxPosition = v, min: 0),
        new("requoteTicks", ParameterKind.Integer, "how far (ticks) a quote may drift from where it should be before it is moved", (ref MarketMakingState s, long v) => s.RequoteTicks = v, min: 1, max: 1_000_000),
    ];

    public MarketMakingStrategy(MarketMakingParameters parameters)
        : this(parameters?.Listing ?? throw new ArgumentNullException(nameof(parameters)), parameters.ToState())
    {
    }

    private MarketMakingStrategy(ListingId listing, in MarketMakingState state)
        : base(state, listing, s_parameters)
    {
    }

    /// <summary>How the registry knows it: <c>"kind": "market-maker"</c>, its typed parameters, and how to build one.</summary>
    public static StrategyDescriptor<MarketMakingState> Descriptor { get; } = new(
        "market-maker",
        "quotes one bid and one ask around the mid of its listing, skewed against its inventory, post-only",
        default,
        (binding, state) => new MarketMakingStrategy(binding.Listing, state),
        s_parameters);

    public MarketMakingParameters Parameters => new(
        Listing, new Quantity(State.QuoteSize), (int)State.HalfSpreadTicks, (int)State.SkewTicksPerQuote, new Quantity(State.MaxPosition), (int)State.RequoteTicks);

    public long QuotesSent => State.QuotesSent;

    public long Fills => State.Fills;

    public override void OnBook(StrategyContext context, in TopOfBook top)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (top.Listing != Listing)
        {
            return;
        }

        ref MarketMakingState state = ref State;
        if (top.IsStale)
        {
            // The book may be wrong until its gateway resynchronises it: quote nothing on it.
            state.Bid = Pull(context, state.Bid);
            state.Ask = Pull(context, state.Ask);
        }
        else if (top.IsTwoSided)
        {
            Requote(context, top, ref state);
        }
    }

    public override void OnOrderUpdate(StrategyContext context, in OrderUpdate update)
    {
        ref MarketMakingState state = ref State;
        if (update.LastQuantity.Units > 0)
        {
            state.Fills++;
        }

        if (update.State is OrderState.Filled or OrderState.Canceled or OrderState.Rejected)
        {
            if (update.Order.Value == state.Bid)
            {
                state.Bid = 0;
            }
            else if (update.Order.Value == state.Ask)
            {
                state.Ask = 0;
            }
        }
    }

    private void Requote(StrategyContext context, in TopOfBook top, ref MarketMakingState state)
    {
        TradingRules rules = context.Rules(Listing);
        long tick = rules.TickSize.Units;
        long position = context.PositionQuantity(top.Instrument).Units;
        long skew = state.QuoteSize == 0 ? 0 : position / state.QuoteSize * state.SkewTicksPerQuote;
        long mid = top.Mid.Units / tick * tick;
        long bid = mid - ((state.HalfSpreadTicks + skew) * tick);
        long ask = mid + ((state.HalfSpreadTicks - skew) * tick);

        // Never cross the book: a quote that would take is moved to the touch (post-only would reject it anyway).
        bid = Math.Min(bid, top.Ask.Units - tick);
        ask = Math.Max(ask, top.Bid.Units + tick);
        state.Bid = Quote(context, ref state, state.Bid, Side.Buy, bid, position < state.MaxPosition, tick);
        state.Ask = Quote(context, ref state, state.Ask, Side.Sell, ask, position > -state.MaxPosition, tick);
    }

    /// <summary>Cancels a working quote; its id stays until its cancel is confirmed (then OnOrderUpdate forgets it).</summary>
    private static long Pull(StrategyContext context, long quote)
    {
        if (quote != 0 && context.IsOpen(new OrderId(quote)))
        {
            context.Cancel(new OrderId(quote));
        }

        return quote;
    }

    private long Quote(StrategyContext context, ref MarketMakingState state, long current, Side side, long price, bool allowed, long tick)
    {
        var currentId = new OrderId(current);
        if (!allowed || price <= 0)
        {
            return Pull(context, current);
        }

        if (current != 0)
        {
            // Working: leave it unless it is far from where it should be; then cancel (a new quote follows on a later book).
            if (context.IsOpen(currentId) && Math.Abs(context.OrderPrice(currentId).Units - price) >= state.RequoteTicks * tick)
            {
                context.Cancel(currentId);
            }

            return current;
        }

        OrderId placed = context.SubmitLimit(Listing, side, new Price(price), new Quantity(state.QuoteSize), TimeInForce.Gtc, OrderFlags.PostOnly);
        if (!placed.IsNone)
        {
            state.QuotesSent++;
        }

        // On an internal crossing venue the order may be done before SubmitLimit returns (its update came before
        // this method knew its id): then there is no quote to track.
        return placed.IsNone || context.IsOpen(placed) ? placed.Value : 0;
    }
}
