namespace Engine.Cli.Tests.OrderEntry;

/// <summary><c>engine gateway venue --venue deribit --order-ws-url</c>: the options that do not go with Deribit's order entry are usage errors that say why.</summary>
[TestFixture]
public sealed class DeribitGatewayOrderEntryTests
{
    [Test]
    public void Deribit_order_entry_with_a_replay_is_a_usage_error()
    {
        EngineRun run = EngineProcess.Run("gateway", "venue", "--venue", "deribit", "--instruments", "BTC-USD-PERP", "--transport", "x",
            "--replay", "y", "--order-ws-url", "ws://127.0.0.1:9/ws/api/v2");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardError);
        Assert.That(run.StandardError, Does.Contain("--order-ws-url on deribit: Deribit's order entry is JSON-RPC over that one WebSocket, live only"));
    }

    [Test]
    public void Deribit_order_entry_refuses_binances_countdown_and_a_url_that_is_not_a_websocket()
    {
        EngineRun countdown = EngineProcess.Run("gateway", "venue", "--venue", "deribit", "--instruments", "BTC-USD-PERP", "--transport", "x",
            "--order-ws-url", "ws://127.0.0.1:9/ws/api/v2", "--countdown-ms", "5000");
        EngineRun http = EngineProcess.Run("gateway", "venue", "--venue", "deribit", "--instruments", "BTC-USD-PERP", "--transport", "x",
            "--order-ws-url", "http://127.0.0.1:9/ws/api/v2");

        Assert.That(countdown.ExitCode, Is.EqualTo(2), countdown.StandardError);
        Assert.That(countdown.StandardError, Does.Contain("cancel-on-disconnect"));
        Assert.That(http.ExitCode, Is.EqualTo(2), http.StandardError);
        Assert.That(http.StandardError, Does.Contain("--order-ws-url: 'http://127.0.0.1:9/ws/api/v2' is not an absolute ws:// or wss:// URL"));
    }
}
