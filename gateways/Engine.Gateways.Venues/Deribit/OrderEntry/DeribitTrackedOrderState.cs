namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>Where one of the engine's orders stands with Deribit, as far as the adapter knows.</summary>
public enum DeribitTrackedOrderState
{
    /// <summary>Sent (or about to be); no answer yet.</summary>
    PendingNew,

    /// <summary>Deribit has it and it can still trade.</summary>
    Working,

    /// <summary>
    /// Sent, and no answer says what became of it (a timeout, an internal error, a dropped connection): never assumed
    /// placed, filled or cancelled, never sent again under another label, until Deribit is asked by its label.
    /// </summary>
    PendingUnknown,

    /// <summary>Filled, cancelled or rejected: nothing more will happen to it.</summary>
    Closed,
}
