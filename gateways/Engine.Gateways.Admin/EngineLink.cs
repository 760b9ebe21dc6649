using System.Collections.Concurrent;
using System.Diagnostics;
using Engine.Gateways.Hosting.Connection;
using Engine.Transport;
using Engine.Transport.Egress;
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
/// thread's <see cref="LivenessKeeper"/>: every waiting request ends at once, later ones are refused, and
/// <see cref="StopReason"/> says why.
/// </summary>
public sealed class EngineLink : IDisposable
{
    private static readonly TimeSpan s_heartbeatInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_livenessInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan s_engineTimeout = TimeSpan.FromSeconds(5);

    private readonly EngineConnection _connection;
    private readonly LivenessKeeper _liveness;
    private readonly ConcurrentDictionary<(int Template, long Key), TaskCompletionSource<byte[]>> _waiting = new();
    private readonly Thread _thread;
    private readonly TextWriter _log;
    private volatile bool _stopping;
    private long _lastRequestTime;

    private EngineLink(EngineConnection connection, TextWriter log)
    {
        _connection = connection;
        _liveness = new LivenessKeeper(connection, s_heartbeatInterval, s_livenessInterval, s_engineTimeout);
        _log = log;
        _thread = new Thread(ReadEgress) { Name = "admin-egress", IsBackground = true };
    }

    public string TransportPath => _connection.TransportPath;

    /// <summary>Null while the engine serves this gateway; else why it no longer does (the link does not reattach).</summary>
    public GatewayStopReason? StopReason => _liveness.StopReason;

    /// <summary>
    /// Attaches to the engine's transport file as client <paramref name="clientName"/> (refused with a one-line
    /// <see cref="TransportLayoutException"/> when there is no running engine or its client table is full).
    /// </summary>
    public static EngineLink Attach(string transportPath, string clientName, TextWriter log)
    {
        EngineConnection connection = EngineConnection.Attach(transportPath, clientName);
        try
        {
            var link = new EngineLink(connection, log);
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
    /// <see cref="EngineGoneException"/> when the engine no longer serves this gateway (before or while waiting).
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
            ThrowIfEngineGone();

            // Waits while ingress is full (back-pressure), up to the timeout; the ring takes any number of producer
            // threads, so request threads need no lock.
            if (!await _connection.WriteAsync(templateId, frame, timeout, cancellation).ConfigureAwait(false))
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
        _connection.Dispose();
    }

    private void ReadEgress()
    {
        byte[] buffer = new byte[_connection.MaxEgressMessageLength];
        while (!_stopping)
        {
            int work = 0;
            while (true)
            {
                ReceiveResult result = _connection.TryReceive(buffer, out int type, out int length);
                if (result == ReceiveResult.Nothing)
                {
                    break;
                }

                work++;
                if (result == ReceiveResult.Lapped)
                {
                    _log.WriteLine($"gateway admin: egress lapped ({_connection.LappedCount} so far); answers in the lost part time out");
                    continue;
                }

                Deliver(type, buffer.AsSpan(0, length));
            }

            _liveness.Maintain(Stopwatch.GetTimestamp());
            if (_liveness.StopReason is { } reason)
            {
                _log.WriteLine($"gateway admin: the engine no longer serves this gateway ({reason}); requests are refused until the gateway is restarted");
                FailWaiting();
                return;
            }

            if (work == 0)
            {
                // Operators' requests, not market data: a millisecond of latency costs nothing, a spinning core does.
                Thread.Sleep(1);
            }
        }
    }

    private void ThrowIfEngineGone()
    {
        if (_liveness.StopReason is { } reason)
        {
            throw new EngineGoneException(reason);
        }
    }

    private void FailWaiting()
    {
        foreach (TaskCompletionSource<byte[]> waiting in _waiting.Values)
        {
            waiting.TrySetException(new EngineGoneException(_liveness.StopReason!.Value));
        }
    }

    private void Deliver(int type, ReadOnlySpan<byte> message)
    {
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
}
