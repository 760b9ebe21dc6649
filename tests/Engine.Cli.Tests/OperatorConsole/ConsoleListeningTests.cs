using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Engine.Cli.Commands;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Admin;
using Engine.Host;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// Listening beyond loopback needs TLS (a Kestrel certificate) and a users file with at least one user; with both the
/// gateway serves https and still asks every request for a user.
/// </summary>
[TestFixture]
public sealed class ConsoleListeningTests
{
    private AdminGatewayOverEngine _fixture = null!;
    private string _certificate = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("console-listening");
        _certificate = Path.Combine(_fixture.Directory, "gateway.pfx");
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using X509Certificate2 certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllBytesAsync(_certificate, certificate.Export(X509ContentType.Pkcs12, "pfx-password"));
    }

    [TearDown]
    public async Task TearDown() => await _fixture.DisposeAsync();

    [Test]
    public void Beyond_loopback_over_https_without_users_is_refused()
    {
        var error = Assert.ThrowsAsync<AdminRequestException>(() => Start(new AdminGatewayOptions
        {
            Listen = "https://0.0.0.0:0",
            CertificatePath = _certificate,
            CertificatePassword = "pfx-password",
        }));
        Assert.That(error!.Message, Does.Contain("give a users file with at least one user"));
    }

    [Test]
    public void Https_without_a_certificate_is_refused()
    {
        var error = Assert.ThrowsAsync<AdminRequestException>(() => Start(new AdminGatewayOptions { Listen = "https://127.0.0.1:0" }));
        Assert.That(error!.Message, Does.Contain("--certificate"));
    }

    [Test]
    public async Task Beyond_loopback_with_tls_and_users_serves_https_and_asks_for_a_user()
    {
        ConsoleUsers users = ConsoleUsers.Write(Path.Combine(_fixture.Directory, "users"));
        await using AdminGateway gateway = await Start(new AdminGatewayOptions
        {
            Listen = "https://0.0.0.0:0",
            CertificatePath = _certificate,
            CertificatePassword = "pfx-password",
            UsersFile = users.Path,
        });
        Assert.That(gateway.Address.Scheme, Is.EqualTo("https"));

        // The test's own self-signed certificate: accepted by this client only.
#pragma warning disable CA5359 // The test trusts the certificate it has just made itself; nothing else is reached.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
#pragma warning restore CA5359
        using var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{gateway.Address.Port}") };
        using (HttpResponseMessage anonymous = await client.GetAsync("/api/status"))
        {
            Assert.That(anonymous.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", users.Tokens["vera"]);
        using HttpResponseMessage allowed = await client.GetAsync("/api/status");
        Assert.That(allowed.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    private Task<AdminGateway> Start(AdminGatewayOptions options) =>
        AdminGateway.StartAsync(
            _fixture.Engine.TransportPath!,
            AdminCommand.CatalogFor(EngineConfig.Load(Path.Combine(_fixture.Directory, "config", "engine.json"))),
            options,
            TextWriter.Null);
}
