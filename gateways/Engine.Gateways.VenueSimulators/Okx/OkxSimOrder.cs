namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>One order at the simulated OKX, in OKX's own terms (the order fields of the REST answers and the <c>orders</c> channel).</summary>
public sealed class OkxSimOrder
{
    public required long OrdId { get; init; }

    /// <summary>The client's id, or empty when none was given.</summary>
    public required string ClOrdId { get; init; }

    public required string Tag { get; init; }

    public required OkxInstrument Instrument { get; init; }

    /// <summary>buy or sell.</summary>
    public required string Side { get; init; }

    /// <summary>limit, market, post_only, fok or ioc.</summary>
    public required string OrdType { get; init; }

    /// <summary>cash (spot) or cross (swap).</summary>
    public required string TdMode { get; init; }

    /// <summary>The order price; 0 for a market order (shown as "").</summary>
    public decimal Px { get; set; }

    /// <summary>The order size as sent: base currency (spot), contracts (swap), or quote currency for a spot market buy with tgtCcy quote_ccy.</summary>
    public decimal Sz { get; set; }

    /// <summary>base_ccy or quote_ccy for a spot market order, else empty.</summary>
    public required string TgtCcy { get; init; }

    public required bool ReduceOnly { get; init; }

    /// <summary>Filled size, in base currency (spot) or contracts (swap).</summary>
    public decimal AccFillSz { get; set; }

    /// <summary>The sum of fill price x fill size, for avgPx.</summary>
    public decimal FilledValue { get; set; }

    /// <summary>Accumulated fee, negative when charged (OKX's sign).</summary>
    public decimal Fee { get; set; }

    public string FeeCcy { get; set; } = string.Empty;

    /// <summary>Realized profit of the fills that closed a swap position.</summary>
    public decimal Pnl { get; set; }

    /// <summary>live, partially_filled, filled or canceled.</summary>
    public string State { get; set; } = "live";

    /// <summary>Why it was canceled (cancelSource): 1 by the user, 13 FOK, 14 IOC remainder, 20 cancel-all-after, 31 post-only would take, 0 by the system.</summary>
    public string CancelSource { get; set; } = string.Empty;

    /// <summary>The reqId of the last amendment, and its result ("0" success, "-1" failure), for the orders channel.</summary>
    public string ReqId { get; set; } = string.Empty;

    public string AmendResult { get; set; } = string.Empty;

    public required long CTime { get; init; }

    public long UTime { get; set; }

    /// <summary>What the order holds of its frozen currency (quote for a spot buy, base for a spot sell, margin for a swap).</summary>
    public decimal Frozen { get; set; }

    /// <summary>For a spot market buy in quote currency: the base size it was turned into when it reached the book.</summary>
    public decimal BookSize { get; set; }

    public bool IsOpen => State is "live" or "partially_filled";

    public bool IsBuy => Side == "buy";

    public bool IsMarket => OrdType == "market";

    /// <summary>The size still to fill, in base currency or contracts.</summary>
    public decimal Remaining => (BookSize > 0m ? BookSize : Sz) - AccFillSz;

    public decimal AvgPx => AccFillSz == 0m ? 0m : FilledValue / AccFillSz;
}
