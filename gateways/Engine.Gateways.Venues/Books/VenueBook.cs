using Engine.Primitives;

namespace Engine.Gateways.Venues.Books;

/// <summary>
/// A venue's aggregated book of one instrument as its feed describes it, in the instrument's fixed-point units,
/// with the decimals the venue wrote each price and quantity with (OKX's and Kraken's checksums are computed over
/// the original strings). The feed applies the venue's snapshots and updates here first, so it can check sequence,
/// checksum and crossing before the engine sees anything. Owned by the feed's thread; allocation-free once both
/// sides reached their high-water depth.
/// </summary>
public sealed class VenueBook
{
    private const int MinimumReserve = 8_192;

    private readonly BookLadder _bids;

    // Scratch for the keys TruncateTo removes (grows to the largest cut, once).
    private long[] _removedKeys = new long[4_096];
    private readonly BookLadder _asks;

    public VenueBook(int levelCapacity = 256)
    {
        _bids = new BookLadder(levelCapacity);
        _asks = new BookLadder(levelCapacity);
    }

    public int LevelCount(Side side) => LadderOf(side).Count;

    /// <summary>Sets a level; zero removes it. Returns whether a level stood at that price before.</summary>
    public bool Set(Side side, long price, long quantity, int priceDecimals, int quantityDecimals) =>
        LadderOf(side).Set(side == Side.Buy ? price : -price, quantity, priceDecimals, quantityDecimals);

    /// <summary>
    /// Makes room on each side for four times its levels, and at least 8,192 (295 KB a book), so the stream does not
    /// grow it: a book rebuilt from a snapshot keeps growing as updates add levels beyond the snapshot's depth
    /// (Binance spot's went from a 1,000-level snapshot past 2,256 levels a side in the recorded day, and growing in
    /// the middle of the stream cost 74-81 KB at one message).
    /// </summary>
    public void ReserveHeadroom()
    {
        _bids.Reserve(Math.Max(4 * _bids.Count, MinimumReserve));
        _asks.Reserve(Math.Max(4 * _asks.Count, MinimumReserve));
    }

    /// <summary>
    /// Keeps the best <paramref name="depth"/> levels of a side and drops the ones beyond it (Kraken's book is the
    /// subscribed depth: a level pushed out by a better one is not deleted by the venue, the copy must drop it).
    /// </summary>
    public void TruncateTo(Side side, int depth) => LadderOf(side).TruncateTo(depth);

    /// <summary>
    /// Keeps the best <paramref name="depth"/> levels of a side and writes the removal of the others (quantity 0,
    /// worst first) into <paramref name="removed"/>, which must have room for them all; returns how many.
    /// </summary>
    public int TruncateTo(Side side, int depth, Span<Feeds.LevelChange> removed)
    {
        int count = Math.Max(0, LevelCount(side) - Math.Max(depth, 0));
        if (count > removed.Length)
        {
            throw new ArgumentException($"room for {removed.Length} removed levels, {count} to remove", nameof(removed));
        }

        if (count > _removedKeys.Length)
        {
            _removedKeys = new long[Math.Max(count, _removedKeys.Length * 2)];
        }

        Span<long> keys = _removedKeys.AsSpan(0, count);
        LadderOf(side).TruncateTo(depth, keys);
        for (int i = 0; i < count; i++)
        {
            removed[i] = new Feeds.LevelChange(side, side == Side.Buy ? keys[i] : -keys[i], 0);
        }

        return count;
    }

    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    /// <summary>The best bid is at or above the best ask: the copy is wrong (or the venue's is).</summary>
    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && _bids.BestKey >= -_asks.BestKey;

    /// <summary>The level <paramref name="depth"/> from the top of a side (0 is the best).</summary>
    public bool TryGetLevel(Side side, int depth, out long price, out long quantity)
    {
        BookLadder ladder = LadderOf(side);
        int slot = ladder.SlotOfDepth(depth);
        if (slot < 0)
        {
            price = 0;
            quantity = 0;
            return false;
        }

        long key = ladder.KeyAt(slot);
        price = side == Side.Buy ? key : -key;
        quantity = ladder.QuantityAt(slot);
        return true;
    }

    /// <summary>The level with the decimals the venue wrote its price and quantity with.</summary>
    public bool TryGetLevel(Side side, int depth, out long price, out long quantity, out int priceDecimals, out int quantityDecimals)
    {
        if (!TryGetLevel(side, depth, out price, out quantity))
        {
            priceDecimals = 0;
            quantityDecimals = 0;
            return false;
        }

        BookLadder ladder = LadderOf(side);
        int slot = ladder.SlotOfDepth(depth);
        priceDecimals = ladder.PriceDecimalsAt(slot);
        quantityDecimals = ladder.QuantityDecimalsAt(slot);
        return true;
    }

    private BookLadder LadderOf(Side side) => side == Side.Buy ? _bids : _asks;
}
