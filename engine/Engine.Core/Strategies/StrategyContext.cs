using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// A strategy's only way to act: submit, amend and cancel orders (each through pre-trade risk and the ledger, with
/// the result returned at once), and read market state, positions and its open orders. One per hosted strategy;
/// used on the BLP thread, inside a strategy callback.
/// </summary>
public sealed class StrategyContext
{
    private readonly BusinessLogicProcessor _processor;
    private readonly OrderManager _orders;

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

    /// <summary>The current input's time (ns); the strategy's only clock.</summary>
    public long TimeNanos => _processor.InputTime;

    /// <summary>The reject code of the last refused request of this strategy (0 after a success).</summary>
    public int LastRejectCode { get; internal set; }

    public ref readonly TopOfBook Top(InstrumentId instrument) => ref _processor.Market.Top(instrument);

    /// <summary>The position with its P&amp;L and exposure figures (valued at the mark; for reports, not every book).</summary>
    public PositionReport Position(InstrumentId instrument) => _processor.Risk.Report(Account, instrument);

    /// <summary>The signed position quantity alone: cheap enough for every book update.</summary>
    public Quantity PositionQuantity(InstrumentId instrument) => _processor.Risk.GetPosition(Account, instrument).Quantity;

    /// <summary>The trading rules (tick, lot, minimums) of a traded instrument.</summary>
    public TradingRules Rules(InstrumentId instrument) => _processor.Traded(instrument).Rules;

    public int OpenOrderCount => _processor.OpenOrderCount(Id);

    /// <summary>Submits a limit order; returns its id, or <see cref="OrderId.None"/> when refused (see <see cref="LastRejectCode"/>).</summary>
    public OrderId SubmitLimit(InstrumentId instrument, Side side, Price price, Quantity quantity, TimeInForce timeInForce = TimeInForce.Gtc, OrderFlags flags = OrderFlags.None) =>
        _orders.SubmitFromStrategy(this, instrument, side, OrderType.Limit, timeInForce, price, quantity, flags);

    /// <summary>Submits a market order with a protection price (the worst price it may trade at).</summary>
    public OrderId SubmitMarket(InstrumentId instrument, Side side, Price protectionPrice, Quantity quantity) =>
        _orders.SubmitFromStrategy(this, instrument, side, OrderType.Market, TimeInForce.Ioc, protectionPrice, quantity, OrderFlags.None);

    /// <summary>Asks the venue to cancel an open order of this strategy; false when it is not open (or already being canceled).</summary>
    public bool Cancel(OrderId order) => _orders.CancelFromStrategy(this, order);

    /// <summary>Asks the venue to change an open order's price and total quantity; false when refused.</summary>
    public bool Amend(OrderId order, Price price, Quantity quantity) => _orders.AmendFromStrategy(this, order, price, quantity);

    /// <summary>An open order's current limit price (zero when it is not open).</summary>
    public Price OrderPrice(OrderId order) => _processor.OrderPrice(order);

    /// <summary>True when the order is open (working, or pending at the venue).</summary>
    public bool IsOpen(OrderId order) => _processor.IsOpen(order);
}
