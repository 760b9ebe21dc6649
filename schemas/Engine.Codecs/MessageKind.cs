namespace Engine.Codecs;

/// <summary>What a message is to the engine (<see cref="MessageCatalog"/>); a message may be several things at once.</summary>
[Flags]
public enum MessageKind
{
    None = 0,

    /// <summary>The engine journals and applies it (it may change state).</summary>
    Input = 1 << 0,

    /// <summary>The engine publishes it on egress (derived data: a replay regenerates it).</summary>
    Output = 1 << 1,

    /// <summary>A gateway may write it on ingress (the receiver refuses inputs made only by the engine itself).</summary>
    FromGateway = 1 << 2,

    /// <summary>Made by the engine's receiver from its own observations (time, dead gateways, checkpoints).</summary>
    EngineMade = 1 << 3,

    /// <summary>A venue's market data about one listing; its first field is the exchange time.</summary>
    MarketData = 1 << 4,

    /// <summary>An order request: the engine sends it to the venue it names, a client gateway may send it to the engine.</summary>
    OrderRequest = 1 << 5,

    /// <summary>A venue's report of what became of an order.</summary>
    VenueReport = 1 << 6,

    /// <summary>An operator's command: the engine answers it with an AdminResult.</summary>
    Admin = 1 << 7,

    /// <summary>What the engine answers operators, the ledger's transfers, refusals.</summary>
    Answer = 1 << 8,

    /// <summary>The engine's own control: time, snapshots, checkpoints, status.</summary>
    Control = 1 << 9,

    /// <summary>A venue gateway's report of its feed or of the venue's trading phase.</summary>
    FeedState = 1 << 10,
}
