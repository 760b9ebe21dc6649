using System.Collections.Concurrent;
using System.Diagnostics;
using Engine.Gateways.Admin.Telemetry;
using Engine.Gateways.Hosting.Connection;
using Engine.Transport;
using Engine.Transport.Egress;
using Engine.Transport.Ingress;
using Codecs = Engine.Codecs;

namespace Engine.Gateways.Admin;

/// <summary>
/// The admin gateway's attachment to a running engine (an <see cref="EngineConnection"/>): writes admin inputs on
/// ingress (from any request thread) and matches the engine's answers on egress to the requests waiting for them. One
/// <c>egress</c> thread reads egress, completes waiting requests and keeps the gateway's client heartbeat fresh, so
/// the engine sees it alive.
/// <list type="bullet">
/// <item>An <c>AdminResult</c> is matched by (template of the request, requestTime): <see cref="NextRequestTime"/>
/// hands out strictly increasing request times, so each request of this gateway has its own.</item>
/// <item>An <c>EngineStatus</c> is matched by its requestId.</item>
/// </list>
/// An answer lost because the gateway was lapped on egress ends the wait with a timeout. An engine that is gone
/// (process exited, transport file removed, heartbeat stale, or it declared this gateway dead) is seen by the same
/// thread's <see cref="LivenessKeeper"/>: every waiting request ends at once, the connection is closed and the link
/// is detached (<see cref="IsAttached"/> false, <see cref="StopReason"/> says why), so requests are refused at once
/// instead of waiting for a timeout. While detached the thread looks for the engine's transport file a few times a
/// second and attaches again as soon as an engine is alive behind it (a restarted engine recreates the file), logging
/// both changes; nobody has to restart the gateway.
/// Thread safety: <see cref="RequestAsync"/> and the properties from any thread; the connection is replaced only by
/// the egress thread, under <c>_gate</c>, which every ingress write also holds, so no write touches a closed mapping.
/// </summary>
public sealed class EngineLink : IDisposable
{
    private static readonly TimeSpan s_heartbeatInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_livenessInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_engineTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_reattachInterval = TimeSpan.FromMilliseconds(200);

    private readonly string _transportPath;
    private readonly string _clientName;
    private readonly ConcurrentDictionary<(int Template, long Key), TaskCompletionSource<byte[]>> _waiting = new();
    private readonly Thread _thread;
    private readonly TextWriter _log;
    private readonly Lock _gate = new();
    private volatile Attachment? _attached;
    private volatile IEgressObserver[] _observers = [];

    // Why the engine was last lost, as an int (a nullable enum cannot be volatile); meaningful while detached.
    private volatile int _lastStopReason;
    private volatile bool _stopping;
    private long _lastRequestTime;
    private long _attachments;

    private EngineLink(string transportPath, string clientName, Attachment attached, TextWriter log)
    {
        _transportPath = transportPath;
        _clientName = clientName;
        _attached = attached;
        _attachments = 1;
        _log = log;
        _thread = new Thread(ReadEgress) { Name = "admin-egress", IsBackground = true };
    }

    public string TransportPath => _transportPath;

    /// <summary>True while an engine serves this gateway; false while it waits for one to come back.</summary>
    public bool IsAttached => _attached is not null;

    /// <summary>Null while attached; else why the engine was lost (the link reattaches by itself when an engine is back).</summary>
    public GatewayStopReason? StopReason => _attached is null ? (GatewayStopReason)_lastStopReason : null;

