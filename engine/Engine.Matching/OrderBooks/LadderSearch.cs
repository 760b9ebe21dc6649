using System.Runtime.CompilerServices;

namespace Engine.Matching;

/// <summary>
/// The search of a book side kept as keys sorted ascending with the BEST at the END ("higher is better": the price for
/// bids, the negated price for asks): the top is probed first, because most changes touch the best few levels, then
/// a binary search. Shared by the engine's ladders and the venue gateways' books.
/// </summary>
public static class LadderSearch
{
    /// <summary>Index of <paramref name="key"/> among the first <paramref name="count"/> keys, or the bitwise complement of where it would be inserted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Find(long[] keys, int count, long key)
    {
        int last = count - 1;
        if (last >= 0 && keys[last] <= key)
        {
            return keys[last] == key ? last : ~count;
        }

        int low = 0;
        int high = last - 1;
        while (low <= high)
        {
            int middle = (int)((uint)(low + high) >> 1);
            long probe = keys[middle];
            if (probe == key)
            {
                return middle;
            }

            if (probe < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return ~low;
    }
}
