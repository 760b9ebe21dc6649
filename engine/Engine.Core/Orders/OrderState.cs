namespace Engine.Core;

/// <summary>Where an engine order is in its life, as the BLP knows it from its own requests and the venue's reports.</summary>
public enum OrderState : byte
{
    /// <summary>Sent to the venue; no report yet.</summary>
    PendingNew = 0,

    /// <summary>The venue accepted it; it is working (possibly partially filled).</summary>
    Working = 1,

    /// <summary>A cancel was sent; fills may still arrive until the venue confirms.</summary>
    PendingCancel = 2,

    /// <summary>An amend was sent; the venue has not confirmed it yet.</summary>
    PendingAmend = 3,

    /// <summary>Completely filled (terminal).</summary>
    Filled = 4,

    /// <summary>Canceled or expired with a remainder (terminal).</summary>
    Canceled = 5,

    /// <summary>Refused by pre-trade risk, the ledger or the venue (terminal).</summary>
    Rejected = 6,

    /// <summary>
    /// Its venue's gateway disconnected and the venue does not cancel a dropped session's orders: the order may still
    /// be working, filled or canceled there. It keeps its reservation and its place in risk until the gateway
    /// reconnects and the venue's reports say what became of it.
    /// </summary>
    Unknown = 7,
}
