using Engine.Gateways.Hosting.Connection;

namespace Engine.Gateways.Admin;

/// <summary>
/// No engine serves the admin gateway right now: it exited, removed its transport file, stopped heartbeating, or
/// declared the gateway dead. The gateway reattaches by itself once an engine is back (<see cref="EngineLink"/>).
/// </summary>
public sealed class EngineGoneException(GatewayStopReason reason)
    : Exception($"the engine no longer serves this gateway ({Describe(reason)}); the gateway is waiting for the engine and reattaches by itself when it is back")
{
    public GatewayStopReason Reason { get; } = reason;

    public static string Describe(GatewayStopReason reason) => reason switch
    {
        GatewayStopReason.EngineProcessGone => "its process exited",
        GatewayStopReason.TransportFileRemoved => "its transport file was removed: it shut down",
        GatewayStopReason.EngineHeartbeatStale => "its heartbeat stopped",
        GatewayStopReason.DeclaredDeadByEngine => "it declared this gateway dead",
        GatewayStopReason.Canceled => "the gateway is stopping",
        _ => reason.ToString(),
    };
}
