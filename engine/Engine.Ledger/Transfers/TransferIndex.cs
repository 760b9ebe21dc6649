namespace Engine.Ledger.Transfers;

/// <summary>
/// Transfer id to storage index. Ids derive from the input sequence, so they almost always arrive in increasing
/// order: those go into a sorted, append-only array (no hashing, no insertion cost; lookup by binary search, and a
/// new id above the last one is known absent at once). An id that arrives out of order goes into a dictionary.
/// Removal is only of the newest entries (a linked chain rolled back), which both structures support cheaply.
/// Thread ownership: the ledger's (the BLP thread).
/// </summary>
internal sealed class TransferIndex
{
    private readonly Dictionary<long, int> _outOfOrder = [];
    private long[] _ids;
    private int[] _indexes;
    private int _count;

    public TransferIndex(int capacity)
    {
        _ids = new long[Math.Max(capacity, 16)];
        _indexes = new int[_ids.Length];
        PageTouch.Touch(_ids);
        PageTouch.Touch(_indexes);
    }

    public bool TryGet(TransferId id, out int index)
    {
        long value = id.Value;
        if (_count > 0 && value <= _ids[_count - 1])
        {
            int found = Array.BinarySearch(_ids, 0, _count, value);
            if (found >= 0)
            {
                index = _indexes[found];
                return true;
            }
        }

        // Nearly always empty: skip the hashing call.
        if (_outOfOrder.Count == 0)
        {
            index = 0;
            return false;
        }

        return _outOfOrder.TryGetValue(value, out index);
    }

    /// <summary>Adds an id known to be absent.</summary>
    public void Add(TransferId id, int index)
    {
        long value = id.Value;
        if (_count == 0 || value > _ids[_count - 1])
        {
            if (_count == _ids.Length)
            {
                Array.Resize(ref _ids, _ids.Length * 2);
                Array.Resize(ref _indexes, _ids.Length);
                PageTouch.Touch(_ids.AsSpan(_count));
                PageTouch.Touch(_indexes.AsSpan(_count));
            }

            _ids[_count] = value;
            _indexes[_count] = index;
            _count++;
            return;
        }

        _outOfOrder.Add(value, index);
    }

    /// <summary>Removes an id added after every other remaining one (chain rollback pops newest first).</summary>
    public void RemoveNewest(TransferId id)
    {
        if (_count > 0 && _ids[_count - 1] == id.Value)
        {
            _count--;
            return;
        }

        _outOfOrder.Remove(id.Value);
    }
}
