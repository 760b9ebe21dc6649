namespace Engine.Gateways.Admin;

/// <summary>Where the admin gateway listens, who it acts as, and how long it waits for the engine.</summary>
public sealed record AdminGatewayOptions
{
    /// <summary>The URL Kestrel listens on; port 0 picks a free one (see <see cref="AdminGateway.Address"/>).</summary>
    public string Listen { get; init; } = "http://127.0.0.1:8080";

    /// <summary>
    /// The bearer token every request must carry (<c>Authorization: Bearer TOKEN</c>). Required unless the gateway
    /// listens on a loopback address only.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>The principal id journaled with every admin input this gateway sends (the audit trail's "who").</summary>
    public uint Principal { get; init; } = 1;

    /// <summary>How long a request waits for the engine's answer before it is reported as unanswered (HTTP 504).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
