using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// Writes what a live source received to a gzip file that <see cref="Recordings.RecordingReader"/> reads back (so
/// <c>engine venue verify</c> and <c>--replay</c> take it): a WebSocket message as <c>&lt;receive ns&gt; &lt;json&gt;</c>,
/// a REST response as <c>&lt;url&gt; -&gt; &lt;seconds, 9 decimals&gt;: &lt;json&gt;</c>, one per line, in the order the
/// gateway gets them. Thread-safe (the receive and REST tasks both write); the file is complete once disposed.
/// </summary>
public sealed class FrameRecorder : IDisposable
{
    private readonly object _gate = new();
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private bool _disposed;

    public FrameRecorder(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = path;
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1 << 16);

        // Fastest: recording runs beside the receive loop, and a day's file is still a tenth of its text.
        _gzip = new GZipStream(_file, CompressionLevel.Fastest);
    }

    public string Path { get; }

    /// <summary>Lines written.</summary>
    public long Lines { get; private set; }

    /// <summary>The file for <paramref name="feed"/> in <paramref name="folder"/> named by the UTC start time: <c>binance-20240808-235959.gz</c>.</summary>
    public static string FileNameFor(string folder, string feed, DateTime utcNow) =>
        System.IO.Path.Combine(folder, $"{feed}-{utcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.gz");

    public void WriteMessage(long receiveNanos, ReadOnlySpan<byte> json)
    {
        Span<byte> prefix = stackalloc byte[24];
        receiveNanos.TryFormat(prefix, out int length, default, CultureInfo.InvariantCulture);
        prefix[length++] = (byte)' ';
        Write(prefix[..length], json);
    }

    public void WriteRestResponse(string url, long receiveNanos, ReadOnlySpan<byte> json)
    {
        ArgumentException.ThrowIfNullOrEmpty(url);
        string prefix = string.Create(CultureInfo.InvariantCulture, $"{url} -> {receiveNanos / 1_000_000_000}.{receiveNanos % 1_000_000_000:D9}: ");
        Write(Encoding.UTF8.GetBytes(prefix), json);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _gzip.Dispose();
            _file.Dispose();
        }
    }

    private void Write(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> json)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;     // a frame received while the gateway stops: the file is already closed
            }

            _gzip.Write(prefix);

            // One line per frame: a raw newline in JSON can only be whitespace between tokens (inside strings it is
            // escaped), so it becomes a space.
            int start = 0;
            for (int i = json.IndexOfAny((byte)'\n', (byte)'\r'); i >= 0; i = NextBreak(json, start))
            {
                _gzip.Write(json[start..i]);
                _gzip.WriteByte((byte)' ');
                start = i + 1;
            }

            _gzip.Write(json[start..]);
            _gzip.WriteByte((byte)'\n');
            Lines++;
        }
    }

    private static int NextBreak(ReadOnlySpan<byte> json, int start)
    {
        int next = json[start..].IndexOfAny((byte)'\n', (byte)'\r');
        return next < 0 ? -1 : start + next;
    }
}
