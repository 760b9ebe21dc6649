using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Engine.Gateways.Admin.Users;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.Admin.Access;

/// <summary>
/// Who is asking, and may they. With a users file, every request but the login, the page's static files and (from
/// loopback) health and metrics needs a user: a browser's cookie session (then every state-changing request also
/// carries the antiforgery token in <see cref="AntiforgeryHeader"/>) or a user's API token (<c>Authorization: Bearer
/// TOKEN</c>, for scripts and the CLI; no antiforgery, since a browser never sends it by itself). No user: 401; a role
/// that may not: 403; a missing or wrong antiforgery token: 400. Refused requests never reach the engine. Without a
/// users file the gateway keeps its single optional bearer token and journals its own principal.
/// Thread-safe: the state it holds (the users, the lockout) is.
/// </summary>
public sealed class AdminAccess
{
    public const string AntiforgeryHeader = "X-CSRF-TOKEN";

    private const string UserItem = "engine.admin.user";
    private const string StampClaim = "engine.admin.stamp";

    private readonly UserDirectory? _users;
    private readonly LoginLockout _lockout;
    private readonly byte[]? _legacyToken;

    public AdminAccess(UserDirectory? users, string? legacyToken, AdminGatewayOptions options)
    {
        _users = users;
        _legacyToken = legacyToken is null ? null : System.Text.Encoding.UTF8.GetBytes(legacyToken);
        _lockout = new LoginLockout(options.MaxFailedLogins, options.LockoutDuration, options.TimeProvider);
    }

    public bool HasUsers => _users is not null;

    /// <summary>The signed-in user a request acts as; null without a users file.</summary>
    public static AdminUser? UserOf(HttpContext context) => context.Items.TryGetValue(UserItem, out object? user) ? user as AdminUser : null;

    /// <summary>The users file in force, or null without one (the audit trail uses it to name principals).</summary>
    public UsersFile? Users => _users?.Current;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        EndpointPolicy policy = EndpointPolicy.For(context.Request);
        if (policy.Access == EndpointAccess.Anyone
            || (policy.Access == EndpointAccess.AnyoneOnLoopback && IsLoopback(context)))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (_users is null)
        {
            if (_legacyToken is not null && !LegacyTokenGiven(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await AdminResponses.Error(context, StatusCodes.Status401Unauthorized, "missing or wrong bearer token").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
            return;
        }

        (AdminUser? user, bool bySession) = await Authenticate(context).ConfigureAwait(false);
        if (user is null)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await AdminResponses.Error(context, StatusCodes.Status401Unauthorized, "log in first (POST /api/login) or give your API token (Authorization: Bearer TOKEN); a session that has expired needs a new login").ConfigureAwait(false);
            return;
        }

        if (bySession && !IsSafe(context.Request) && !context.Request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal))
        {
            try
            {
                await Antiforgery(context).ValidateRequestAsync(context).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException)
            {
                await AdminResponses.Error(context, StatusCodes.Status400BadRequest, $"missing or wrong antiforgery token: a request of a browser session carries the {AntiforgeryHeader} header the login answered with").ConfigureAwait(false);
                return;
            }
        }

        if (user.Role < policy.Role)
        {
            await AdminResponses.Error(context, StatusCodes.Status403Forbidden, $"user '{user.Name}' is {Article(user.Role)} {AdminRoles.NameOf(user.Role)}; {context.Request.Method} {context.Request.Path} needs {Article(policy.Role)} {AdminRoles.NameOf(policy.Role)}").ConfigureAwait(false);
            return;
        }

