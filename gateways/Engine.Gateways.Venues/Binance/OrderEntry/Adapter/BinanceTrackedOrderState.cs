namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>Where one of the engine's orders stands with Binance, as far as the adapter knows.</summary>
public enum BinanceTrackedOrderState
{
    /// <summary>Sent (or about to be); no answer yet.</summary>
    PendingNew,

    /// <summary>Binance has it and it can still trade.</summary>
    Working,

    /// <summary>
    /// Sent, and no answer says what became of it (a timeout, a 5xx, a dropped connection): never assumed placed,
    /// filled or canceled, never sent again under another id, until a query of Binance says.
    /// </summary>
    PendingUnknown,

    /// <summary>Filled, canceled, expired or rejected: nothing more will happen to it.</summary>
    Closed,
}
