using Engine.Primitives;

namespace Engine.Core.Tests;

/// <summary>
/// A strategy whose behaviour the test supplies: something to do on its first book update of an instrument, and
/// on every order update. Keeps no state of its own (nothing to hash or snapshot).
/// </summary>
public sealed class ReactingStrategy(ListingId listing, Action<StrategyContext> onFirstBook, Action<StrategyContext, OrderUpdate> onUpdate) : Strategy
{
    private bool _started;

    public override void OnBook(StrategyContext context, in TopOfBook top)
    {
        if (!_started && top.Listing == listing)
        {
            _started = true;
            onFirstBook(context);
        }
    }

    public override void OnOrderUpdate(StrategyContext context, in OrderUpdate update) => onUpdate(context, update);

    public override void AddToHash(ref StateHasher hasher)
    {
    }

    public override void WriteSnapshot(SnapshotWriter writer)
    {
    }

    public override void RestoreSnapshot(SnapshotReader reader)
    {
    }
}
