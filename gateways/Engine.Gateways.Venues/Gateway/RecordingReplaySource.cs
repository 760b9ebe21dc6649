using Engine.Gateways.Venues.Recordings;

namespace Engine.Gateways.Venues.Gateway;

/// <summary>
/// A recording as a frame source (<c>engine gateway venue --replay</c>): every frame of the files, in order, either
/// as fast as the gateway takes them or paced by their receive times (the first frame at once, each later one when as
/// much time has passed since the start as separated it from the first, divided by the speed). REST responses become
/// snapshots of the symbol their URL names, or of the recording's one symbol (hftbacktest's inline snapshot). The
/// frames are loaded at start: a recording is a test or research input, not a live path.
/// </summary>
public sealed class RecordingReplaySource : IRawFrameSource
{
    private readonly List<RawFrame> _frames = [];
    private readonly double _speed;
    private int _next;
    private long _startNanos = -1;

    /// <param name="speed">Replay speed relative to the recording (1: as recorded); 0 or less: as fast as possible.</param>
    public RecordingReplaySource(IReadOnlyList<string> files, double speed)
    {
        _speed = speed;
        RecordingReader.Read(files, (in RecordedFrame frame) =>
        {
            if (frame.Kind == RecordedFrameKind.WebSocket)
            {
                _frames.Add(new RawFrame(false, null, frame.ReceiveNanos, frame.Payload.ToArray()));
            }
            else if (frame.Kind == RecordedFrameKind.RestResponse)
            {
                string? symbol = Verification.VenueVerifier.SymbolOf(frame.Url!);
                if (symbol is not null)
                {
                    _frames.Add(new RawFrame(true, symbol, frame.ReceiveNanos, frame.Payload.ToArray()));
                }
            }
        });
    }

    public int FrameCount => _frames.Count;

    public bool Completed => _next >= _frames.Count;

    public bool IsLive => false;

    public bool TryNext(long nowNanos, out RawFrame frame)
    {
        if (_next >= _frames.Count)
        {
            frame = default;
            return false;
        }

        frame = _frames[_next];
        if (_speed > 0)
        {
            if (_startNanos < 0)
            {
                _startNanos = nowNanos;
            }

            long due = _startNanos + (long)((frame.ReceiveNanos - _frames[0].ReceiveNanos) / _speed);
            if (nowNanos < due)
            {
                frame = default;
                return false;
            }
        }

        _next++;
        return true;
    }

    public void RequestSnapshot(string symbol)
    {
        // The recording holds the snapshots it has; a book that needs another waits for the next one in it.
    }

    public void Dispose()
    {
    }
}
