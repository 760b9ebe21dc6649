using Engine.Gateways.Admin.Users;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.Admin.Access;

/// <summary>Who may reach a request: anyone, anyone on loopback, or a signed-in user of at least a role.</summary>
public readonly record struct EndpointPolicy(EndpointAccess Access, AdminRole Role)
{
    private static readonly Dictionary<string, AdminRole> s_commands = new(StringComparer.Ordinal)
    {
        ["/api/kill-switch"] = AdminRole.Operator,
        ["/api/cancel-all"] = AdminRole.Operator,
        ["/api/cancel-order"] = AdminRole.Operator,
        ["/api/reconcile"] = AdminRole.Operator,
        ["/api/trading-state"] = AdminRole.Operator,
        ["/api/heartbeat"] = AdminRole.Operator,
        ["/api/snapshot"] = AdminRole.Operator,
        ["/api/limits"] = AdminRole.Admin,
        ["/api/funds"] = AdminRole.Admin,
        ["/api/strategy-parameter"] = AdminRole.Admin,
    };

    /// <summary>
    /// The policy of a request. The login and the page's static files are open (the page asks for a login); health and
    /// metrics are open on loopback (a local Prometheus or load balancer) and need a user from elsewhere; reading needs a
    /// viewer; each command the role its table names; anything else a viewer (it is then a 404 for them).
    /// </summary>
    public static EndpointPolicy For(HttpRequest request)
    {
        string path = request.Path.Value ?? "/";
        bool read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (HttpMethods.IsPost(request.Method) && path == "/api/login")
        {
            return new EndpointPolicy(EndpointAccess.Anyone, AdminRole.Viewer);
        }

        if (read && (path is "/health" or "/metrics"))
        {
            return new EndpointPolicy(EndpointAccess.AnyoneOnLoopback, AdminRole.Viewer);
        }

        if (read && !path.StartsWith("/api/", StringComparison.Ordinal) && !path.StartsWith("/hubs/", StringComparison.Ordinal))
        {
            return new EndpointPolicy(EndpointAccess.Anyone, AdminRole.Viewer);
        }

        return HttpMethods.IsPost(request.Method) && s_commands.TryGetValue(path, out AdminRole role)
            ? new EndpointPolicy(EndpointAccess.User, role)
            : new EndpointPolicy(EndpointAccess.User, AdminRole.Viewer);
    }
}

public enum EndpointAccess
{
    Anyone,
    AnyoneOnLoopback,
    User,
}
