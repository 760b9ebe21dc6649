using System.Net.Sockets;
using System.Text;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

/// <summary>
/// Sends a request's exact bytes over one TCP connection and reads one HTTP/1.1 response with a Content-Length: how
/// the order-entry writers' output is proven to be a valid request, byte for byte, without an HTTP client rewriting it.
/// </summary>
internal sealed class RawHttpClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;

    public RawHttpClient(Uri baseAddress)
    {
        _tcp = new TcpClient(baseAddress.Host, baseAddress.Port);
        _stream = _tcp.GetStream();
    }

    public async Task<(int Status, string Body, Dictionary<string, string> Headers)> SendAsync(ReadOnlyMemory<byte> request)
    {
        await _stream.WriteAsync(request);
        var head = new List<byte>();
        var one = new byte[1];
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await _stream.ReadAsync(one) == 0)
            {
                throw new IOException("the server closed the connection before the end of the response head");
            }

            head.Add(one[0]);
        }

        string[] lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        int status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }

        var body = new byte[int.Parse(headers["Content-Length"], System.Globalization.CultureInfo.InvariantCulture)];
        await _stream.ReadExactlyAsync(body);
        return (status, Encoding.UTF8.GetString(body), headers);
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}
