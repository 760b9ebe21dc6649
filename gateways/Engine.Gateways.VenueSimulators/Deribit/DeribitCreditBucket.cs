namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// Deribit's credit system for one kind of request: a request costs one credit, credits refill at a sustained rate
/// up to a burst; a request that finds none is refused with 10028 too_many_requests. Not thread-safe: used under the
/// simulator's lock.
/// </summary>
public sealed class DeribitCreditBucket
{
    private readonly int _perSecond;
    private readonly int _burst;
    private decimal _credits;
    private long _lastMillis;

    public DeribitCreditBucket(int perSecond, int burst)
    {
        _perSecond = perSecond;
        _burst = burst;
        _credits = burst;
    }

    public bool TryTake(long nowMillis)
    {
        if (_lastMillis != 0 && nowMillis > _lastMillis)
        {
            _credits = Math.Min(_burst, _credits + ((nowMillis - _lastMillis) * _perSecond / 1000m));
        }

        _lastMillis = nowMillis;
        if (_credits < 1m)
        {
            return false;
        }

        _credits -= 1m;
        return true;
    }
}
