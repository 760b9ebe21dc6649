using System.Diagnostics;

namespace Engine.Gateways.Hosting.Tests;

/// <summary>Waits for something another thread does; fails, naming it, only after a patience far beyond any normal run.</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static void That(Func<bool> condition, string what)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(Patience), what);
            Thread.Sleep(1);
        }
    }
}