        context.Items[UserItem] = user;
        await next(context).ConfigureAwait(false);
    }

    /// <summary>POST /api/login <c>{"name":"alice","password":"..."}</c>: a cookie session and the antiforgery token.</summary>
    public async Task Login(HttpContext context)
    {
        if (_users is null)
        {
            await AdminResponses.Error(context, StatusCodes.Status404NotFound, "this gateway has no users file (start it with --users FILE to log in)").ConfigureAwait(false);
            return;
        }

        string name;
        string password;
        try
        {
            using JsonDocument body = await AdminResponses.ReadBody(context.Request).ConfigureAwait(false);
            JsonElement root = body.RootElement;
            name = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("name", out JsonElement n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : throw new AdminRequestException("request body: $.name: give the user name");
            password = root.TryGetProperty("password", out JsonElement p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : throw new AdminRequestException("request body: $.password: give the password");
        }
        catch (AdminRequestException e)
        {
            await AdminResponses.Error(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
            return;
        }
        catch (BadHttpRequestException e)
        {
            await AdminResponses.Error(context, e.StatusCode, "request body: " + e.Message).ConfigureAwait(false);
            return;
        }

        if (_lockout.LockedUntil(name) is { } until)
        {
            await RefuseLocked(context, until).ConfigureAwait(false);
            return;
        }

        AdminUser? user = UsersFile.IsValidName(name) ? _users.Current.Find(name) : null;
        if (user is null || !UserCredentials.VerifyPassword(user, password))
        {
            if (_lockout.Failed(name) is { } locked)
            {
                await RefuseLocked(context, locked).ConfigureAwait(false);
                return;
            }

            await AdminResponses.Error(context, StatusCodes.Status401Unauthorized, "wrong user name or password").ConfigureAwait(false);
            return;
        }

        _lockout.Succeeded(name);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, user.Name), new Claim(StampClaim, UserCredentials.SessionStamp(user))],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var principal = new ClaimsPrincipal(identity);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal).ConfigureAwait(false);

        // The antiforgery token is bound to the user, so it is made for the identity just signed in.
        context.User = principal;
        await WriteSession(context, user).ConfigureAwait(false);
    }

    /// <summary>GET /api/session: who the session is, with a fresh antiforgery token (the page asks on load).</summary>
    public Task Session(HttpContext context) =>
        UserOf(context) is { } user
            ? WriteSession(context, user)
            : AdminResponses.Error(context, StatusCodes.Status404NotFound, "this gateway has no users file; nobody logs in");

    /// <summary>POST /api/logout: ends the cookie session.</summary>
    public async Task Logout(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        await AdminResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("loggedOut", true);
            json.WriteEndObject();
        }).ConfigureAwait(false);
    }

    private static Task WriteSession(HttpContext context, AdminUser user)
    {
        AntiforgeryTokenSet tokens = Antiforgery(context).GetAndStoreTokens(context);
        return AdminResponses.Json(context, StatusCodes.Status200OK, json =>
        {
            json.WriteStartObject();
            json.WriteString("user", user.Name);
            json.WriteString("role", AdminRoles.NameOf(user.Role));
            json.WriteString("antiforgery", tokens.RequestToken);
            json.WriteString("antiforgeryHeader", AntiforgeryHeader);
            json.WriteEndObject();
        });
    }

    private Task RefuseLocked(HttpContext context, DateTimeOffset until)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(_lockout.Duration.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return AdminResponses.Error(context, StatusCodes.Status429TooManyRequests, $"too many failed logins: this user name is locked out until {until.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} ({_lockout.MaxFailures} failures in a row)");
    }

    private async Task<(AdminUser? User, bool BySession)> Authenticate(HttpContext context)
    {
        UsersFile users = _users!.Current;
        string header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            string token = header["Bearer ".Length..].Trim();
            foreach (AdminUser candidate in users.Users)
            {
                if (candidate.TokenHash is { } hash && UserCredentials.TokenMatches(token, hash))
                {
                    return (candidate, false);
                }
            }

            return (null, false);
        }

        AuthenticateResult session = await context.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme).ConfigureAwait(false);
        if (!session.Succeeded || session.Principal.Identity?.Name is not { } name)
        {
            return (null, true);
        }

        // A removed user, or a password changed since the login, ends the session.
        AdminUser? user = users.Find(name);
        if (user is null || session.Principal.FindFirst(StampClaim)?.Value != UserCredentials.SessionStamp(user))
        {
            return (null, true);
        }

        context.User = session.Principal;
        return (user, true);
    }

    private bool LegacyTokenGiven(HttpRequest request)
    {
        string header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given = System.Text.Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim());
        return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(given, _legacyToken);
    }

    private static bool IsLoopback(HttpContext context) => context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static bool IsSafe(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);

    private static IAntiforgery Antiforgery(HttpContext context) => (IAntiforgery)context.RequestServices.GetService(typeof(IAntiforgery))!;

    private static string Article(AdminRole role) => role == AdminRole.Viewer ? "a" : "an";
}
