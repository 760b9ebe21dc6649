using System.Threading.Channels;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// The bounded queue between a live source's receive task and the gateway thread, with the optional recording of
/// every frame queued: both happen under one lock, so the recording holds the frames in the order the gateway gets
/// them. The gateway thread takes frames without waiting; a full queue is reported, never waited on.
/// </summary>
public sealed class LiveFrameQueue
{
    private readonly string _feed;
    private readonly TextWriter _log;
    private readonly Channel<RawFrame> _queue;
    private readonly object _gate = new();
    private FrameRecorder? _recorder;
    private bool _closed;
    private long _received;
    private long _delivered;

    public LiveFrameQueue(string feed, int capacity, TextWriter log, FrameRecorder? recorder)
    {
        _feed = feed;
        _log = log;
        _recorder = recorder;
        Capacity = capacity;
        _queue = Channel.CreateBounded<RawFrame>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,     // TryWrite says "full" instead of dropping silently
        });
    }

    public int Capacity { get; }

    /// <summary>Frames queued.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Frames the gateway took.</summary>
    public long Delivered => Volatile.Read(ref _delivered);

    public FrameRecorder? Recorder => _recorder;

    /// <summary>Queues a frame and records it; false when the queue is full (nothing queued or recorded).</summary>
    public bool TryAdd(in RawFrame frame, string? restUrl = null)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return true;    // stopping: nobody will read it, and the recording is closed
            }

            if (!_queue.Writer.TryWrite(frame))
            {
                return false;
            }

            Interlocked.Increment(ref _received);
            if (_recorder is not null)
            {
                try
                {
                    if (restUrl is null)
                    {
                        _recorder.WriteMessage(frame.ReceiveNanos, frame.Payload.Span);
                    }
                    else
                    {
                        _recorder.WriteRestResponse(restUrl, frame.ReceiveNanos, frame.Payload.Span);
                    }
                }
                catch (IOException e)
                {
                    // A full disk stops the recording, not the market data.
                    _log.WriteLine($"gateway venue: {_feed}: recording to {_recorder.Path} stopped after {_recorder.Lines:N0} lines: {e.Message}");
                    _recorder.Dispose();
                    _recorder = null;
                }
            }
        }

        return true;
    }

    /// <summary>The gateway thread's: the next frame, if any.</summary>
    public bool TryTake(out RawFrame frame)
    {
        if (_queue.Reader.TryRead(out frame))
        {
            _delivered++;     // the gateway thread's alone: no interlocked instruction per frame
            return true;
        }

        return false;
    }

    /// <summary>Takes no more frames (those queued stay readable) and closes the recording. Idempotent.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _recorder?.Dispose();
        }
    }
}
