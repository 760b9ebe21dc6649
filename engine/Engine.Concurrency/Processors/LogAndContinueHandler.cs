using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Engine.Concurrency.Processors;

/// <summary>
/// Opt-in policy for a non-critical stage (replication, metrics): when the wrapped handler throws, the failure is
/// reported to <c>log</c> with its sequence and the stage goes on with the next event, so this stage skips that
/// event (loudly) instead of stopping the pipeline. Critical stages (journal, business logic) must not use it.
/// </summary>
/// <remarks>Thread ownership: the processor's thread, like the handler it wraps.</remarks>
public struct LogAndContinueHandler<T, THandler> : IEventHandler<T>
    where T : struct
    where THandler : IEventHandler<T>
{
    private readonly Action<ProcessorFault> _log;
    [SuppressMessage("Style", "IDE0044:Add readonly modifier", Justification = "A struct handler mutates itself; a readonly field would make each call work on a defensive copy.")]
    private THandler _inner;

    public LogAndContinueHandler(THandler inner, Action<ProcessorFault> log)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(log);
        _inner = inner;
        _log = log;
        Name = inner.Name;
        SkippedEvents = 0;
    }

    public readonly string Name { get; }

    /// <summary>Events the wrapped handler failed on and this stage skipped.</summary>
    public long SkippedEvents { readonly get; private set; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void OnEvent(ref T slot, long sequence, bool endOfBatch)
    {
        try
        {
            _inner.OnEvent(ref slot, sequence, endOfBatch);
        }
        catch (Exception e)
        {
            Skip(sequence, e);
        }
    }

    public void OnBatchPublished()
    {
        // Forwarding to a struct handler's default (empty) hook would box it once per batch (see EventHandlerHooks).
        if (EventHandlerHooks<T, THandler>.HasOnBatchPublished)
        {
            _inner.OnBatchPublished();
        }
    }

    public void OnStart() => _inner.OnStart();

    public void OnShutdown() => _inner.OnShutdown();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Skip(long sequence, Exception exception)
    {
        SkippedEvents++;
        _log(new ProcessorFault(Name, FaultPhase.Event, sequence, exception));
    }
}
