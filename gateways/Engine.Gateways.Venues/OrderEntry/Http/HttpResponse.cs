namespace Engine.Gateways.Venues.OrderEntry.Http;

/// <summary>
/// One HTTP/1.1 response read by <see cref="KeptAliveHttpConnection"/>: the status, the headers an order-entry
/// adapter acts on (each -1 when absent), and the body, a view of the connection's buffer valid until the next request.
/// </summary>
public readonly ref struct HttpResponse
{
    public HttpResponse(int status, ReadOnlySpan<byte> body, long usedWeight, long orderCount, long retryAfterSeconds)
    {
        Status = status;
        Body = body;
        UsedWeight = usedWeight;
        OrderCount = orderCount;
        RetryAfterSeconds = retryAfterSeconds;
    }

    public int Status { get; }

    public ReadOnlySpan<byte> Body { get; }

    /// <summary>Binance's <c>X-MBX-USED-WEIGHT-1M</c>.</summary>
    public long UsedWeight { get; }

    /// <summary>Binance's <c>X-MBX-ORDER-COUNT-10S</c>.</summary>
    public long OrderCount { get; }

    /// <summary><c>Retry-After</c> (seconds), sent with 429 and 418.</summary>
    public long RetryAfterSeconds { get; }
}
