namespace Engine.Transport.Egress;

/// <summary>The outcome of one receive attempt on the broadcast buffer.</summary>
public enum ReceiveResult
{
    /// <summary>No new record.</summary>
    Nothing = 0,

    /// <summary>A record was copied out and verified intact.</summary>
    Message = 1,

    /// <summary>
    /// The transmitter overwrote records this receiver had not read (it fell a whole buffer behind). The
    /// receiver has skipped to the newest record; what it missed is gone and must be recovered another way
    /// (for example a snapshot or replay request).
    /// </summary>
    Lapped = 2,
}
