namespace Engine.Gateways.Hosting.Connection;

/// <summary>Why a gateway's duty cycle ended (see <see cref="LivenessKeeper"/>).</summary>
public enum GatewayStopReason
{
    /// <summary>The caller asked it to stop (cancellation token, Ctrl+C, SIGTERM).</summary>
    Canceled = 0,

    /// <summary>The engine process recorded in the transport file is no longer running.</summary>
    EngineProcessGone = 1,

    /// <summary>The transport file was removed: the engine shut down (it deletes its file on exit).</summary>
    TransportFileRemoved = 2,

    /// <summary>The engine's heartbeat in the transport file is older than the configured timeout.</summary>
    EngineHeartbeatStale = 3,

    /// <summary>The engine declared this gateway dead (its heartbeat was late) and released its client slot.</summary>
    DeclaredDeadByEngine = 4,
}
