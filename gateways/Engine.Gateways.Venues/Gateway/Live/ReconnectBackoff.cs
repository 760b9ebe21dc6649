namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// Exponential back-off with jitter for reconnects and REST retries: the first wait is the initial delay, each
/// further one twice the previous, up to the maximum, each moved by up to ±<see cref="Jitter"/> of itself so that
/// many gateways cut off together do not all come back in the same millisecond (and meet the venue's rate limits
/// together). <see cref="Reset"/> once a connection has proved itself.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan maximum, Random? random = null)
{
    /// <summary>The fraction of each delay it may move either way.</summary>
    public const double Jitter = 0.2;

    private readonly Random _random = random ?? Random.Shared;

    /// <summary>Delays handed out since the last <see cref="Reset"/>.</summary>
    public int Attempts { get; private set; }

    /// <summary>The next delay, before jitter: the initial delay doubled once per earlier attempt, at most the maximum.</summary>
    public TimeSpan NextBase => Attempts >= 30 ? maximum : TimeSpan.FromTicks(Math.Min(maximum.Ticks, initial.Ticks << Attempts));

    /// <summary>The delay to wait before the next attempt.</summary>
    public TimeSpan Next()
    {
        TimeSpan unjittered = NextBase;
        Attempts++;
        double factor = 1 + (Jitter * ((2 * _random.NextDouble()) - 1));
        return TimeSpan.FromTicks((long)(unjittered.Ticks * factor));
    }

    public void Reset() => Attempts = 0;
}
