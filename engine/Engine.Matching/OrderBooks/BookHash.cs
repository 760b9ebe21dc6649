using Engine.Primitives;

namespace Engine.Matching;

/// <summary>The one definition of how books feed <see cref="StateHasher"/>, shared so every implementation agrees.</summary>
internal static class BookHash
{
    public const long SideSeparator = long.MinValue + 1;

    public static void AddLevel(ref StateHasher hasher, long price, long quantity, int orderCount)
    {
        hasher.Add(price);
        hasher.Add(quantity);
        hasher.Add(orderCount);
    }

    public static void AddOrder(ref StateHasher hasher, long orderId, long quantity, int owner)
    {
        hasher.Add(orderId);
        hasher.Add(quantity);
        hasher.Add(owner);
    }
}
