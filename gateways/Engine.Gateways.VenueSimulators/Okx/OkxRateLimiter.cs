namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// OKX's limits as a client sees them: a number of requests per 2 seconds per endpoint, counted per instrument for
/// the trade endpoints (rate limit rule "User ID + Instrument ID"), in fixed windows on the server's clock. Past a
/// limit the answer is HTTP 429 with code 50011.
/// </summary>
public sealed class OkxRateLimiter
{
    private readonly Dictionary<string, (long Window, int Count)> _counters = new(StringComparer.Ordinal);

    /// <summary>Counts one request to <paramref name="key"/> (endpoint and instrument); false when it is over <paramref name="limit"/>.</summary>
    public bool Admit(string key, int limit, long nowMillis)
    {
        long window = nowMillis / 2_000;
        (long current, int count) = _counters.GetValueOrDefault(key);
        count = current == window ? count + 1 : 1;
        _counters[key] = (window, count);
        return count <= limit;
    }
}
