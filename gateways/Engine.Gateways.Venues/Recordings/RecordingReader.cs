using System.IO.Compression;
using System.Text;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Recordings;

/// <summary>
/// Reads recorded venue sessions in the formats of ../shared/data (README there): hftbacktest's lines
/// (<c>&lt;receive ns&gt; &lt;json&gt;</c>, gzip), cryptofeed's WebSocket transcripts (<c>&lt;seconds&gt;: &lt;json&gt;</c>,
/// with <c>&lt;url&gt; &lt;-&gt; &lt;seconds&gt;</c> for a connection and <c>&lt;url&gt; &lt;- ...</c> for what was sent) and its
/// REST transcripts (<c>&lt;url&gt; -&gt; &lt;seconds&gt;: &lt;json&gt;</c>), and the gateway's own recordings (gzip,
/// hftbacktest's line format). Files are read in the order given, a later one continuing the earlier; REST transcripts
/// (files whose every line is a REST response) are merged into the stream by their times, as they were received.
/// </summary>
public static class RecordingReader
{
    /// <summary>Reads every frame of <paramref name="files"/> in order; returns how many lines were not frames (configuration, sent messages).</summary>
    public static long Read(IReadOnlyList<string> files, RecordedFrameHandler handler)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(handler);
        var rest = new List<(long Nanos, string Url, byte[] Payload)>();
        var streams = new List<string>();
        foreach (string file in files)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"recording {file} does not exist", file);
            }

            if (IsRestTranscript(file, rest))
            {
                continue;
            }

            streams.Add(file);
        }

        rest.Sort((x, y) => x.Nanos.CompareTo(y.Nanos));
        int nextRest = 0;
        long skipped = 0;
        foreach (string file in streams)
        {
                ReadLines(file, line =>
            {
                if (!TryParse(line, out RecordedFrameKind kind, out long nanos, out ReadOnlySpan<byte> payload, out string? url))
                {
                    skipped++;
                    return true;
                }

                while (nextRest < rest.Count && rest[nextRest].Nanos <= nanos)
                {
                    (long restNanos, string restUrl, byte[] restPayload) = rest[nextRest++];
                    handler(new RecordedFrame(RecordedFrameKind.RestResponse, restNanos, restPayload, restUrl));
                }

                handler(new RecordedFrame(kind, nanos, payload, url));
                return true;
            });
        }

        for (; nextRest < rest.Count; nextRest++)
        {
            (long restNanos, string restUrl, byte[] restPayload) = rest[nextRest];
            handler(new RecordedFrame(RecordedFrameKind.RestResponse, restNanos, restPayload, restUrl));
        }

        return skipped;
    }

    /// <summary>
    /// One line as a frame. False for lines that are not frames: configuration, messages the recorder sent, blank
    /// lines, and lines that do not parse.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> line, out RecordedFrameKind kind, out long nanos, out ReadOnlySpan<byte> payload, out string? url)
    {
        kind = RecordedFrameKind.WebSocket;
        nanos = 0;
        payload = default;
        url = null;
        line = line.TrimEnd("\r"u8);
        if (line.IsEmpty)
        {
            return false;
        }

        if (line.StartsWith("ws"u8) || line.StartsWith("http"u8))
        {
            int connected = line.IndexOf(" <-> "u8);
            if (connected > 0)
            {
                kind = RecordedFrameKind.Connected;
                url = Encoding.UTF8.GetString(line[..connected]);
                return TrySeconds(line[(connected + 5)..], out nanos);
            }

            int response = line.IndexOf(" -> "u8);
            if (response < 0)
            {
                return false;   // " <- ": a message the recorder sent
            }

            ReadOnlySpan<byte> rest = line[(response + 4)..];
            int colon = rest.IndexOf(": "u8);
            if (colon < 0 || !TrySeconds(rest[..colon], out nanos))
            {
                return false;
            }

            kind = RecordedFrameKind.RestResponse;
            url = Encoding.UTF8.GetString(line[..response]);
            payload = rest[(colon + 2)..];
            return true;
        }

        if (line[0] < (byte)'0' || line[0] > (byte)'9')
        {
            return false;   // "configuration: {...}"
        }

        int space = line.IndexOf((byte)' ');
        if (space < 0)
        {
            return false;
        }

        if (line[space - 1] == (byte)':')
        {
            // cryptofeed: "<seconds>: <json>"
            payload = line[(space + 1)..];
            return TrySeconds(line[..(space - 1)], out nanos);
        }

        // hftbacktest and our own: "<nanoseconds> <json>"
        payload = line[(space + 1)..];
        return System.Buffers.Text.Utf8Parser.TryParse(line[..space], out nanos, out int consumed) && consumed == space;
    }

    /// <summary>Calls <paramref name="onLine"/> for each line of a file, gzip or plain (told by its first bytes).</summary>
    public static void ReadLines(string file, LineHandler onLine)
    {
        using FileStream raw = File.OpenRead(file);
        Span<byte> magic = stackalloc byte[2];
        int read = raw.Read(magic);
        raw.Position = 0;
        using Stream stream = read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(raw, CompressionMode.Decompress) : raw;
        byte[] buffer = new byte[1 << 20];
        int filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);    // a line longer than the buffer (a large snapshot)
            }

            int got = stream.Read(buffer, filled, buffer.Length - filled);
            if (got == 0)
            {
                if (filled > 0)
                {
                    onLine(buffer.AsSpan(0, filled));
                }

                return;
            }

            filled += got;
            int start = 0;
            while (true)
            {
                int end = buffer.AsSpan(start, filled - start).IndexOf((byte)'\n');
                if (end < 0)
                {
                    break;
                }

                if (!onLine(buffer.AsSpan(start, end)))
                {
                    return;
                }

                start += end + 1;
            }

            Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
            filled -= start;
        }
    }

    /// <summary>Receives one line (without its newline), valid only during the call; returns false to stop reading.</summary>
    public delegate bool LineHandler(ReadOnlySpan<byte> line);

    private static bool IsRestTranscript(string file, List<(long Nanos, string Url, byte[] Payload)> into)
    {
        var found = new List<(long, string, byte[])>();
        bool onlyRest = true;
        bool any = false;
        ReadLines(file, line =>
        {
            if (line.TrimEnd("\r"u8).IsEmpty)
            {
                return true;
            }

            if (TryParse(line, out RecordedFrameKind kind, out long nanos, out ReadOnlySpan<byte> payload, out string? url) && kind == RecordedFrameKind.RestResponse)
            {
                found.Add((nanos, url!, payload.ToArray()));
                any = true;
                return true;
            }

            onlyRest = false;
            return false;   // a stream file: stop at its first line that is not a REST response
        });

        if (!onlyRest || !any)
        {
            return false;
        }

        into.AddRange(found);
        return true;
    }

    private static bool TrySeconds(ReadOnlySpan<byte> text, out long nanos) =>
        FixedPointMath.TryParse(text.Trim((byte)' '), 9, out nanos, out _) == FixedPointParseStatus.Ok;
}
