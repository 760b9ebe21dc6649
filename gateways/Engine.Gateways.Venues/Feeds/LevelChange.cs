using Engine.Primitives;

namespace Engine.Gateways.Venues.Feeds;

/// <summary>One price level of an update as the feed applied it: the level's new total quantity (0 removed it).</summary>
public readonly record struct LevelChange(Side Side, long Price, long Quantity);
