using System.Reflection;

namespace Engine.Concurrency.Processors;

/// <summary>
/// Which optional members of <see cref="IEventHandler{T}"/> the handler type <typeparamref name="THandler"/> implements
/// itself, decided once per type: the processor calls a per-batch hook only when it does something.
/// </summary>
/// <remarks>
/// Why: <see cref="IEventHandler{T}.OnBatchPublished"/> has a default (empty) body, and a constrained call to a
/// default interface method on a struct handler boxes the struct, because that body runs on an object: a heap
/// allocation plus an interface dispatch. The batch processor made that call after every batch (JIT listing:
/// <c>CORINFO_HELP_NEWSFAST</c>, a copy of the handler, then an interface call), so ring-1p1c's struct summing
/// handler allocated a 32-byte box per batch: 275-420 MB and 135-206 gen0 collections per 100 M-event round when
/// claiming per event (9-14 events a batch), 57-60 MB and 28-30 collections when claiming 64 at a time. It broke
/// the zero-allocation promise for every struct handler; the allocation test used class handlers, which do not
/// box. Asking costs a reflection lookup once per handler type, when the type initialiser runs.
/// Stateless after the type initialiser: thread-safe.
/// </remarks>
public static class EventHandlerHooks<T, THandler>
    where T : struct
    where THandler : IEventHandler<T>
{
    private static readonly bool s_hasOnBatchPublished = ImplementsItself(nameof(IEventHandler<T>.OnBatchPublished));

    /// <summary>True when <typeparamref name="THandler"/> has its own <see cref="IEventHandler{T}.OnBatchPublished"/>.</summary>
    public static bool HasOnBatchPublished => s_hasOnBatchPublished;

    // An interface (or abstract) handler type dispatches at run time, so only a concrete type can be asked.
    private static bool ImplementsItself(string member)
    {
        Type handler = typeof(THandler);
        if (handler.IsInterface || handler.IsAbstract)
        {
            return true;
        }

        InterfaceMapping map = handler.GetInterfaceMap(typeof(IEventHandler<T>));
        for (int i = 0; i < map.InterfaceMethods.Length; i++)
        {
            if (map.InterfaceMethods[i].Name == member)
            {
                // Not overridden: the slot still points at the interface's own default body.
                return map.TargetMethods[i].DeclaringType != typeof(IEventHandler<T>);
            }
        }

        return true;
    }
}
