namespace Engine.Gateways.Admin.Users;

/// <summary>
/// What a user of the admin gateway may do; each role includes the ones before it. A viewer reads (status, health,
/// the audit trail, the live feeds); an operator acts on trading (kill switch, cancel-all, trading states, dead-man
/// heartbeat, snapshots); an admin also changes risk limits, funds and strategy parameters, and manages users.
/// </summary>
public enum AdminRole
{
    Viewer = 1,
    Operator = 2,
    Admin = 3,
}

/// <summary>The roles' names as the users file and the command line spell them.</summary>
public static class AdminRoles
{
    public const string Names = "viewer, operator, admin";

    public static string NameOf(AdminRole role) => role switch
    {
        AdminRole.Viewer => "viewer",
        AdminRole.Operator => "operator",
        AdminRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "not a role"),
    };

    public static bool TryParse(string? name, out AdminRole role)
    {
        switch (name)
        {
            case "viewer":
                role = AdminRole.Viewer;
                return true;
            case "operator":
                role = AdminRole.Operator;
                return true;
            case "admin":
                role = AdminRole.Admin;
                return true;
            default:
                role = default;
                return false;
        }
    }
}
