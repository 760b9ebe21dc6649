using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// A sample two-sided market maker: keeps one bid and one ask around the mid, skewed against its inventory, within a
/// position limit, and pulls both quotes while its book is stale. It shows the strategy API, not an edge: every
/// decision is integer arithmetic on the input, so live, backtest and replay agree. One listing; state is the two
/// working order ids and the parameters.
/// </summary>
public sealed class MarketMakingStrategy : Strategy
{
    private MarketMakingParameters _parameters;
    private OrderId _bid;
    private OrderId _ask;
    private long _quotesSent;
    private long _fills;

    public MarketMakingStrategy(MarketMakingParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = parameters;
    }

    public MarketMakingParameters Parameters => _parameters;

    public long QuotesSent => _quotesSent;

    public long Fills => _fills;

    public override void OnBook(StrategyContext context, in TopOfBook top)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (top.Listing != _parameters.Listing)
        {
            return;
        }

        if (top.IsStale)
        {
            // The book may be wrong until its gateway resynchronises it: quote nothing on it.
            _bid = Pull(context, _bid);
            _ask = Pull(context, _ask);
        }
        else if (top.IsTwoSided)
        {
            Requote(context, top);
        }
    }

    public override void OnOrderUpdate(StrategyContext context, in OrderUpdate update)
    {
        if (update.LastQuantity.Units > 0)
        {
            _fills++;
        }

        if (update.State is OrderState.Filled or OrderState.Canceled or OrderState.Rejected)
        {
            if (update.Order == _bid)
            {
                _bid = OrderId.None;
            }
            else if (update.Order == _ask)
            {
                _ask = OrderId.None;
            }
        }
    }

    public override bool OnParameter(StrategyContext context, string name, string value)
    {
        ArgumentNullException.ThrowIfNull(context);
        MarketMakingParameters? changed = _parameters.With(name, value, context.Rules(_parameters.Listing).QuantityScale);
        if (changed is null)
        {
            return false;
        }

        _parameters = changed;
        return true;
    }

    public override void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(_bid.Value);
        hasher.Add(_ask.Value);
        hasher.Add(_quotesSent);
        hasher.Add(_fills);
        hasher.Add(_parameters.QuoteSize.Units);
        hasher.Add(_parameters.HalfSpreadTicks);
        hasher.Add(_parameters.SkewTicksPerQuote);
        hasher.Add(_parameters.MaxPosition.Units);
        hasher.Add(_parameters.RequoteTicks);
    }

    public override void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection("market-maker");
        writer.WriteArray<long>([_bid.Value, _ask.Value, _quotesSent, _fills, _parameters.QuoteSize.Units, _parameters.HalfSpreadTicks, _parameters.SkewTicksPerQuote, _parameters.MaxPosition.Units, _parameters.RequoteTicks]);
    }

    public override void RestoreSnapshot(SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ExpectSection("market-maker");
        long[] v = reader.ReadArray<long>();
        if (v.Length != 9)
        {
            throw new SnapshotFormatException($"snapshot: the market maker has {v.Length} fields, this build has 9");
        }

        _bid = new OrderId(v[0]);
        _ask = new OrderId(v[1]);
        _quotesSent = v[2];
        _fills = v[3];
        _parameters = _parameters with
        {
            QuoteSize = new Quantity(v[4]),
            HalfSpreadTicks = (int)v[5],
            SkewTicksPerQuote = (int)v[6],
            MaxPosition = new Quantity(v[7]),
            RequoteTicks = (int)v[8],
        };
    }

    private void Requote(StrategyContext context, in TopOfBook top)
    {
        TradingRules rules = context.Rules(_parameters.Listing);
        long tick = rules.TickSize.Units;
        long position = context.PositionQuantity(top.Instrument).Units;
        long skew = _parameters.QuoteSize.Units == 0 ? 0 : position / _parameters.QuoteSize.Units * _parameters.SkewTicksPerQuote;
        long mid = top.Mid.Units / tick * tick;
        long bid = mid - ((_parameters.HalfSpreadTicks + skew) * tick);
        long ask = mid + ((_parameters.HalfSpreadTicks - skew) * tick);

        // Never cross the book: a quote that would take is moved to the touch (post-only would reject it anyway).
        bid = Math.Min(bid, top.Ask.Units - tick);
        ask = Math.Max(ask, top.Bid.Units + tick);
        _bid = Quote(context, _bid, Side.Buy, bid, position < _parameters.MaxPosition.Units, tick);
        _ask = Quote(context, _ask, Side.Sell, ask, position > -_parameters.MaxPosition.Units, tick);
    }

    /// <summary>Cancels a working quote; the id stays until its cancel is confirmed (then OnOrderUpdate forgets it).</summary>
    private static OrderId Pull(StrategyContext context, OrderId quote)
    {
        if (!quote.IsNone && context.IsOpen(quote))
        {
            context.Cancel(quote);
        }

        return quote;
    }

    private OrderId Quote(StrategyContext context, OrderId current, Side side, long price, bool allowed, long tick)
    {
        if (!allowed || price <= 0)
        {
            if (!current.IsNone && context.IsOpen(current))
            {
                context.Cancel(current);
            }

            return current;
        }

        if (!current.IsNone)
        {
            // Working: leave it unless it is far from where it should be; then cancel (a new quote follows on a later book).
            if (context.IsOpen(current) && Math.Abs(context.OrderPrice(current).Units - price) >= _parameters.RequoteTicks * tick)
            {
                context.Cancel(current);
            }

            return current;
        }

        OrderId placed = context.SubmitLimit(_parameters.Listing, side, new Price(price), _parameters.QuoteSize, TimeInForce.Gtc, OrderFlags.PostOnly);
        if (!placed.IsNone)
        {
            _quotesSent++;
        }

        // On an internal crossing venue the order may be done before SubmitLimit returns (its update came before
        // this method knew its id): then there is no quote to track.
        return placed.IsNone || context.IsOpen(placed) ? placed : OrderId.None;
    }
}
