using System.Buffers.Text;
using System.Net.Sockets;

namespace Engine.Gateways.Venues.OrderEntry.Http;

/// <summary>
/// One kept-alive HTTP/1.1 connection to a venue's REST host (plain TCP: the simulator on loopback; production TLS is
/// not in this build): writes a request's exact bytes, reads one response (Content-Length or chunked body) into a
/// reusable buffer, and reconnects on the next request after a failure. A request that got no whole answer is
/// reported with the failure (<see cref="HttpExchangeFailure"/>) and never sent again by this class: only the caller
/// knows whether resending is safe. Blocking with a timeout per request, so it runs on the adapter's I/O thread, never
/// the gateway's duty cycle. Allocation-free per request once connected.
/// Thread ownership: one thread.
/// </summary>
public sealed class KeptAliveHttpConnection : IDisposable
{
    private const int BufferCapacity = 1 << 20;

    private readonly string _host;
    private readonly int _port;
    private readonly byte[] _buffer = new byte[BufferCapacity];
    private Socket? _socket;

    public KeptAliveHttpConnection(string host, int port, TimeSpan timeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        _host = host;
        _port = port;
        Timeout = timeout;
    }

    public TimeSpan Timeout { get; }

    /// <summary>Connections opened (the first, and one after each failure).</summary>
    public int Connects { get; private set; }

    /// <summary>The last failure's description (never the request's bytes: they carry the API key).</summary>
    public string? LastError { get; private set; }

