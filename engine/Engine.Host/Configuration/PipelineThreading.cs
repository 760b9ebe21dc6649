namespace Engine.Host;

/// <summary>
/// How the engine's pipeline maps onto threads (<c>$.pipeline.threading</c>), as Aeron's media driver offers.
/// Dedicated: the receiver, the journaller and the BLP each have a thread, and the ring decouples them (the LMAX
/// design). That needs a core per busy thread. Shared: one thread runs the receiver's duty cycle, then the journaller and
/// then the BLP over the inputs it just received. That is the same order and the same guarantees (the BLP applies
/// only journaled inputs, after their commit), without the hand-offs. It suits a machine with few cores, where
/// three busy threads beside a gateway process must take turns on the cores.
/// </summary>
public enum PipelineThreading
{
    Dedicated,
    Shared,
}
