using Engine.Concurrency.Processors;
using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Pipelines;

/// <summary>
/// Stages registered together (they run in parallel); <c>Then</c> adds stages that run after all of them, so the
/// code reads like the pipeline: <c>disruptor.HandleEventsWith(journaller, replicator).Then(blp)</c>.
/// </summary>
/// <remarks>Immutable; used on the thread that builds the pipeline, before <see cref="Disruptor{T}.Start"/>.</remarks>
public sealed class EventHandlerGroup<T>
    where T : struct
{
    private readonly Disruptor<T> _disruptor;
    private readonly Sequence[] _sequences;

    internal EventHandlerGroup(Disruptor<T> disruptor, IReadOnlyList<IEventProcessor> processors)
    {
        _disruptor = disruptor;
        Processors = processors;
        _sequences = new Sequence[processors.Count];
        for (int i = 0; i < processors.Count; i++)
        {
            _sequences[i] = processors[i].Sequence;
        }
    }

    /// <summary>The processors of this group's stages, in registration order.</summary>
    public IReadOnlyList<IEventProcessor> Processors { get; }

    /// <summary>Adds a stage that sees an event only after every stage of this group has finished with it.</summary>
    public EventHandlerGroup<T> Then<THandler>(THandler handler)
        where THandler : IEventHandler<T> =>
        new(_disruptor, [_disruptor.AddStage(handler, _sequences)]);

    /// <summary>Adds two parallel stages, each after every stage of this group.</summary>
    public EventHandlerGroup<T> Then<THandler1, THandler2>(THandler1 first, THandler2 second)
        where THandler1 : IEventHandler<T>
        where THandler2 : IEventHandler<T> =>
        new(_disruptor, [_disruptor.AddStage(first, _sequences), _disruptor.AddStage(second, _sequences)]);

    /// <summary>Adds three parallel stages, each after every stage of this group.</summary>
    public EventHandlerGroup<T> Then<THandler1, THandler2, THandler3>(THandler1 first, THandler2 second, THandler3 third)
        where THandler1 : IEventHandler<T>
        where THandler2 : IEventHandler<T>
        where THandler3 : IEventHandler<T> =>
        new(_disruptor, [
            _disruptor.AddStage(first, _sequences),
            _disruptor.AddStage(second, _sequences),
            _disruptor.AddStage(third, _sequences)]);
}
