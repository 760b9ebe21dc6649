namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// How the feeds' "0 B per message" tests measure, after their warm-up: the bytes this thread allocates over each of
/// several consecutive slices of the measured messages, and the least of them. A per-message allocation shows in every
/// slice, so it still fails the test; a one-off of the runtime does not. Such one-offs were seen here once in a few
/// dozen runs (1,048 B in the OKX test, 1,760 B in the Deribit one; with tiered compilation on and also with it off),
/// while every slice of every other run allocated nothing.
/// </summary>
internal static class SteadyStateAllocation
{
    /// <summary>Runs <paramref name="slice"/>(0 .. slices - 1) in order; returns the fewest bytes one of them allocated.</summary>
    public static long LeastPerSlice(int slices, Action<int> slice)
    {
        long least = long.MaxValue;
        for (int i = 0; i < slices; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            slice(i);
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
