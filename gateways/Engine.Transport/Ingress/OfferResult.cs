namespace Engine.Transport.Ingress;

/// <summary>What happened to an offer. The caller must handle <see cref="BackPressured"/>: idle and retry, or fail.</summary>
public enum OfferResult
{
    /// <summary>The message is in the ring and will be seen by the consumer.</summary>
    Success = 0,

    /// <summary>The ring is full (the consumer is behind). Nothing was written.</summary>
    BackPressured = 1,
}
