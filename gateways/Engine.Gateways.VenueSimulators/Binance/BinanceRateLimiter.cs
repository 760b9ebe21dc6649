namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// Binance's spot limits as a client sees them: REQUEST_WEIGHT per minute (reported in <c>X-MBX-USED-WEIGHT-1M</c>)
/// and ORDERS per 10 seconds (<c>X-MBX-ORDER-COUNT-10S</c>), fixed windows on the server's clock. Past a limit the
/// answer is 429; a client that keeps sending after its 429s is banned with 418 for two minutes, as Binance does.
/// </summary>
public sealed class BinanceRateLimiter
{
    private readonly BinanceSimulatorOptions _options;
    private long _weightWindow = -1;
    private long _orderWindow = -1;
    private long _requestsAfterLimit;
    private long _bannedUntil;

    public BinanceRateLimiter(BinanceSimulatorOptions options) => _options = options;

    public int UsedWeight { get; private set; }

    public int OrderCount { get; private set; }

    /// <summary>Counts a request of <paramref name="weight"/> (and an order when <paramref name="isOrder"/>); the error when it is over a limit.</summary>
    public BinanceError? Admit(long nowMillis, int weight, bool isOrder)
    {
        if (nowMillis < _bannedUntil)
        {
            return BinanceError.Banned(_bannedUntil);
        }

        if (nowMillis / 60_000 != _weightWindow)
        {
            _weightWindow = nowMillis / 60_000;
            UsedWeight = 0;
            _requestsAfterLimit = 0;
        }

        if (nowMillis / 10_000 != _orderWindow)
        {
            _orderWindow = nowMillis / 10_000;
            OrderCount = 0;
        }

        UsedWeight += weight;
        if (UsedWeight > _options.RequestWeightPerMinute)
        {
            return Refuse(nowMillis, BinanceError.TooManyRequests(_options.RequestWeightPerMinute));
        }

        if (isOrder && ++OrderCount > _options.OrdersPerTenSeconds)
        {
            return Refuse(nowMillis, BinanceError.TooManyOrders(_options.OrdersPerTenSeconds));
        }

        return null;
    }

    private BinanceError Refuse(long nowMillis, BinanceError limit)
    {
        if (++_requestsAfterLimit > _options.RequestsAfterLimitBeforeBan)
        {
            _bannedUntil = nowMillis + 120_000;
            return BinanceError.Banned(_bannedUntil);
        }

        return limit;
    }
}
