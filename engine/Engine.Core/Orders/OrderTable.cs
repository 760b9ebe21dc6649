using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The open engine orders: pre-allocated slots, a LIFO free list and an id index. Slots are reused in a
/// deterministic order (the free list depends only on the inputs), so walking slots in index order, as cancel-all
/// and the state hash do, visits orders in the same order on every replay. No allocation while the table stays within
/// its capacity; it doubles when full (rare, and deterministic too). Owned by the BLP thread.
/// </summary>
public sealed class OrderTable
{
    private OrderRecord[] _slots;
    private int[] _freeSlots;
    private int _freeCount;
    private int _highWater;
    private readonly Dictionary<long, int> _slotById;

    public OrderTable(int capacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new OrderRecord[capacity];
        _freeSlots = new int[capacity];
        _slotById = new Dictionary<long, int>(capacity);
    }

    public int Count => _slotById.Count;

    /// <summary>Slots ever used (the upper bound of <see cref="SlotAt"/>).</summary>
    public int SlotCount => _highWater;

    public ref OrderRecord Add(OrderId id)
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _freeSlots[--_freeCount];
        }
        else
        {
            if (_highWater == _slots.Length)
            {
                Grow();
            }

            slot = _highWater++;
        }

        _slotById.Add(id.Value, slot);
        ref OrderRecord order = ref _slots[slot];
        order = default;
        order.Id = id;
        return ref order;
    }

    public bool Contains(OrderId id) => _slotById.ContainsKey(id.Value);

    /// <summary>The order, or a null reference when it is not open (test with <c>Unsafe.IsNullRef</c>).</summary>
    public ref OrderRecord Find(OrderId id)
    {
        if (_slotById.TryGetValue(id.Value, out int slot))
        {
            return ref _slots[slot];
        }

        return ref System.Runtime.CompilerServices.Unsafe.NullRef<OrderRecord>();
    }

    public void Remove(OrderId id)
    {
        if (_slotById.Remove(id.Value, out int slot))
        {
            _slots[slot] = default;
            _freeSlots[_freeCount++] = slot;
        }
    }

    /// <summary>The slot at an index below <see cref="SlotCount"/>; a free slot has <see cref="OrderId.None"/>.</summary>
    public ref OrderRecord SlotAt(int index) => ref _slots[index];

    public void WriteSnapshot(SnapshotWriter writer)
    {
        writer.BeginSection("orders");
        writer.WriteInt32(_highWater);
        writer.WriteArray<OrderRecord>(_slots.AsSpan(0, _highWater));
        writer.WriteArray<int>(_freeSlots.AsSpan(0, _freeCount));
    }

    /// <summary>Restores the slots exactly (positions matter: walks and the hash follow slot order) and rebuilds the id index.</summary>
    public void RestoreSnapshot(SnapshotReader reader)
    {
        reader.ExpectSection("orders");
        int highWater = reader.ReadInt32();
        OrderRecord[] slots = reader.ReadArray<OrderRecord>(_slots.Length);
        int[] free = reader.ReadArray<int>();
        if (highWater < 0 || highWater > slots.Length)
        {
            throw new SnapshotFormatException($"snapshot: {highWater} order slots used of {slots.Length}");
        }

        _slots = slots;
        _highWater = highWater;
        _freeSlots = new int[slots.Length];
        free.CopyTo(_freeSlots, 0);
        _freeCount = free.Length;
        _slotById.Clear();
        for (int i = 0; i < highWater; i++)
        {
            if (!slots[i].Id.IsNone)
            {
                _slotById.Add(slots[i].Id.Value, i);
            }
        }
    }

    public void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(_slotById.Count);
        for (int i = 0; i < _highWater; i++)
        {
            ref OrderRecord order = ref _slots[i];
            if (!order.Id.IsNone)
            {
                order.AddToHash(ref hasher);
            }
        }
    }

    private void Grow()
    {
        Array.Resize(ref _slots, _slots.Length * 2);
        Array.Resize(ref _freeSlots, _slots.Length);
    }
}
