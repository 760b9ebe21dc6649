using Engine.Core;
using Engine.Model;
using Engine.Primitives;

namespace MyStrategies;

/// <summary>
/// Accumulates a position the way a treasury desk does (dollar-cost averaging): every <c>intervalMillis</c> it buys
/// <c>quantity</c> with a market order protected <c>slippageTicks</c> above the best offer, until it holds
/// <c>maxPosition</c>. Registered as <c>interval-buyer</c> by <see cref="MyStrategyCatalog"/>; it uses nothing but the
/// engine's public strategy API, so it runs unchanged live, on paper and in a backtest.
/// </summary>
public sealed class IntervalBuyerStrategy : Strategy<IntervalBuyerState>
{
    private const long NanosPerMilli = 1_000_000;

    private static readonly StrategyParameter<IntervalBuyerState>[] s_parameters =
    [
        new("quantity", ParameterKind.Quantity, "the quantity of each purchase", (ref IntervalBuyerState s, long v) => s.Quantity = v, min: 1, onGrid: true),
        new("intervalMillis", ParameterKind.Integer, "time between purchases (ms)", (ref IntervalBuyerState s, long v) => s.IntervalMillis = v, min: 1, max: 86_400_000),
        new("maxPosition", ParameterKind.Quantity, "the position at which it stops buying", (ref IntervalBuyerState s, long v) => s.MaxPosition = v, min: 1, onGrid: true),
        new("slippageTicks", ParameterKind.Integer, "ticks above the best offer it may pay", (ref IntervalBuyerState s, long v) => s.SlippageTicks = v, min: 0, max: 1_000_000, defaultValue: "5"),
    ];

    private IntervalBuyerStrategy(ListingId listing, in IntervalBuyerState state)
        : base(state, listing, s_parameters)
    {
    }

    public static StrategyDescriptor<IntervalBuyerState> Descriptor { get; } = new(
        "interval-buyer",
        "buys a fixed quantity at a fixed interval until it holds its target position",
        default,
        (binding, state) => new IntervalBuyerStrategy(binding.Listing, state),
        s_parameters);

    public override void OnTimer(StrategyContext context, long timeNanos)
    {
        ArgumentNullException.ThrowIfNull(context);
        ref IntervalBuyerState state = ref State;
        long now = context.TimeNanos;
        if (state.LastBuyTime != 0 && now - state.LastBuyTime < state.IntervalMillis * NanosPerMilli)
        {
            return;
        }

        ref readonly TopOfBook top = ref context.Top(Listing);
        long position = context.PositionQuantity(top.Instrument).Units;
        if (top.IsStale || !top.IsTwoSided || position >= state.MaxPosition || context.OpenOrderCount > 0)
        {
            return;
        }

        long tick = context.Rules(Listing).TickSize.Units;
        long quantity = Math.Min(state.Quantity, state.MaxPosition - position);
        if (!context.SubmitMarket(Listing, Side.Buy, new Price(top.Ask.Units + (state.SlippageTicks * tick)), new Quantity(quantity)).IsNone)
        {
            state.Buys++;
        }

        state.LastBuyTime = now;
    }
}
