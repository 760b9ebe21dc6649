using System.Net;
using System.Net.Sockets;
using System.Text;
using Engine.Gateways.Venues.OrderEntry.Http;
using NUnit.Framework;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// The order-entry HTTP/1.1 connection against a loopback server that writes its answers byte for byte: a chunked
/// body, the headers an adapter acts on, a server that closes after answering, one that never answers, and one that
/// hangs up after reading the request.
/// </summary>
[TestFixture]
public sealed class KeptAliveHttpConnectionTests
{
    private static readonly byte[] s_request = "GET /api/v3/time HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray();

    [Test]
    public void Chunked_answer_is_read_whole_with_Binances_rate_limit_headers_and_the_connection_is_kept_for_the_next()
    {
        using var server = new ScriptedServer(
            "HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\nX-MBX-USED-WEIGHT-1M: 6001\r\nX-MBX-ORDER-COUNT-10S: 7\r\nRetry-After: 3\r\n\r\n5\r\n{\"cod\r\n13\r\ne\":-1003,\"msg\":\"x\"}\r\n0\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        using var connection = new KeptAliveHttpConnection("127.0.0.1", server.Port, TimeSpan.FromSeconds(10));

        Assert.That(connection.Exchange(s_request, out HttpResponse first), Is.EqualTo(HttpExchangeFailure.None), connection.LastError);
        Assert.That((first.Status, first.UsedWeight, first.OrderCount, first.RetryAfterSeconds), Is.EqualTo((429, 6001L, 7L, 3L)));
        Assert.That(Encoding.ASCII.GetString(first.Body), Is.EqualTo("{\"code\":-1003,\"msg\":\"x\"}"));
        Assert.That(connection.Exchange(s_request, out HttpResponse second), Is.EqualTo(HttpExchangeFailure.None), connection.LastError);
        Assert.That((second.Status, Encoding.ASCII.GetString(second.Body), second.UsedWeight), Is.EqualTo((200, "{}", -1L)));
        Assert.That(connection.Connects, Is.EqualTo(1));
    }

    [Test]
    public void Server_that_never_answers_is_a_timeout_and_one_that_hangs_up_after_the_request_is_a_lost_connection()
    {
        using var silent = new ScriptedServer(ScriptedServer.Silence);
        using (var connection = new KeptAliveHttpConnection("127.0.0.1", silent.Port, TimeSpan.FromMilliseconds(300)))
        {
            Assert.That(connection.Exchange(s_request, out _), Is.EqualTo(HttpExchangeFailure.Timeout));
            Assert.That(connection.LastError, Does.Contain("no answer within 300 ms"));
        }

        using var hangUp = new ScriptedServer(ScriptedServer.HangUp);
        using (var connection = new KeptAliveHttpConnection("127.0.0.1", hangUp.Port, TimeSpan.FromSeconds(10)))
        {
            Assert.That(connection.Exchange(s_request, out _), Is.EqualTo(HttpExchangeFailure.ConnectionLost));
        }
    }

    [Test]
    public void Nothing_listening_is_not_connected_so_the_request_never_left()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var connection = new KeptAliveHttpConnection("127.0.0.1", port, TimeSpan.FromSeconds(5));

        Assert.That(connection.Exchange(s_request, out _), Is.EqualTo(HttpExchangeFailure.NotConnected));
        Assert.That(connection.LastError, Does.Contain($"cannot connect to 127.0.0.1:{port}"));
    }

    /// <summary>Accepts one connection; for each request read, writes the next scripted answer (or stays silent, or hangs up).</summary>
    private sealed class ScriptedServer : IDisposable
    {
        public const string Silence = "<silence>";
        public const string HangUp = "<hang up>";

        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly Thread _thread;

        public ScriptedServer(params string[] answers)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _thread = new Thread(() => Serve(answers)) { IsBackground = true };
            _thread.Start();
        }

        public int Port { get; }

        public void Dispose() => _listener.Stop();

        private void Serve(string[] answers)
        {
            try
            {
                using TcpClient client = _listener.AcceptTcpClient();
                using NetworkStream stream = client.GetStream();
                var buffer = new byte[4096];
                foreach (string answer in answers)
                {
                    int read = 0;
                    while (buffer.AsSpan(0, read).IndexOf("\r\n\r\n"u8) < 0)
                    {
                        int n = stream.Read(buffer, read, buffer.Length - read);
                        if (n == 0)
                        {
                            return;
                        }

                        read += n;
                    }

                    if (answer == HangUp)
                    {
                        return;
                    }

                    if (answer == Silence)
                    {
                        Thread.Sleep(5_000);
                        return;
                    }

                    stream.Write(Encoding.ASCII.GetBytes(answer));
                }

                Thread.Sleep(1_000);
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
            {
                // The test ended the conversation.
            }
        }
    }
}
