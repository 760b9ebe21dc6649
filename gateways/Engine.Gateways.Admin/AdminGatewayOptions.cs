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

    /// <summary>
    /// The users file (<c>engine admin user add</c>): with it every request needs a user's session or API token, and
    /// each command journals that user's principal. Required beyond loopback.
    /// </summary>
    public string? UsersFile { get; init; }

    /// <summary>A PKCS#12 (.pfx) certificate for https:// (required beyond loopback), and its password if it has one.</summary>
    public string? CertificatePath { get; init; }

    public string? CertificatePassword { get; init; }

    /// <summary>How long a browser session lasts from its login (not renewed by use: a shift, then a new login).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Failed logins in a row after which a user name is locked out, and for how long.</summary>
    public int MaxFailedLogins { get; init; } = 5;

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest request body taken (larger: 413); admin commands are a few hundred bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 64 * 1024;

    /// <summary>The clock of sessions and lockouts (tests move it).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Where GET /api/audit reads every admin input of the journal and its result (the command line replays the
    /// engine's journal); null: the gateway has no audit trail.
    /// </summary>
    public Func<IReadOnlyList<Audit.AuditEntry>>? AuditTrail { get; init; }

    /// <summary>How long a request waits for the engine's answer before it is reported as unanswered (HTTP 504).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);
}
