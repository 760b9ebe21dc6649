namespace Engine.Gateways.Venues.OrderEntry.Http;

/// <summary>Why a request got no answer: whether it may have reached the server decides what its outcome can be.</summary>
public enum HttpExchangeFailure
{
    None = 0,

    /// <summary>No connection could be made: the request was never sent.</summary>
    NotConnected,

    /// <summary>Sent (or partly sent), then no whole answer before the timeout: the server may have acted on it.</summary>
    Timeout,

    /// <summary>Sent, then the connection closed or broke before a whole answer: the server may have acted on it.</summary>
    ConnectionLost,

    /// <summary>An answer that is not HTTP/1.1 as this reader knows it (the server may have acted on the request).</summary>
    BadResponse,
}
