using System.Diagnostics;
using Engine.Gateways.Hosting.Connection;

namespace Engine.Gateways.Hosting.Tests;

/// <summary>The keeper's schedule, driven with explicit clock readings so the tests never wait.</summary>
[TestFixture]
public sealed class LivenessKeeperTests
{
    private static readonly TimeSpan s_day = TimeSpan.FromDays(1);

    [Test]
    public void AStopRequest_IsTheStopReason_BeforeAnythingTheEngineDid()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        var keeper = new LivenessKeeper(connection, s_day, s_day, s_day) { Cancellation = new CancellationToken(canceled: true) };
        File.Delete(engine.Path);

        keeper.Maintain(Stopwatch.GetTimestamp());

        Assert.That(keeper.StopReason, Is.EqualTo(GatewayStopReason.Canceled));
    }

    [Test]
    public void TheEngineIsCheckedOnlyWhenTheLivenessIntervalIsDue()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        var keeper = new LivenessKeeper(connection, s_day, TimeSpan.FromSeconds(1), s_day);
        long now = Stopwatch.GetTimestamp();
        keeper.Maintain(now);
        engine.DeclareEveryClientDead();

        keeper.Maintain(now + (Stopwatch.Frequency / 2));
        GatewayStopReason? beforeDue = keeper.StopReason;
        keeper.Maintain(now + Stopwatch.Frequency);

        Assert.That((beforeDue, keeper.StopReason), Is.EqualTo(((GatewayStopReason?)null, (GatewayStopReason?)GatewayStopReason.DeclaredDeadByEngine)));
    }

    [Test]
    public void TheFirstStopReason_Sticks()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");
        using var stop = new CancellationTokenSource();
        var keeper = new LivenessKeeper(connection, s_day, TimeSpan.FromSeconds(1), s_day) { Cancellation = stop.Token };
        long now = Stopwatch.GetTimestamp();
        engine.DeclareEveryClientDead();
        keeper.Maintain(now);

        stop.Cancel();
        keeper.Maintain(now + (10 * Stopwatch.Frequency));

        Assert.That(keeper.StopReason, Is.EqualTo(GatewayStopReason.DeclaredDeadByEngine));
    }

    [Test]
    public void NonPositiveIntervals_AreRefused()
    {
        using var engine = new PlayedEngine();
        using EngineConnection connection = EngineConnection.Attach(engine.Path, "venue:TEST");

        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LivenessKeeper(connection, TimeSpan.Zero, s_day, s_day));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LivenessKeeper(connection, s_day, TimeSpan.Zero, s_day));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new LivenessKeeper(connection, s_day, s_day, TimeSpan.FromSeconds(-1)));
    }
}
