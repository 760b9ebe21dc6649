using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// Publishes the live pipeline's stage latencies and progress (<see cref="HostProgress"/>) next to the transport file once a second
/// (<see cref="PipelineLatencyFile"/>), off every pipeline thread (a timer's), so the admin gateway can show them;
/// deletes the file when disposed. A write that fails is logged once and retried at the next tick: the measurements
/// are for operators, never a reason to stop the engine. Created and disposed by the host's controlling thread.
/// </summary>
internal sealed class LatencyPublication : IDisposable
{
    private static readonly TimeSpan s_interval = TimeSpan.FromSeconds(1);

    private readonly PipelineLatencies _latencies;
    private readonly Func<HostProgress> _progress;
    private readonly string _transportPath;
    private readonly Action<string> _log;
    private readonly Timer _timer;
    private bool _failureLogged;

    public LatencyPublication(PipelineLatencies latencies, Func<HostProgress> progress, string transportPath, Action<string> log)
    {
        _latencies = latencies;
        _progress = progress;
        _transportPath = transportPath;
        _log = log;
        _timer = new Timer(_ => Publish(), null, s_interval, s_interval);
    }

    public void Dispose()
    {
        using (var done = new ManualResetEvent(false))
        {
            if (_timer.Dispose(done))
            {
                done.WaitOne();
            }
        }

        try
        {
            PipelineLatencyFile.Delete(_transportPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log($"could not delete {PipelineLatencyFile.PathFor(_transportPath)}: {e.Message}");
        }
    }

    private void Publish()
    {
        try
        {
            PipelineLatencyFile.Write(_transportPath, PipelineLatencyJson.Format(_latencies, DateTimeOffset.UtcNow, _progress()));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_failureLogged)
            {
                _failureLogged = true;
                _log($"could not publish the pipeline latencies to {PipelineLatencyFile.PathFor(_transportPath)}: {e.Message} (retrying every second)");
            }
        }
    }
}
