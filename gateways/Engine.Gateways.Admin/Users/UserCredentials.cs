using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace Engine.Gateways.Admin.Users;

/// <summary>
/// Passwords and API tokens. Passwords are hashed with ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/>
/// (PBKDF2 with a random salt, its format versioned in the hash). API tokens are 32 random bytes shown once; only
/// their SHA-256 is kept (a token is not guessable, so a slow hash would add nothing but latency to every request).
/// Stateless and thread-safe.
/// </summary>
public static class UserCredentials
{
    public const int MinimumPasswordLength = 12;

    public const int MaximumPasswordLength = 1024;

    private const string TokenPrefix = "eat_";

    private static readonly PasswordHasher<AdminUser> s_hasher = new();

    /// <summary>Checks the password's length and hashes it; a password too short or too long is refused, naming why.</summary>
    public static string HashPassword(string password)
    {
        if (password.Length < MinimumPasswordLength)
        {
            throw new UsersFileException($"the password has {password.Length} characters; use at least {MinimumPasswordLength}");
        }

        if (password.Length > MaximumPasswordLength)
        {
            throw new UsersFileException($"the password has {password.Length} characters; at most {MaximumPasswordLength} are taken");
        }

        return s_hasher.HashPassword(null!, password);
    }

    public static bool VerifyPassword(AdminUser user, string password)
    {
        if (password.Length > MaximumPasswordLength)
        {
            return false;
        }

        try
        {
            return s_hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;
        }
        catch (FormatException)
        {
            // A hash edited by hand into something that is not one: nobody can log in as that user.
            return false;
        }
    }

    /// <summary>A new API token (to show once) and the hash the users file keeps.</summary>
    public static (string Token, string Hash) NewToken()
    {
        string token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (token, TokenHash(token));
    }

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="token"/> is the one whose hash is <paramref name="hash"/>, in constant time.</summary>
    public static bool TokenMatches(string token, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(TokenHash(token)), Encoding.ASCII.GetBytes(hash));

    /// <summary>A short fingerprint of the password hash: a session carries it, so changing the password ends every session.</summary>
    public static string SessionStamp(AdminUser user) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.PasswordHash)).AsSpan(0, 8));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
