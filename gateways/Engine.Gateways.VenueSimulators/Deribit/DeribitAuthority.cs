using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// <c>public/auth</c>: the API key's client id and secret (grant <c>client_credentials</c>) or a refresh token (grant
/// <c>refresh_token</c>) buy an access token valid <c>expires_in</c> seconds and a new refresh token (the old one is
/// spent). A token issued on a WebSocket without a <c>session:</c> scope is scoped to that connection, as Deribit's
/// default <c>connection</c> scope is ("connection" scope can't be reused for other connections: 13009). Not
/// thread-safe: used under the simulator's lock.
/// </summary>
public sealed class DeribitAuthority
{
    private static readonly string[] s_grants = ["client_credentials", "client_signature", "refresh_token"];

    private readonly DeribitSimulatorOptions _options;
    private readonly Dictionary<string, Token> _accessTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Token> _refreshTokens = new(StringComparer.Ordinal);

    public DeribitAuthority(DeribitSimulatorOptions options) => _options = options;

    /// <summary>Tokens issued so far (a test counts re-authentications).</summary>
    public int TokensIssued { get; private set; }

    /// <summary>Answers <c>public/auth</c>; on success <paramref name="expiresAtMillis"/> is when the access token ends.</summary>
    public DeribitError? Authenticate(DeribitParams parameters, long connectionId, long nowMillis, out JsonObject? result, out long expiresAtMillis)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        result = null;
        expiresAtMillis = 0;
        DeribitError? error = parameters.Enumerated("grant_type", s_grants, string.Empty, out string grant);
        if (error is not null)
        {
            return error;
        }

        string scope = parameters.String("scope") ?? string.Empty;
        if (grant == "client_signature")
        {
            return new DeribitError(DeribitError.NotImplemented.Code, DeribitError.NotImplemented.Message, "the simulator takes client_credentials and refresh_token");
        }

        if (grant == "client_credentials")
        {
            error = DeribitParams.FirstError(parameters.RequiredString("client_id", out string clientId), parameters.RequiredString("client_secret", out string secret));
            if (error is not null)
            {
                return error;
            }

            if (!Same(clientId, _options.ClientId) || !Same(secret, _options.ClientSecret))
            {
                return DeribitError.InvalidCredentials;
            }
        }
        else
        {
            error = parameters.RequiredString("refresh_token", out string refresh);
            if (error is not null)
            {
                return error;
            }

            if (!_refreshTokens.Remove(refresh, out Token? spent))
            {
                return new DeribitError(DeribitError.InvalidCredentials.Code, DeribitError.InvalidCredentials.Message, "refresh token is unknown or already used");
            }

            _accessTokens.Remove(spent.AccessToken);
            if (scope.Length == 0)
            {
                scope = spent.Scope;
            }
        }

        bool session = scope.Contains("session:", StringComparison.Ordinal);
        string grantedScope = (session ? scope : "connection " + scope).Trim();
        if (!grantedScope.Contains("trade:", StringComparison.Ordinal))
        {
            grantedScope += " trade:read_write";
        }

        if (!grantedScope.Contains("account:", StringComparison.Ordinal))
        {
            grantedScope += " account:read_write";
        }

        expiresAtMillis = nowMillis + (_options.AccessTokenSeconds * 1000L);
        var token = new Token(NewSecret(), NewSecret(), grantedScope, session ? 0 : connectionId, expiresAtMillis);
        _accessTokens[token.AccessToken] = token;
        _refreshTokens[token.RefreshToken] = token;
        TokensIssued++;
        result = new JsonObject
        {
            ["access_token"] = token.AccessToken,
            ["expires_in"] = _options.AccessTokenSeconds,
            ["refresh_token"] = token.RefreshToken,
            ["scope"] = grantedScope,
            ["token_type"] = "bearer",
            ["enabled_features"] = new JsonArray(),
        };
        return null;
    }

    /// <summary>An access token presented with a request (HTTP <c>Authorization: bearer</c>, or <c>access_token</c>): 13009 when unknown, expired or another connection's.</summary>
    public DeribitError? Validate(string accessToken, long connectionId, long nowMillis)
    {
        if (!_accessTokens.TryGetValue(accessToken, out Token? token))
        {
            return DeribitError.Unauthorized;
        }

        if (token.ExpiresAtMillis <= nowMillis)
        {
            return new DeribitError(DeribitError.Unauthorized.Code, DeribitError.Unauthorized.Message, "token has expired");
        }

        return token.ConnectionId != 0 && token.ConnectionId != connectionId ? DeribitError.Unauthorized : null;
    }

    /// <summary>HTTP Basic authentication with the client id and secret, which Deribit also accepts on private HTTP calls.</summary>
    public bool IsClientCredentials(string clientId, string secret) => Same(clientId, _options.ClientId) && Same(secret, _options.ClientSecret);

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string NewSecret() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40);

    private sealed record Token(string AccessToken, string RefreshToken, string Scope, long ConnectionId, long ExpiresAtMillis);
}
