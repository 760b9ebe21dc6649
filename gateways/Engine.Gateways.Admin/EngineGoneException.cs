using Engine.Gateways.Hosting.Connection;

namespace Engine.Gateways.Admin;

/// <summary>The engine no longer serves the admin gateway: it exited, removed its transport file, stopped heartbeating, or declared the gateway dead.</summary>
public sealed class EngineGoneException(GatewayStopReason reason)
    : Exception($"the engine no longer serves this gateway ({Describe(reason)}); restart the engine, then the admin gateway")
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
