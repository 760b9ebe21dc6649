namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>What the duty cycle asks the REST thread to do for the engine.</summary>
internal enum BinanceCommandKind : byte
{
    NewOrder,
    Cancel,

    /// <summary>USD-M: modify in place (<c>PUT /fapi/v1/order</c>) to the order's <see cref="BinanceTrackedOrder.AmendPrice"/> and quantity.</summary>
    Amend,
}

/// <summary>One engine request for the REST thread: the order (engine id) and the request's own id.</summary>
internal readonly record struct BinanceCommand(BinanceCommandKind Kind, ulong EngineOrderId, ulong RequestId, int Attempt = 0, long NotBeforeMillis = 0);
