using System.Runtime.CompilerServices;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// A strategy's only way to act: submit, amend and cancel orders (each through pre-trade risk and the ledger, with the
/// result returned at once), and read the market (each listing's top, depth and last trade), its positions and its own
/// orders. Orders name a listing: the instrument on one venue. One per hosted strategy; used on the BLP thread, inside
/// a strategy callback.
/// </summary>
public sealed class StrategyContext
{
    /// <summary>The most of a venue's text a strategy is shown; the journal keeps the whole of it.</summary>
    public const int MaxVenueTextBytes = 256;

    private readonly BusinessLogicProcessor _processor;
    private readonly OrderManager _orders;
    private readonly byte[] _venueText = new byte[MaxVenueTextBytes];
    private int _venueTextLength;

    internal StrategyContext(BusinessLogicProcessor processor, OrderManager orders, StrategyDefinition definition, Strategy strategy)
    {
        _processor = processor;
        _orders = orders;
        Definition = definition;
        Strategy = strategy;
    }

    public StrategyDefinition Definition { get; }

    public Strategy Strategy { get; }

    public StrategyId Id => Definition.Id;

    public AccountId Account => Definition.Account;

    /// <summary>The current input's engine time (ns); the strategy's only clock.</summary>
    public long TimeNanos => _processor.InputTime;

    /// <summary>The result code of the last refused request of this strategy (Ok after a success).</summary>
    public ResultCode LastRejectCode { get; internal set; }

    /// <summary>
    /// Inside <see cref="Strategy.OnOrderUpdate"/> of a refusal: the venue's own words for it, UTF-8 as the venue sent
    /// them (for example Binance's <c>-2010 Account has insufficient balance for requested action.</c>), cut at
    /// <see cref="MaxVenueTextBytes"/> on a character boundary; empty when the venue said nothing, and outside that
    /// callback. Decide by the update's <see cref="OrderUpdate.RejectCode"/>: the text is for people.
    /// </summary>
    public ReadOnlySpan<byte> VenueText => _venueText.AsSpan(0, _venueTextLength);

    /// <summary>The listing's best bid and offer (with its stale flag).</summary>
    public ref readonly TopOfBook Top(ListingId listing) => ref _processor.Market.Top(listing);

    /// <summary>The listing's aggregated book, level by level.</summary>
    public BookDepth Depth(ListingId listing) => _processor.Market.Depth(listing);

    /// <summary>The listing's last public trade (all zero before one).</summary>
    public ref readonly MarketTrade LastTrade(ListingId listing) => ref _processor.Market.LastTrade(listing);

    /// <summary>The position with its P&amp;L and exposure figures (valued at the mark; for reports, not every book).</summary>
    public PositionReport Position(InstrumentId instrument) => _processor.Risk.Report(Account, instrument);

    /// <summary>The signed position quantity alone: cheap enough for every book update.</summary>
    public Quantity PositionQuantity(InstrumentId instrument) => _processor.Risk.GetPosition(Account, instrument).Quantity;

    /// <summary>A traded listing: its venue, instrument, rules and fees.</summary>
    public TradedListing Listing(ListingId listing) => _processor.TradedListing(listing);

    /// <summary>The order rules (tick, lot, minimums) of a traded listing.</summary>
    public TradingRules Rules(ListingId listing) => _processor.TradedListing(listing).Rules;

    public int OpenOrderCount => _orders.OpenOrderCount(Id);

    /// <summary>This strategy's open orders (use with <c>foreach</c>; allocation-free).</summary>
    public StrategyOrders OpenOrders => new(_orders.Orders, Id);

    /// <summary>One of this strategy's open orders; false when it is not open or not this strategy's.</summary>
    public bool TryGetOrder(OrderId id, out OrderView order)
    {
        ref OrderRecord record = ref _orders.Orders.Find(id);
        if (Unsafe.IsNullRef(ref record) || record.Strategy != Id)
        {
            order = default;
            return false;
        }

        order = OrderView.Of(in record);
        return true;
    }

    /// <summary>Submits a limit order to a listing; returns its id, or <see cref="OrderId.None"/> when refused (see <see cref="LastRejectCode"/>).</summary>
    public OrderId SubmitLimit(ListingId listing, Side side, Price price, Quantity quantity, TimeInForce timeInForce = TimeInForce.Gtc, OrderFlags flags = OrderFlags.None) =>
        _orders.SubmitFromStrategy(this, listing, side, OrderType.Limit, timeInForce, price, quantity, flags);

    /// <summary>Submits a market order with a protection price (the worst price it may trade at).</summary>
    public OrderId SubmitMarket(ListingId listing, Side side, Price protectionPrice, Quantity quantity, OrderFlags flags = OrderFlags.None) =>
        _orders.SubmitFromStrategy(this, listing, side, OrderType.Market, TimeInForce.Ioc, protectionPrice, quantity, flags);

    /// <summary>
    /// Submits a stop-market order: it waits at the venue until the last trade reaches <paramref name="stopPrice"/> (a
    /// buy at or above, a sell at or below), then trades as a market order that may not trade beyond
    /// <paramref name="protectionPrice"/> (the ledger holds funds at it). Reduce-only by default, as a stop that
    /// protects a position is: then it must only reduce the position as it is, and it is not counted among the open
    /// orders (the venue caps it at the position). Not on an internal venue.
    /// </summary>
    public OrderId SubmitStopMarket(ListingId listing, Side side, Price stopPrice, Price protectionPrice, Quantity quantity, OrderFlags flags = OrderFlags.ReduceOnly) =>
        _orders.SubmitFromStrategy(this, listing, side, OrderType.StopMarket, TimeInForce.Gtc, protectionPrice, quantity, flags, stopPrice);

    /// <summary>Submits a stop-limit order: when the last trade reaches <paramref name="stopPrice"/>, a GTC limit order at <paramref name="limitPrice"/> enters the book.</summary>
    public OrderId SubmitStopLimit(ListingId listing, Side side, Price stopPrice, Price limitPrice, Quantity quantity, OrderFlags flags = OrderFlags.ReduceOnly) =>
        _orders.SubmitFromStrategy(this, listing, side, OrderType.StopLimit, TimeInForce.Gtc, limitPrice, quantity, flags, stopPrice);

    /// <summary>Asks the venue to cancel an open order of this strategy; false when it is not open (or already being canceled).</summary>
    public bool Cancel(OrderId order) => _orders.CancelFromStrategy(this, order);

    /// <summary>Asks the venue to change an open order's price and total quantity; false when refused.</summary>
    public bool Amend(OrderId order, Price price, Quantity quantity) => _orders.AmendFromStrategy(this, order, price, quantity);

    /// <summary>An open order's current limit price (zero when it is not open).</summary>
    public Price OrderPrice(OrderId order) => _orders.OrderPrice(order);

    /// <summary>True when the order is open (working, pending at the venue, or unknown after its gateway dropped).</summary>
    public bool IsOpen(OrderId order) => _processor.IsOpen(order);

    internal void SetVenueText(ReadOnlySpan<byte> text)
    {
        int length = Utf8Prefix.Length(text, MaxVenueTextBytes);
        text[..length].CopyTo(_venueText);
        _venueTextLength = length;
    }
}
