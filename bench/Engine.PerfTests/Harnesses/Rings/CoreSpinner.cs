namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// Keeps one core busy with a thread that spins (pause hint per poll, never yields) until disposed: the condition an
/// idle busy-spinning ring consumer used to impose on the channel baseline, reproduced on purpose.
/// </summary>
/// <remarks>Created and disposed by one harness thread; the spinning thread only reads the stop flag.</remarks>
public sealed class CoreSpinner : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    public CoreSpinner()
    {
        _thread = new Thread(Spin) { Name = "core-spinner", IsBackground = true };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }

    private void Spin()
    {
        while (!_stop)
        {
            Thread.SpinWait(1);
        }
    }
}
