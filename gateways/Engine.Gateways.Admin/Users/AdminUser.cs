namespace Engine.Gateways.Admin.Users;

/// <summary>
/// One user of the admin gateway as the users file keeps it. <see cref="Principal"/> is the id journaled with every
/// admin input the user sends (the audit trail's who); it is given once and never reused, so the journal's history
/// stays attributable after the user is removed. <see cref="PasswordHash"/> is ASP.NET Core Identity's PBKDF2 hash
/// (salted, versioned); <see cref="TokenHash"/> the SHA-256 of the user's API token for scripts, or null.
/// </summary>
public sealed record AdminUser(string Name, AdminRole Role, uint Principal, string PasswordHash, string? TokenHash);
