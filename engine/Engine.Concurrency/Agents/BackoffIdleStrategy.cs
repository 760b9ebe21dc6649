namespace Engine.Concurrency.Agents;

/// <summary>
/// Backs off step by step while idle: <c>maxSpins</c> pause hints, then <c>maxYields</c> yields, then sleeps that
/// double from <c>minParkMilliseconds</c> up to <c>maxParkMilliseconds</c>. Any work resets it. Reacts in
/// nanoseconds after a short pause and costs almost nothing after a long one (Agrona's default).
/// </summary>
/// <remarks>Thread ownership: mutable; one runner thread.</remarks>
public sealed class BackoffIdleStrategy : IIdleStrategy
{
    private readonly int _maxSpins;
    private readonly int _maxYields;
    private readonly int _minParkMilliseconds;
    private readonly int _maxParkMilliseconds;
    private int _spins;
    private int _yields;
    private int _parkMilliseconds;

    public BackoffIdleStrategy(int maxSpins = 100, int maxYields = 10, int minParkMilliseconds = 1, int maxParkMilliseconds = 16)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxSpins);
        ArgumentOutOfRangeException.ThrowIfNegative(maxYields);
        ArgumentOutOfRangeException.ThrowIfLessThan(minParkMilliseconds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParkMilliseconds, minParkMilliseconds);
        _maxSpins = maxSpins;
        _maxYields = maxYields;
        _minParkMilliseconds = minParkMilliseconds;
        _maxParkMilliseconds = maxParkMilliseconds;
        Reset();
    }

    /// <summary>The step the next idle call takes.</summary>
    public BackoffPhase Phase { get; private set; }

    /// <summary>The sleep of the next parking step, in milliseconds.</summary>
    public int ParkMilliseconds => _parkMilliseconds;

    public void Idle(int workCount)
    {
        if (workCount > 0)
        {
            Reset();
            return;
        }

        switch (Phase)
        {
            case BackoffPhase.NotIdle:
                Phase = BackoffPhase.Spinning;
                goto case BackoffPhase.Spinning;
            case BackoffPhase.Spinning:
                if (_spins < _maxSpins)
                {
                    _spins++;
                    Thread.SpinWait(1);
                    break;
                }

                Phase = BackoffPhase.Yielding;
                goto case BackoffPhase.Yielding;
            case BackoffPhase.Yielding:
                if (_yields < _maxYields)
                {
                    _yields++;
                    Thread.Yield();
                    break;
                }

                Phase = BackoffPhase.Parking;
                goto case BackoffPhase.Parking;
            case BackoffPhase.Parking:
            default:
                Thread.Sleep(_parkMilliseconds);
                _parkMilliseconds = Math.Min(_parkMilliseconds * 2, _maxParkMilliseconds);
                break;
        }
    }

    public void Reset()
    {
        _spins = 0;
        _yields = 0;
        _parkMilliseconds = _minParkMilliseconds;
        Phase = BackoffPhase.NotIdle;
    }
}
