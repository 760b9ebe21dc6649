namespace Engine.Cli.Tests.Support;

/// <summary>A clock the test moves by hand (session expiry, lockouts) instead of waiting for real time to pass.</summary>
internal sealed class MovableClock : TimeProvider
{
    private DateTimeOffset _now = DateTimeOffset.UtcNow;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
