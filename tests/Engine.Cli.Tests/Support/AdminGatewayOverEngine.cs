using Engine.Cli.Commands;
using Engine.Gateways.Admin;
using Engine.Host;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// A real engine (journal, BLP, shared-memory transport) on the default configuration in a fresh temporary folder,
/// with the admin gateway attached on a free loopback port as principal 9 and an HTTP client pointed at it.
/// </summary>
internal sealed class AdminGatewayOverEngine : IAsyncDisposable
{
    private AdminGatewayOverEngine(string directory, EngineHost engine, AdminGateway gateway)
    {
        Directory = directory;
        Engine = engine;
        Gateway = gateway;
        Http = new HttpClient { BaseAddress = gateway.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Directory { get; }

    public EngineHost Engine { get; }

    public AdminGateway Gateway { get; }

    public HttpClient Http { get; }

    public static async Task<AdminGatewayOverEngine> StartAsync(string name)
    {
        string directory = Path.Combine(Path.GetTempPath(), $"engine-{name}-tests-" + Guid.NewGuid().ToString("N"));
        string file = DefaultConfiguration.WriteTo(Path.Combine(directory, "config"), Path.Combine(directory, "journal"), $"engine-{name}-" + Guid.NewGuid().ToString("N"), directory);
        EngineConfig config = EngineConfig.Load(file);
        EngineHost engine = EngineHost.Start(config, _ => { });
        AdminGateway gateway = await AdminGateway.StartAsync(engine.TransportPath!, AdminCommand.CatalogFor(config), new AdminGatewayOptions { Listen = "http://127.0.0.1:0", Principal = 9 }, TextWriter.Null);
        return new AdminGatewayOverEngine(directory, engine, gateway);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Gateway.DisposeAsync();
        Engine.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
