using Engine.Concurrency.Processors;

namespace Engine.Concurrency.Tests.Processors;

/// <summary>Handlers that differ only in whether they implement <see cref="IEventHandler{T}.OnBatchPublished"/>.</summary>
/// <remarks>Never run: the tests only ask <see cref="EventHandlerHooks{T, THandler}"/> about their types.</remarks>
public static class BatchHookHandlers
{
    public struct StructWithoutHook : IEventHandler<long>
    {
        public readonly void OnEvent(ref long slot, long sequence, bool endOfBatch)
        {
        }
    }

    public struct StructWithHook : IEventHandler<long>
    {
        public int Hooks;

        public readonly void OnEvent(ref long slot, long sequence, bool endOfBatch)
        {
        }

        public void OnBatchPublished() => Hooks++;
    }

    public sealed class ClassWithoutHook : IEventHandler<long>
    {
        public void OnEvent(ref long slot, long sequence, bool endOfBatch)
        {
        }
    }

    /// <summary>Implements the hook explicitly, as a handler may.</summary>
    public sealed class ClassWithExplicitHook : IEventHandler<long>
    {
        public int Hooks { get; private set; }

        public void OnEvent(ref long slot, long sequence, bool endOfBatch)
        {
        }

        void IEventHandler<long>.OnBatchPublished() => Hooks++;
    }
}
