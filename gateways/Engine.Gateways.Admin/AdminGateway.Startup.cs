using System.Net;
using System.Security.Cryptography.X509Certificates;
using Engine.Gateways.Admin.Access;
using Engine.Gateways.Admin.LiveFeeds;
using Engine.Gateways.Admin.Users;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Gateways.Admin;

/// <summary>The gateway's start-up checks and settings: sessions, the users file, the TLS certificate, and where it may listen.</summary>
public sealed partial class AdminGateway
{
    /// <summary>
    /// Cookie sessions and antiforgery. Their keys live in memory only (nothing written under the user's home): a
    /// restarted gateway asks browsers to log in again, while API tokens (kept hashed in the users file) keep working.
    /// </summary>
    private static void AddSessions(IServiceCollection services, AdminGatewayOptions options)
    {
        services.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "engine-admin-session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = options.SessionLifetime;
            cookie.SlidingExpiration = false;
            cookie.TimeProvider = options.TimeProvider;
        });
        services.AddSingleton<ConsoleClients>();
        services.AddSignalR().AddMessagePackProtocol();
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.HeaderName = AdminAccess.AntiforgeryHeader;
            antiforgery.Cookie.Name = "engine-admin-antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
    }

    private static UserDirectory? LoadUsers(AdminGatewayOptions options, TextWriter log)
    {
        if (options.UsersFile is null)
        {
            return null;
        }

        if (!File.Exists(options.UsersFile))
        {
            throw new AdminRequestException($"users file {Path.GetFullPath(options.UsersFile)} does not exist (create it with engine admin user add --users FILE --name NAME --role ROLE)");
        }

        try
        {
            return new UserDirectory(options.UsersFile, log);
        }
        catch (UsersFileException e)
        {
            throw new AdminRequestException(e.Message);
        }
    }

    private static X509Certificate2? LoadCertificate(AdminGatewayOptions options)
    {
        if (options.CertificatePath is null)
        {
            return null;
        }

        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new AdminRequestException($"certificate {Path.GetFullPath(options.CertificatePath)}: cannot load it as PKCS#12 (.pfx): {e.Message}");
        }
    }

    private static Uri CheckListen(AdminGatewayOptions options, UserDirectory? users, X509Certificate2? certificate)
    {
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out Uri? listen) || (listen.Scheme != Uri.UriSchemeHttp && listen.Scheme != Uri.UriSchemeHttps))
        {
            throw new AdminRequestException($"--listen '{options.Listen}' is not an http:// or https:// URL (for example http://127.0.0.1:8080)");
        }

        if (listen.Scheme == Uri.UriSchemeHttps && certificate is null)
        {
            throw new AdminRequestException($"--listen {options.Listen} is https: give the server's certificate (--certificate FILE.pfx)");
        }

        bool loopback = listen.IsLoopback || (IPAddress.TryParse(listen.Host, out IPAddress? address) && IPAddress.IsLoopback(address));
        if (!loopback)
        {
            if (listen.Scheme != Uri.UriSchemeHttps)
            {
                throw new AdminRequestException($"--listen {options.Listen} is reachable from other machines: listen on https:// with a certificate (--certificate FILE.pfx) so passwords and tokens never cross the network in clear");
            }

            if (users is null || users.Current.Users.Count == 0)
            {
                throw new AdminRequestException($"--listen {options.Listen} is reachable from other machines: give a users file with at least one user (--users FILE; engine admin user add) so only operators can act");
            }
        }

        return listen;
    }
}
