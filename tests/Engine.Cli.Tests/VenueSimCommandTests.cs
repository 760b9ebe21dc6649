using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry;
using Engine.Gateways.Venues.OrderEntry;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine venue-sim</c> as a user runs it: a real process listening on loopback that accepts an order signed
/// with the configured key and secret (spot and USD-M), and Deribit's JSON-RPC with its client id and secret; and the errors of an unknown venue and of a secret file others can read.
/// </summary>
[TestFixture]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class VenueSimCommandTests
{
    private const string ApiKey = "LocalTestKey0123456789";

    [Test]
    public void An_unknown_venue_is_a_usage_error_naming_the_venues_with_a_simulator()
    {
        EngineRun run = EngineProcess.Run("venue-sim", "--venue", "bitmex");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("unknown venue 'bitmex' (available: binance-spot, binance-usdm, deribit, okx)"));
    }

    [Test]
    public void A_secret_file_readable_by_others_is_refused_with_the_fix()
    {
        using var directory = new TemporaryDirectory("venue-sim");
        string secret = Path.Combine(directory.Path, "secret");
        File.WriteAllText(secret, "s3cret");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        EngineRun run = EngineProcess.Run("venue-sim", "--venue", "binance-spot", "--secret-file", secret,
            "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("can be read by others").And.Contain("chmod 600").And.Not.Contain("s3cret"));
    }

    [TestCase("binance-spot", BinanceMarket.Spot, "BTCUSDT", 2, 8)]
    [TestCase("binance-usdm", BinanceMarket.UsdM, "BTCUSDT", 1, 3)]
    public async Task Running_simulator_accepts_an_order_signed_with_its_key_and_secret(string venue, BinanceMarket market, string symbol, int priceScale, int quantityScale)
    {
        using var directory = new TemporaryDirectory("venue-sim");
        string secretFile = Path.Combine(directory.Path, "secret");
        File.WriteAllText(secretFile, "LocalTestSecret0123456789");
        File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"), "venue-sim", "--venue", venue, "--port", "0",
            "--api-key", ApiKey, "--secret-file", secretFile, "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        try
        {
            string? line;
            Uri? address = null;
            while ((line = await process.StandardOutput.ReadLineAsync()) is not null && address is null)
            {
                int at = line.IndexOf("listening on ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    address = new Uri(line[(at + "listening on ".Length)..].Split(' ')[0]);
                }
            }

            if (address is null)
            {
                Assert.Fail("venue-sim printed no address: " + await process.StandardError.ReadToEndAsync());
            }

            using var signer = new HmacSha256Signer(Encoding.ASCII.GetBytes("LocalTestSecret0123456789"));
            var writer = new BinanceRequestWriter(market, address!.Authority, ApiKey, signer, "cli");
            var order = new VenueOrder
            {
                Symbol = Encoding.ASCII.GetBytes(symbol),
                Side = Codecs.Side.Buy,
                Type = Codecs.OrderType.Limit,
                TimeInForce = Codecs.TimeInForce.GoodTillCancel,
                Price = 50_000 * (long)Math.Pow(10, priceScale),
                PriceScale = priceScale,
                StopPrice = VenueOrder.NullPrice,
                Quantity = 10 * (long)Math.Pow(10, quantityScale - 3),
                QuantityScale = quantityScale,
                ClientOrderId = 1,
                ExpireTimeNanos = VenueOrder.NullTime,
            };
            writer.WriteNewOrder(in order, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            using var tcp = new TcpClient(address.Host, address.Port);
            NetworkStream stream = tcp.GetStream();
            await stream.WriteAsync(writer.Request.ToArray());
            var buffer = new byte[4096];
            int read = await stream.ReadAsync(buffer);
            string response = Encoding.ASCII.GetString(buffer, 0, read);

            Assert.That(response, Does.StartWith("HTTP/1.1 200"));
            Assert.That(response, Does.Contain("\"clientOrderId\":\"cli1\""));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Test]
    public async Task Running_deribit_simulator_authenticates_its_client_id_and_secret_and_takes_an_order_over_json_rpc()
    {
        using var directory = new TemporaryDirectory("venue-sim");
        string secretFile = Path.Combine(directory.Path, "secret");
        File.WriteAllText(secretFile, "LocalDeribitSecret0123");
        File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"), "venue-sim", "--venue", "deribit", "--port", "0",
            "--api-key", "LocalClientId", "--secret-file", secretFile, "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        try
        {
            Uri? address = null;
            string? line;
            while (address is null && (line = await process.StandardOutput.ReadLineAsync()) is not null)
            {
                int at = line.IndexOf("WebSocket at ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    address = new Uri(line[(at + "WebSocket at ".Length)..].Split(';')[0]);
                }
            }

            if (address is null)
            {
                Assert.Fail("venue-sim printed no address: " + await process.StandardError.ReadToEndAsync());
            }

            using var socket = new System.Net.WebSockets.ClientWebSocket();
            await socket.ConnectAsync(address!, CancellationToken.None);
            string wrong = await CallAsync(socket, """{"jsonrpc":"2.0","id":1,"method":"public/auth","params":{"grant_type":"client_credentials","client_id":"LocalClientId","client_secret":"wrong"}}""");
            Assert.That(wrong, Does.Contain("\"code\":13004"));
            string auth = await CallAsync(socket, """{"jsonrpc":"2.0","id":2,"method":"public/auth","params":{"grant_type":"client_credentials","client_id":"LocalClientId","client_secret":"LocalDeribitSecret0123"}}""");
            Assert.That(auth, Does.Contain("\"access_token\""));
            string buy = await CallAsync(socket, """{"jsonrpc":"2.0","id":3,"method":"private/buy","params":{"instrument_name":"BTC-PERPETUAL","amount":100,"type":"limit","price":50000,"label":"cli1"}}""");

            Assert.That(buy, Does.Contain("\"order_state\":\"open\"").And.Contain("\"label\":\"cli1\""));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    [Test]
    public async Task Running_okx_simulator_answers_a_request_signed_with_its_key_secret_and_passphrase()
    {
        using var directory = new TemporaryDirectory("venue-sim");
        string secretFile = Path.Combine(directory.Path, "secret");
        File.WriteAllText(secretFile, "LocalTestSecret0123456789\nLocalPassphrase1\n");
        File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in new[]
        {
            Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"), "venue-sim", "--venue", "okx", "--port", "0",
            "--api-key", ApiKey, "--secret-file", secretFile, "--instrument-config", VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        try
        {
            string? line;
            Uri? address = null;
            while (address is null && (line = await process.StandardOutput.ReadLineAsync()) is not null)
            {
                int at = line.IndexOf("listening on ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    address = new Uri(line[(at + "listening on ".Length)..].Split(' ')[0]);
                }
            }

            if (address is null)
            {
                Assert.Fail("venue-sim printed no address: " + await process.StandardError.ReadToEndAsync());
            }

            // OKX's documented signing: Base64 HMAC-SHA256 of timestamp + method + requestPath + body.
            const string Path = "/api/v5/account/balance?ccy=USDT";
            string timestamp = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            string sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.ASCII.GetBytes("LocalTestSecret0123456789"), Encoding.ASCII.GetBytes(timestamp + "GET" + Path)));
            using var http = new HttpClient { BaseAddress = address };
            using var request = new HttpRequestMessage(HttpMethod.Get, Path);
            request.Headers.Add("OK-ACCESS-KEY", ApiKey);
            request.Headers.Add("OK-ACCESS-PASSPHRASE", "LocalPassphrase1");
            request.Headers.Add("OK-ACCESS-TIMESTAMP", timestamp);
            request.Headers.Add("OK-ACCESS-SIGN", sign);
            using HttpResponseMessage response = await http.SendAsync(request);
            string body = await response.Content.ReadAsStringAsync();

            Assert.That((int)response.StatusCode, Is.EqualTo(200), body);
            Assert.That(body, Does.StartWith("{\"code\":\"0\"").And.Contain("\"cashBal\":\"100000\""));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<string> CallAsync(System.Net.WebSockets.ClientWebSocket socket, string request)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(request), System.Net.WebSockets.WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var buffer = new byte[64 * 1024];
        int length = 0;
        System.Net.WebSockets.ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
            length += result.Count;
        }
        while (!result.EndOfMessage);

        return Encoding.UTF8.GetString(buffer, 0, length);
    }
}
