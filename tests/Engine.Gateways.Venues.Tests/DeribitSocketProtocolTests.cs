using System.Text;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Gateways.Venues.Gateway.Live.Protocols;
using Engine.Gateways.Venues.OrderEntry;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// Deribit's book channel: the public 100ms one without an API key; with one, <c>public/auth</c> first and the raw
/// channel once Deribit grants it (the answer, holding the tokens, never reaches the feed or the recording).
/// </summary>
[TestFixture]
public sealed class DeribitSocketProtocolTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("deribit-protocol-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void WithoutAKey_SubscribesThePublic100msBooks()
    {
        var protocol = new DeribitSocketProtocol();

        IReadOnlyList<string> sent = protocol.Subscribe(["BTC-PERPETUAL"]);

        Assert.That(sent, Is.EqualTo(new[]
        {
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"public/set_heartbeat\",\"params\":{\"interval\":30}}",
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"public/subscribe\",\"params\":{\"channels\":[\"book.BTC-PERPETUAL.100ms\",\"trades.BTC-PERPETUAL.100ms\",\"ticker.BTC-PERPETUAL.100ms\"]}}",
        }));
        Assert.That(protocol.Inspect("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":[]}"u8, out string? reply), Is.EqualTo(SocketFrameKind.Deliver));
        Assert.That(reply, Is.Null);
        Assert.That(protocol.ResubscribeBook("BTC-PERPETUAL")[1], Does.Contain("\"book.BTC-PERPETUAL.100ms\""));
    }

    [Test]
    public void WithAKey_AuthenticatesFirst_ThenSubscribesTheRawBooks_AndDropsTheAnswerHoldingTheTokens()
    {
        using VenueCredentials credentials = Credentials("AbC123", "s3cr\"et");
        var protocol = new DeribitSocketProtocol(credentials);

        IReadOnlyList<string> sent = protocol.Subscribe(["BTC-PERPETUAL", "ETH-PERPETUAL"]);

        Assert.That(sent, Has.Count.EqualTo(3));
        Assert.That(sent[1], Is.EqualTo("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"public/auth\",\"params\":{\"grant_type\":\"client_credentials\",\"client_id\":\"AbC123\",\"client_secret\":\"s3cr\\u0022et\"}}"));
        Assert.That(sent[2], Does.Contain("\"trades.BTC-PERPETUAL.100ms\",\"ticker.BTC-PERPETUAL.100ms\",\"trades.ETH-PERPETUAL.100ms\"").And.Not.Contain("book."));

        // An answer to another request, then market data: the feed's.
        Assert.That(protocol.Inspect("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":[\"trades.BTC-PERPETUAL.100ms\"]}"u8, out string? reply), Is.EqualTo(SocketFrameKind.Deliver));
        Assert.That(reply, Is.Null);

        byte[] granted = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"token_type\":\"bearer\",\"scope\":\"connection\",\"refresh_token\":\"r1\",\"expires_in\":900,\"access_token\":\"a1\"},\"usIn\":1,\"usOut\":2}");
        Assert.That(protocol.Inspect(granted, out reply), Is.EqualTo(SocketFrameKind.Drop), "the tokens are neither queued nor recorded");
        Assert.That(reply, Does.Contain("\"method\":\"public/subscribe\"").And.Contain("{\"channels\":[\"book.BTC-PERPETUAL.raw\",\"book.ETH-PERPETUAL.raw\"]}"));
        Assert.That(protocol.Authorised, Is.True);
        Assert.That(protocol.ResubscribeBook("BTC-PERPETUAL")[1], Does.Contain("\"book.BTC-PERPETUAL.raw\""));

        // A new connection authenticates again; until granted, a resubscription asks for the public book.
        sent = protocol.Subscribe(["BTC-PERPETUAL"]);
        Assert.That(sent[1], Does.Contain("public/auth"));
        Assert.That(protocol.Authorised, Is.False);
    }

    [Test]
    public void ARefusedKey_FallsBackToThePublic100msBooks()
    {
        using VenueCredentials credentials = Credentials("AbC123", "wrong");
        var protocol = new DeribitSocketProtocol(credentials);
        protocol.Subscribe(["BTC-PERPETUAL"]);

        Assert.That(protocol.Inspect("{\"jsonrpc\":\"2.0\",\"id\":2,\"error\":{\"message\":\"invalid_credentials\",\"code\":13004}}"u8, out string? reply), Is.EqualTo(SocketFrameKind.Drop));
        Assert.That(reply, Does.Contain("{\"channels\":[\"book.BTC-PERPETUAL.100ms\"]}"));
        Assert.That(protocol.Authorised, Is.False);
    }

    [Test]
    public void HeartbeatTestRequests_AreAnsweredWithPublicTest()
    {
        var protocol = new DeribitSocketProtocol();
        protocol.Subscribe(["BTC-PERPETUAL"]);

        Assert.That(protocol.Inspect("{\"jsonrpc\":\"2.0\",\"method\":\"heartbeat\",\"params\":{\"type\":\"test_request\"}}"u8, out string? reply), Is.EqualTo(SocketFrameKind.Deliver));
        Assert.That(reply, Does.Contain("\"method\":\"public/test\""));
    }

    private VenueCredentials Credentials(string key, string secret)
    {
        string file = Path.Combine(_folder, "deribit.json");
        File.WriteAllText(file, $"{{\"apiKey\":\"{key}\",\"secret\":\"{secret.Replace("\"", "\\\"", StringComparison.Ordinal)}\"}}");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return VenueCredentials.FromFile(file);
    }
}
