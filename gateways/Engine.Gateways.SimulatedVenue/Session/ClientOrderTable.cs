using System.Runtime.CompilerServices;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// The engine's live orders at the venue, found by the engine's id (cancel and amend requests) or by the venue's id
/// (matching events). Slots are reused through a free list and every structure grows only past its high-water mark,
/// so a steady flow of orders allocates nothing. The dictionaries serve lookups only and are never iterated, so hash
/// order cannot reach the output. Thread ownership: the venue's loop.
/// </summary>
internal sealed class ClientOrderTable
{
    private readonly Dictionary<ulong, int> _byClientOrderId;
    private readonly Dictionary<long, int> _byVenueOrderId;
    private ClientOrder[] _orders;
    private int[] _free;
    private int _freeCount;
    private int _used;

    public ClientOrderTable(int initialCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialCapacity, 1);
        _byClientOrderId = new Dictionary<ulong, int>(initialCapacity);
        _byVenueOrderId = new Dictionary<long, int>(initialCapacity);
        _orders = new ClientOrder[initialCapacity];
        _free = new int[initialCapacity];
    }

    /// <summary>Live orders.</summary>
    public int Count => _byVenueOrderId.Count;

    public ref ClientOrder this[int slot] => ref _orders[slot];

    public bool ContainsClientOrderId(ulong clientOrderId) => _byClientOrderId.ContainsKey(clientOrderId);

    public bool TryFindByClientOrderId(ulong clientOrderId, out int slot) => _byClientOrderId.TryGetValue(clientOrderId, out slot);

    public bool TryFindByVenueOrderId(long venueOrderId, out int slot) => _byVenueOrderId.TryGetValue(venueOrderId, out slot);

    /// <summary>Stores a new order (its engine id must not be live) and returns its slot.</summary>
    public int Add(in ClientOrder order)
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _free[--_freeCount];
        }
        else
        {
            if (_used == _orders.Length)
            {
                Grow();
            }

            slot = _used++;
        }

        _orders[slot] = order;
        _byClientOrderId.Add(order.ClientOrderId, slot);
        _byVenueOrderId.Add(order.VenueOrderId, slot);
        return slot;
    }

    /// <summary>Forgets a finished order (filled, canceled or rejected); its slot is reused.</summary>
    public void Remove(int slot)
    {
        ref ClientOrder order = ref _orders[slot];
        _byClientOrderId.Remove(order.ClientOrderId);
        _byVenueOrderId.Remove(order.VenueOrderId);
        order = default;
        _free[_freeCount++] = slot;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        Array.Resize(ref _orders, _orders.Length * 2);
        Array.Resize(ref _free, _orders.Length);
    }
}
