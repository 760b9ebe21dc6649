using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A sample momentum taker on public trades (registered as <c>momentum-taker</c>): when the trade price has moved at
/// least <c>thresholdTicks</c> from its anchor within <c>lookbackMillis</c>, it takes liquidity in the direction of the
/// move with a market order (protected <c>slippageTicks</c> beyond the last trade), up to <c>maxPosition</c>. It exits
/// with a reduce-only market order when the price comes back <c>stopTicks</c> against the entry, or when the position
/// has been held <c>holdMillis</c>; it never turns a position round with an entry. The opposite of the market maker: it never rests an order, pays the taker fee and
/// is filled by walking the book. One listing, one market order in flight at a time; state <see cref="MomentumTakerState"/>.
/// </summary>
public sealed class MomentumTakerStrategy : Strategy<MomentumTakerState>
{
    private const long NanosPerMilli = 1_000_000;

    private static readonly StrategyParameter<MomentumTakerState>[] s_parameters =
    [
        new("tradeSize", ParameterKind.Quantity, "the quantity of each entry", (ref MomentumTakerState s, long v) => s.TradeSize = v, min: 1, onGrid: true),
        new("maxPosition", ParameterKind.Quantity, "the largest position it builds on either side", (ref MomentumTakerState s, long v) => s.MaxPosition = v, min: 1, onGrid: true),
        new("thresholdTicks", ParameterKind.Integer, "ticks the trade price must move from the anchor to enter", (ref MomentumTakerState s, long v) => s.ThresholdTicks = v, min: 1, max: 1_000_000),
        new("lookbackMillis", ParameterKind.Integer, "how long an anchor lasts before the next trade replaces it (ms)", (ref MomentumTakerState s, long v) => s.LookbackMillis = v, min: 1, max: 86_400_000),
        new("holdMillis", ParameterKind.Integer, "how long a position is held before it is closed (ms; 0: until stopped out)", (ref MomentumTakerState s, long v) => s.HoldMillis = v, min: 0, max: 86_400_000, defaultValue: "60000"),
        new("stopTicks", ParameterKind.Integer, "ticks against the entry price at which the position is closed", (ref MomentumTakerState s, long v) => s.StopTicks = v, min: 1, max: 1_000_000, defaultValue: "20"),
        new("slippageTicks", ParameterKind.Integer, "ticks beyond the last trade a market order may trade at (its protection price)", (ref MomentumTakerState s, long v) => s.SlippageTicks = v, min: 0, max: 1_000_000, defaultValue: "10"),
    ];

    private MomentumTakerStrategy(ListingId listing, in MomentumTakerState state)
        : base(state, listing, s_parameters)
    {
    }

    /// <summary>How the registry knows it: <c>"kind": "momentum-taker"</c>, its typed parameters, and how to build one.</summary>
    public static StrategyDescriptor<MomentumTakerState> Descriptor { get; } = new(
        "momentum-taker",
        "takes liquidity in the direction of a fast move of the trade price; exits on a stop or after a holding time",
        default,
        (binding, state) => new MomentumTakerStrategy(binding.Listing, state),
        s_parameters);

    public long Entries => State.Entries;

    public long Exits => State.Exits;

    public override void OnTrade(StrategyContext context, in MarketTrade trade)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (trade.Listing != Listing || trade.Price.Units <= 0)
        {
            return;
        }

        ref MomentumTakerState state = ref State;
        if (state.WorkingOrder != 0)
        {
            return;
        }

        long tick = context.Rules(Listing).TickSize.Units;
        long price = trade.Price.Units;
        long position = context.PositionQuantity(trade.Instrument).Units;
        if (position != 0 && StoppedOut(in state, position, price, tick))
        {
            Exit(context, ref state, position, price, tick);
            return;
        }

        long now = context.TimeNanos;
        if (state.AnchorTime == 0 || now - state.AnchorTime > state.LookbackMillis * NanosPerMilli)
        {
            state.AnchorPrice = price;
            state.AnchorTime = now;
            return;
        }

        long moveTicks = (price - state.AnchorPrice) / tick;
        // It never turns a position round with an entry: against a position, the stop or the holding time acts.
        if (moveTicks >= state.ThresholdTicks && position >= 0 && position < state.MaxPosition)
        {
            Enter(context, ref state, Side.Buy, Math.Min(state.TradeSize, state.MaxPosition - position), price, tick);
        }
        else if (moveTicks <= -state.ThresholdTicks && position <= 0 && position > -state.MaxPosition)
        {
            Enter(context, ref state, Side.Sell, Math.Min(state.TradeSize, state.MaxPosition + position), price, tick);
        }
    }

    public override void OnTimer(StrategyContext context, long timeNanos)
    {
        ArgumentNullException.ThrowIfNull(context);
        ref MomentumTakerState state = ref State;
        if (state.WorkingOrder != 0 || state.HoldMillis == 0 || state.EntryTime == 0
            || context.TimeNanos - state.EntryTime < state.HoldMillis * NanosPerMilli)
        {
            return;
        }

        long position = context.PositionQuantity(context.Listing(Listing).InstrumentId).Units;
        long last = context.LastTrade(Listing).Price.Units;
        if (position != 0 && last > 0)
        {
            Exit(context, ref state, position, last, context.Rules(Listing).TickSize.Units);
        }
    }

    public override void OnOrderUpdate(StrategyContext context, in OrderUpdate update)
    {
        ref MomentumTakerState state = ref State;
        if (update.LastQuantity.Units > 0)
        {
            state.Fills++;
        }

        if (update.Order.Value == state.WorkingOrder && update.State is OrderState.Filled or OrderState.Canceled or OrderState.Rejected)
        {
            state.WorkingOrder = 0;
        }
    }

    private static bool StoppedOut(in MomentumTakerState state, long position, long price, long tick) =>
        position > 0 ? price <= state.EntryPrice - (state.StopTicks * tick) : price >= state.EntryPrice + (state.StopTicks * tick);

    /// <summary>The worst price a market order may trade at: slippageTicks beyond the last trade (never below one tick).</summary>
    private static Price Protection(in MomentumTakerState state, Side side, long price, long tick) =>
        new(side == Side.Buy ? price + (state.SlippageTicks * tick) : Math.Max(tick, price - (state.SlippageTicks * tick)));

    private void Enter(StrategyContext context, ref MomentumTakerState state, Side side, long quantity, long price, long tick)
    {
        // A new anchor either way: the move it acted on (or could not act on) is spent.
        state.AnchorPrice = price;
        state.AnchorTime = context.TimeNanos;
        OrderId placed = context.SubmitMarket(Listing, side, Protection(in state, side, price, tick), new Quantity(quantity));
        if (placed.IsNone)
        {
            return;
        }

        state.Entries++;
        state.EntryPrice = price;
        state.EntryTime = context.TimeNanos;
        state.WorkingOrder = context.IsOpen(placed) ? placed.Value : 0;
    }

    private void Exit(StrategyContext context, ref MomentumTakerState state, long position, long price, long tick)
    {
        Side side = position > 0 ? Side.Sell : Side.Buy;
        OrderId placed = context.SubmitMarket(Listing, side, Protection(in state, side, price, tick), new Quantity(Math.Abs(position)), OrderFlags.ReduceOnly);
        if (placed.IsNone)
        {
            return;
        }

        state.Exits++;
        state.EntryTime = 0;
        state.EntryPrice = 0;
        state.WorkingOrder = context.IsOpen(placed) ? placed.Value : 0;
    }
}