    /// <summary>Sends <paramref name="request"/> and reads its answer; on failure <paramref name="response"/> is default.</summary>
    public HttpExchangeFailure Exchange(ReadOnlySpan<byte> request, out HttpResponse response)
    {
        response = default;
        LastError = null;
        if (_socket is not null && _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0)
        {
            // The server closed the idle connection (its keep-alive timeout): open a new one before sending, rather
            // than learn it after the request left and its outcome became unknown.
            Close(null);
        }

        if (_socket is null && !TryConnect())
        {
            return HttpExchangeFailure.NotConnected;
        }

        try
        {
            int sent = 0;
            while (sent < request.Length)
            {
                sent += _socket!.Send(request[sent..]);
            }

            return ReadResponse(out response);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            Close($"no answer within {Timeout.TotalMilliseconds:0} ms");
            return HttpExchangeFailure.Timeout;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
        {
            Close($"connection lost ({e.GetType().Name}: {(e as SocketException)?.SocketErrorCode.ToString() ?? e.Message})");
            return HttpExchangeFailure.ConnectionLost;
        }
    }

    /// <summary>Closes the connection; the next request opens a new one.</summary>
    public void Reset() => Close(null);

    public void Dispose() => Close(null);

    private bool TryConnect()
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            int millis = (int)Math.Min(int.MaxValue, Timeout.TotalMilliseconds);
            socket.SendTimeout = millis;
            socket.ReceiveTimeout = millis;
            using var connecting = new CancellationTokenSource(Timeout);
            socket.ConnectAsync(_host, _port, connecting.Token).AsTask().GetAwaiter().GetResult();
            _socket = socket;
            Connects++;
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            LastError = $"cannot connect to {_host}:{_port} ({(e as SocketException)?.SocketErrorCode.ToString() ?? "timed out"})";
            return false;
        }
    }

    private void Close(string? error)
    {
        if (error is not null)
        {
            LastError = error;
        }

        _socket?.Dispose();
        _socket = null;
    }

    private HttpExchangeFailure ReadResponse(out HttpResponse response)
    {
        response = default;
        int filled = 0;
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
        {
            if (!Fill(ref filled))
            {
                return HttpExchangeFailure.ConnectionLost;
            }
        }

        ReadOnlySpan<byte> head = _buffer.AsSpan(0, headEnd);
        if (!head.StartsWith("HTTP/1.1 "u8) || head.Length < 12 || !Utf8Parser.TryParse(head.Slice(9, 3), out int status, out _))
        {
            return Bad("the answer does not start with an HTTP/1.1 status line");
        }

        long contentLength = -1;
        long usedWeight = -1;
        long orderCount = -1;
        long retryAfter = -1;
        bool chunked = false;
        bool close = false;
        int lineStart = head.IndexOf("\r\n"u8);
        while (lineStart >= 0 && lineStart < head.Length)
        {
            ReadOnlySpan<byte> rest = head[(lineStart + 2)..];
            int lineLength = rest.IndexOf("\r\n"u8);
            ReadOnlySpan<byte> line = lineLength < 0 ? rest : rest[..lineLength];
            int colon = line.IndexOf((byte)':');
            if (colon > 0)
            {
                ReadOnlySpan<byte> name = line[..colon];
                ReadOnlySpan<byte> value = line[(colon + 1)..].Trim((byte)' ');
                if (Is(name, "Content-Length"u8))
                {
                    contentLength = ParseLong(value);
                }
                else if (Is(name, "Transfer-Encoding"u8))
                {
                    chunked = value.IndexOf("chunked"u8) >= 0;
                }
                else if (Is(name, "Connection"u8))
                {
                    close = Is(value, "close"u8);
                }
                else if (Is(name, "X-MBX-USED-WEIGHT-1M"u8))
                {
                    usedWeight = ParseLong(value);
                }
                else if (Is(name, "X-MBX-ORDER-COUNT-10S"u8))
                {
                    orderCount = ParseLong(value);
                }
                else if (Is(name, "Retry-After"u8))
                {
                    retryAfter = ParseLong(value);
                }
            }

            lineStart = lineLength < 0 ? -1 : lineStart + 2 + lineLength;
        }

        int bodyStart = headEnd + 4;
        int bodyLength;
        if (chunked)
        {
            if (!ReadChunked(bodyStart, ref filled, out bodyLength))
            {
                return HttpExchangeFailure.ConnectionLost;
            }
        }
        else
        {
            if (contentLength < 0 || contentLength > _buffer.Length - bodyStart)
            {
                return Bad(contentLength < 0 ? "an answer without Content-Length or chunked body" : $"an answer of {contentLength} bytes, over the {_buffer.Length} this connection reads");
            }

            while (filled - bodyStart < contentLength)
            {
                if (!Fill(ref filled))
                {
                    return HttpExchangeFailure.ConnectionLost;
                }
            }

            bodyLength = (int)contentLength;
        }

        response = new HttpResponse(status, _buffer.AsSpan(bodyStart, bodyLength), usedWeight, orderCount, retryAfter);
        if (close)
        {
            // The server closes after this answer: the next request opens a new connection.
            _socket?.Dispose();
            _socket = null;
        }

        return HttpExchangeFailure.None;
    }

    /// <summary>De-chunks in place: the body ends up contiguous from <paramref name="bodyStart"/>.</summary>
    private bool ReadChunked(int bodyStart, ref int filled, out int bodyLength)
    {
        bodyLength = 0;
        int read = bodyStart;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = _buffer.AsSpan(read, filled - read).IndexOf("\r\n"u8)) < 0)
            {
                if (!Fill(ref filled))
                {
                    return false;
                }
            }

            ReadOnlySpan<byte> sizeText = _buffer.AsSpan(read, lineEnd);
            int semicolon = sizeText.IndexOf((byte)';');
            if (semicolon >= 0)
            {
                sizeText = sizeText[..semicolon];
            }

            if (!Utf8Parser.TryParse(sizeText, out int size, out int consumed, 'x') || consumed != sizeText.Length || size > _buffer.Length - read - lineEnd - 4)
            {
                throw new IOException("a chunk size that cannot be read");
            }

            int dataStart = read + lineEnd + 2;
            while (filled - dataStart < size + 2)
            {
                if (!Fill(ref filled))
                {
                    return false;
                }
            }

            if (!_buffer.AsSpan(dataStart + size, 2).SequenceEqual("\r\n"u8))
            {
                throw new IOException("a chunk longer than its size says");
            }

            if (size == 0)
            {
                return true;
            }

            _buffer.AsSpan(dataStart, size).CopyTo(_buffer.AsSpan(bodyStart + bodyLength));
            bodyLength += size;

            // Move what follows the chunk down behind the body, so the next size line is read from there.
            int next = dataStart + size + 2;
            int tail = filled - next;
            _buffer.AsSpan(next, tail).CopyTo(_buffer.AsSpan(bodyStart + bodyLength));
            read = bodyStart + bodyLength;
            filled = read + tail;
        }
    }

    private bool Fill(ref int filled)
    {
        if (filled == _buffer.Length)
        {
            throw new IOException($"an answer over the {_buffer.Length} bytes this connection reads");
        }

        int read = _socket!.Receive(_buffer.AsSpan(filled));
        if (read == 0)
        {
            Close("the server closed the connection before a whole answer");
            return false;
        }

        filled += read;
        return true;
    }

    private HttpExchangeFailure Bad(string why)
    {
        Close(why);
        return HttpExchangeFailure.BadResponse;
    }

    private static bool Is(ReadOnlySpan<byte> text, ReadOnlySpan<byte> expected) => System.Text.Ascii.EqualsIgnoreCase(text, expected);

    private static long ParseLong(ReadOnlySpan<byte> value) => Utf8Parser.TryParse(value, out long parsed, out int consumed) && consumed == value.Length ? parsed : -1;
}