    /// <summary>Adds a reader of every egress message (metrics, the console's live feeds); see <see cref="IEgressObserver"/>.</summary>
    public void AddObserver(IEgressObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            _observers = [.. _observers, observer];
        }
    }

    /// <summary>How many times the link has attached to an engine: 1 at start, one more per reattachment.</summary>
    public long Attachments => Interlocked.Read(ref _attachments);

    /// <summary>
    /// Attaches to the engine's transport file as client <paramref name="clientName"/> (refused with a one-line
    /// <see cref="TransportLayoutException"/> when there is no running engine or its client table is full).
    /// </summary>
    public static EngineLink Attach(string transportPath, string clientName, TextWriter log)
    {
        EngineConnection connection = EngineConnection.Attach(transportPath, clientName);
        try
        {
            var link = new EngineLink(transportPath, clientName, new Attachment(connection), log);
            link._thread.Start();
            return link;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A time (UTC ns) for the next request, later than every one handed out before.</summary>
    public long NextRequestTime()
    {
        long now = MonotonicClock.WallNanos();
        while (true)
        {
            long last = Volatile.Read(ref _lastRequestTime);
            long next = Math.Max(now, last + 1);
            if (Interlocked.CompareExchange(ref _lastRequestTime, next, last) == last)
            {
                return next;
            }
        }
    }

    /// <summary>
    /// Sends an admin input and returns the engine's answer: the <c>AdminResult</c> for (<paramref name="templateId"/>,
    /// <paramref name="requestTime"/>), or for a status request (<paramref name="statusRequestId"/> set) the
    /// <c>EngineStatus</c>. Null when no answer came within <paramref name="timeout"/>; an
    /// <see cref="EngineGoneException"/> when no engine serves this gateway (before or while waiting).
    /// </summary>
    public async Task<byte[]?> RequestAsync(int templateId, byte[] frame, long requestTime, long? statusRequestId, TimeSpan timeout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(frame);
        (int, long) key = statusRequestId is { } id ? (Codecs.EngineStatusDecoder.TemplateId, id) : (templateId, requestTime);
        var answer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[key] = answer;
        try
        {
            // Checked after registering: the egress thread fails whatever is waiting once it sees the engine gone.
            Attachment attached = _attached ?? throw Gone();
            if (!await WriteAsync(attached, templateId, frame, timeout, cancellation).ConfigureAwait(false))
            {
                return null;
            }

            return await answer.Task.WaitAsync(timeout, cancellation).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        finally
        {
            _waiting.TryRemove(key, out _);
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _thread.Join();
        _attached?.Connection.Dispose();
    }

    /// <summary>
    /// Writes into ingress while the ring is full (back-pressure), waiting 1 ms between attempts up to the timeout;
    /// false when it never fit. Each attempt holds the gate, so the egress thread cannot close the connection under it.
    /// </summary>
    private async Task<bool> WriteAsync(Attachment attached, int templateId, byte[] frame, TimeSpan timeout, CancellationToken cancellation)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            OfferResult offered;
            lock (_gate)
            {
                if (!ReferenceEquals(_attached, attached))
                {
                    throw Gone();
                }

                offered = attached.Connection.TryWrite(templateId, frame);
            }

            if (offered != OfferResult.BackPressured)
            {
                return true;
            }

            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(1, cancellation).ConfigureAwait(false);
        }
    }

    private EngineGoneException Gone() => new((GatewayStopReason)_lastStopReason);

    private void ReadEgress()
    {
        byte[] buffer = [];
        long nextAttempt = 0;
        while (!_stopping)
        {
            Attachment? attached = _attached;
            if (attached is null)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= nextAttempt)
                {
                    nextAttempt = now + (long)(s_reattachInterval.TotalSeconds * Stopwatch.Frequency);
                    TryReattach(now);
                }

                Thread.Sleep(10);
                continue;
            }

            if (buffer.Length < attached.Connection.MaxEgressMessageLength)
            {
                buffer = new byte[attached.Connection.MaxEgressMessageLength];
            }

            int work = 0;
            while (true)
            {
                ReceiveResult result = attached.Connection.TryReceive(buffer, out int type, out int length);
                if (result == ReceiveResult.Nothing)
                {
                    break;
                }

                work++;
                if (result == ReceiveResult.Lapped)
                {
                    _log.WriteLine($"gateway admin: egress lapped ({attached.Connection.LappedCount} so far); answers in the lost part time out");
                    continue;
                }

                Deliver(type, buffer.AsSpan(0, length));
            }

            attached.Liveness.Maintain(Stopwatch.GetTimestamp());
            if (attached.Liveness.StopReason is { } reason)
            {
                Detach(attached, reason);
                continue;
            }

            if (work == 0)
            {
                // Operators' requests, not market data: a millisecond of latency costs nothing, a spinning core does.
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>The engine is gone: requests are refused from now on, the waiting ones end at once, and the connection closes.</summary>
    private void Detach(Attachment attached, GatewayStopReason reason)
    {
        lock (_gate)
        {
            _lastStopReason = (int)reason;
            _attached = null;
        }

        _log.WriteLine($"gateway admin: the engine no longer serves this gateway ({EngineGoneException.Describe(reason)}); waiting for it to come back (requests are answered 503 meanwhile)");
        _log.Flush();
        foreach (TaskCompletionSource<byte[]> waiting in _waiting.Values)
        {
            waiting.TrySetException(new EngineGoneException(reason));
        }

        attached.Connection.Dispose();
    }

    /// <summary>
    /// One attempt to attach to an engine again: there must be a transport file, and the engine behind it must be
    /// alive (a file left by a crashed engine is not an engine). Quiet when there is none yet.
    /// </summary>
    private void TryReattach(long nowTicks)
    {
        if (!File.Exists(_transportPath))
        {
            return;
        }

        EngineConnection connection;
        try
        {
            connection = EngineConnection.Attach(_transportPath, _clientName);
        }
        catch (Exception e) when (e is TransportLayoutException or IOException or UnauthorizedAccessException)
        {
            // The engine may be creating the file right now; the next attempt sees it whole.
            return;
        }

        if (connection.CheckLiveness(nowTicks, (long)(s_engineTimeout.TotalSeconds * Stopwatch.Frequency)) is not null)
        {
            connection.Dispose();
            return;
        }

        _attached = new Attachment(connection);
        long attachments = Interlocked.Increment(ref _attachments);
        _log.WriteLine($"gateway admin: attached to the engine again at {_transportPath} (attachment {attachments}); requests are served");
        _log.Flush();
    }

    private void Deliver(int type, ReadOnlySpan<byte> message)
    {
        foreach (IEgressObserver observer in _observers)
        {
            observer.Observe(type, message);
        }

        (int, long) key;
        if (type == Codecs.AdminResultDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.AdminResultDecoder.BlockLength)
        {
            var result = Codecs.AdminResultDecoder.WrapWithHeader(message, 0);
            key = (result.RefTemplateId, result.RequestTime);
        }
        else if (type == Codecs.EngineStatusDecoder.TemplateId && message.Length >= Codecs.EngineSchema.HeaderLength + Codecs.EngineStatusDecoder.BlockLength)
        {
            key = (Codecs.EngineStatusDecoder.TemplateId, (long)Codecs.EngineStatusDecoder.WrapWithHeader(message, 0).RequestId);
        }
        else
        {
            return;
        }

        if (_waiting.TryGetValue(key, out TaskCompletionSource<byte[]>? waiting))
        {
            waiting.TrySetResult(message.ToArray());
        }
    }

    /// <summary>One attachment to one engine: its connection and the liveness duties owed to it. Used by the egress thread only (writes go through the gate).</summary>
    private sealed class Attachment(EngineConnection connection)
    {
        public EngineConnection Connection { get; } = connection;

        public LivenessKeeper Liveness { get; } = new(connection, s_heartbeatInterval, s_livenessInterval, s_engineTimeout);
    }
}
