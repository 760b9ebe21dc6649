namespace Engine.Concurrency.Processors;

/// <summary>
/// A pipeline stage's logic, called by its <see cref="BatchEventProcessor{T, THandler}"/> thread for every event in
/// sequence order. Implement it on a struct (or sealed class) and pass the concrete type: the processor is
/// specialised for it, so <see cref="OnEvent"/> is a direct, inlinable call, never a virtual one.
/// </summary>
/// <remarks>Thread ownership: every member is called on the processor's thread only.</remarks>
public interface IEventHandler<T>
    where T : struct
{
    /// <summary>The stage's name: its thread's name and the name in fault reports.</summary>
    string Name => GetType().Name;

    /// <summary>
    /// Handles the slot of <paramref name="sequence"/> in place. <paramref name="endOfBatch"/> is true on the last event
    /// currently available: the moment to flush work grouped over the batch (a journaller's commit).
    /// Throwing stops the pipeline (fail-fast); wrap the handler in <see cref="LogAndContinueHandler{T, THandler}"/>
    /// for a stage whose failures must not stop it.
    /// </summary>
    void OnEvent(ref T slot, long sequence, bool endOfBatch);

    /// <summary>
    /// Called after a batch's last <see cref="OnEvent"/>, once the processor has published the batch as done (later
    /// stages may already be working on it): the moment for housekeeping that must not delay them, such as a
    /// journaller preparing the file for its next commits. A handler that does not implement it is never called for
    /// it (decided once per type by <see cref="EventHandlerHooks{T, THandler}"/>, so a struct handler is not boxed).
    /// </summary>
    void OnBatchPublished()
    {
    }

    /// <summary>Called once on the processor's thread before the first event.</summary>
    void OnStart()
    {
    }

    /// <summary>Called once on the processor's thread after the last event, whether it halted or failed.</summary>
    void OnShutdown()
    {
    }
}
