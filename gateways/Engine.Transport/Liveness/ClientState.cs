namespace Engine.Transport.Liveness;

/// <summary>The life of a client slot. Only Free -> Claiming is contended (by CAS); the rest have one writer.</summary>
public enum ClientState
{
    Free = 0,
    Claiming = 1,
    Active = 2,

    /// <summary>The client detached cleanly.</summary>
    Closed = 3,

    /// <summary>The engine declared the client dead (process gone or heartbeat stale).</summary>
    Dead = 4,
}
