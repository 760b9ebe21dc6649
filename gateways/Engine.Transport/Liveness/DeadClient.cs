namespace Engine.Transport.Liveness;

/// <summary>Why the engine declared a client dead; the engine journals it and cancels the client's orders.</summary>
public enum DeathCause
{
    ProcessGone = 1,
    HeartbeatStale = 2,
}

/// <summary>A client the engine has just declared dead.</summary>
public readonly record struct DeadClient(long ClientId, int Pid, string Name, DeathCause Cause, long SilenceTicks);
