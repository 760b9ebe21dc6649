using Engine.Concurrency.Processors;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>Runs an event processor on a named thread and waits for its progress or its end.</summary>
public sealed class ConsumerThread
{
    private readonly IEventProcessor _processor;
    private readonly Thread _thread;

    public ConsumerThread(IEventProcessor processor)
    {
        _processor = processor;
        _thread = new Thread(processor.Run) { Name = processor.Name, IsBackground = true };
        _thread.Start();
    }

    /// <summary>Waits (spinning, then yielding the core to the consumer) until the processor has passed <paramref name="sequence"/>.</summary>
    public void WaitUntilProcessed(long sequence)
    {
        // Poll only the padded sequence: the processor object's other fields share lines with the handler's state.
        Engine.Concurrency.Sequencing.Sequence progress = _processor.Sequence;
        var spinner = default(SpinWait);
        while (progress.Value < sequence)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
            if (spinner.NextSpinWillYield && _processor.Fault is { } fault)
            {
                throw new HarnessVerificationException(fault.ToString());
            }
        }
    }

    public void Stop()
    {
        _processor.Halt();
        _thread.Join();
        if (_processor.Fault is { } fault)
        {
            throw new HarnessVerificationException(fault.ToString());
        }
    }
}
