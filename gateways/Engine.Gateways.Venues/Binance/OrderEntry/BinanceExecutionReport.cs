using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// One <c>executionReport</c> of Binance's spot user data stream in the engine's terms: ids, state, the last fill and
/// the order's totals as fixed-point units at the listing's scales, times in UTC milliseconds. Filled by
/// <see cref="BinanceExecutionReportReader"/>; a plain value owned by whoever holds it.
/// </summary>
public struct BinanceExecutionReport
{
    /// <summary>Binance's assets (and so its commissions) carry 8 decimals.</summary>
    public const int CommissionScale = 8;

    /// <summary><c>E</c>: when Binance wrote the event.</summary>
    public long EventTimeMillis;

    /// <summary><c>T</c>: when the matching engine made the change.</summary>
    public long TransactionTimeMillis;

    /// <summary><c>s</c>.</summary>
    public BinanceReportText Symbol;

    /// <summary><c>S</c>.</summary>
    public Side Side;

    /// <summary><c>c</c> as sent: the order's client id, or on a cancel the cancel request's.</summary>
    public BinanceReportText ClientOrderId;

    /// <summary><c>c</c> as the engine's request id, when it is the configured prefix followed by that id's digits.</summary>
    public ulong EngineOrderId;

    public bool IsEngineOrder;

    /// <summary><c>C</c> as sent: on a cancel, the client id of the order canceled; else empty.</summary>
    public BinanceReportText OrigClientOrderId;

    /// <summary><c>C</c> as the engine's id, when it carries the prefix.</summary>
    public ulong EngineOrigOrderId;

    public bool IsEngineOrigOrder;

    /// <summary><c>i</c>: Binance's order id.</summary>
    public long VenueOrderId;

    /// <summary><c>x</c>.</summary>
    public BinanceExecutionType ExecutionType;

    /// <summary><c>X</c>.</summary>
    public BinanceOrderStatus OrderStatus;

    /// <summary><c>r</c>: NONE unless Binance refused something.</summary>
    public BinanceReportText RejectReason;

    /// <summary><c>p</c> at the price scale (0 for MARKET).</summary>
    public long Price;

    /// <summary><c>q</c> at the quantity scale.</summary>
    public long Quantity;

    /// <summary><c>L</c> at the price scale: the last fill's price (0 unless a TRADE).</summary>
    public long LastPrice;

    /// <summary><c>l</c> at the quantity scale: the last fill's quantity.</summary>
    public long LastQuantity;

    /// <summary><c>z</c> at the quantity scale: all filled so far.</summary>
    public long CumulativeQuantity;

    /// <summary><c>n</c> at <see cref="CommissionScale"/>: the last fill's commission.</summary>
    public long Commission;

    /// <summary><c>N</c>: the commission's asset (empty when null).</summary>
    public BinanceReportText CommissionAsset;

    /// <summary><c>t</c>: the trade id, -1 unless a TRADE.</summary>
    public long TradeId;

    /// <summary><c>m</c>: the fill was on the maker side.</summary>
    public bool IsMaker;

    /// <summary><c>w</c>: the order is on the book.</summary>
    public bool IsWorking;
}
