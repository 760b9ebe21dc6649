using Engine.Primitives;

namespace Engine.Matching.Lobster;

/// <summary>
/// Rebuilds a LOBSTER day in an L3 book and checks it against the orderbook file, row by row: the external check of
/// the books. The book is seeded from the first orderbook row as anonymous liquidity per level (with the first
/// message undone, so that it can be applied like every other); each message is then applied as an L3 event, where
/// orders the file never introduced reduce their level's anonymous liquidity. A LOBSTER message file only describes
/// the requested window of N levels, so a level that enters the window from deeper in the book is not announced:
/// when that happens, the level's size is taken from the orderbook row (and a stale level the book still remembers
/// but the row no longer shows is dropped), and each such correction is counted in <see cref="SeededLevels"/>.
/// After every message the top N levels are compared with the orderbook row.
/// Single-threaded; deterministic; no I/O (the caller parses the files with <see cref="LobsterFormat"/>).
/// </summary>
public sealed class LobsterBookRebuilder
{
    private static readonly AccountId s_lobsterAccount = new(1);

    private readonly IL3Book _book;
    private readonly int _levels;
    private readonly long[] _previousRow;
    private readonly long[] _ourRow;
    private OrderId[] _scratch = new OrderId[64];
    private bool _seeded;

    public LobsterBookRebuilder(int levels, IL3Book? book = null)
    {
        if (levels < 1 || levels > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "levels must be within 1..1000");
        }

        _levels = levels;
        _book = book ?? new FastL3Book(orderCapacity: 1 << 16, levelCapacity: 4096);
        _previousRow = new long[4 * levels];
        _ourRow = new long[4 * levels];
    }

    public IL3Book Book => _book;

    public int Levels => _levels;

    /// <summary>Rows compared so far.</summary>
    public long Rows { get; private set; }

    /// <summary>Rows whose top N levels equalled the orderbook row.</summary>
    public long MatchingRows { get; private set; }

    /// <summary>Levels whose size was taken from the orderbook row because they entered the window unannounced.</summary>
    public long SeededLevels { get; private set; }

    /// <summary>The 1-based number of the first row that did not match, or 0 when all did.</summary>
    public long FirstMismatchRow { get; private set; }

    /// <summary>Messages naming an order or level the book could not find (informational; the row check decides).</summary>
    public long UnmatchedMessages { get; private set; }

    /// <summary>Seeds the book from the first orderbook row, which already includes the first message's effect.</summary>
    public void Seed(ReadOnlySpan<long> firstRow, in LobsterMessage firstMessage)
    {
        RequireRow(firstRow);
        _book.Clear();
        for (int depth = 0; depth < _levels; depth++)
        {
            SetAnonymous(Side.Sell, firstRow[4 * depth], firstRow[(4 * depth) + 1]);
            SetAnonymous(Side.Buy, firstRow[(4 * depth) + 2], firstRow[(4 * depth) + 3]);
        }

        // Undo the first message on the anonymous liquidity, so applying it re-creates the first row exactly.
        switch (firstMessage.Type)
        {
            case LobsterEventType.NewOrder:
                AdjustAnonymous(firstMessage.Side, firstMessage.Price, -firstMessage.Size);
                break;
            case LobsterEventType.PartialCancel:
            case LobsterEventType.Delete:
            case LobsterEventType.VisibleExecution:
                AdjustAnonymous(firstMessage.Side, firstMessage.Price, firstMessage.Size);
                break;
            default:
                break;
        }

        firstRow[..(4 * _levels)].CopyTo(_previousRow);
        _seeded = true;
    }

    /// <summary>Applies one message, reconciles levels that entered the window, and compares with the row after it.</summary>
    public bool Apply(in LobsterMessage message, ReadOnlySpan<long> row)
    {
        if (!_seeded)
        {
            throw new InvalidOperationException("Seed the rebuilder with the first orderbook row before applying messages");
        }

        RequireRow(row);
        bool levelExisted = _book.TryGetLevelAt(message.Side, new Price(message.Price), out _);
        ApplyMessage(in message);
        bool freshLevel = message.Type == LobsterEventType.NewOrder && !levelExisted;
        Reconcile(Side.Sell, row, in message, freshLevel);
        Reconcile(Side.Buy, row, in message, freshLevel);
        WriteTopLevels(_ourRow);
        Rows++;
        bool matches = row[..(4 * _levels)].SequenceEqual(_ourRow);
        if (matches)
        {
            MatchingRows++;
        }
        else if (FirstMismatchRow == 0)
        {
            FirstMismatchRow = Rows;
        }

        row[..(4 * _levels)].CopyTo(_previousRow);
        return matches;
    }

    /// <summary>Writes the book's top N levels in LOBSTER's row layout (empty levels as ±9999999999 with size 0).</summary>
    public void WriteTopLevels(Span<long> row)
    {
        for (int depth = 0; depth < _levels; depth++)
        {
            if (_book.TryGetLevel(Side.Sell, depth, out BookLevel ask))
            {
                row[4 * depth] = ask.Price.Units;
                row[(4 * depth) + 1] = ask.Quantity.Units;
            }
            else
            {
                row[4 * depth] = LobsterFormat.EmptyAskPrice;
                row[(4 * depth) + 1] = 0;
            }

            if (_book.TryGetLevel(Side.Buy, depth, out BookLevel bid))
            {
                row[(4 * depth) + 2] = bid.Price.Units;
                row[(4 * depth) + 3] = bid.Quantity.Units;
            }
            else
            {
                row[(4 * depth) + 2] = -LobsterFormat.EmptyAskPrice;
                row[(4 * depth) + 3] = 0;
            }
        }
    }

    private void ApplyMessage(in LobsterMessage message)
    {
        var id = new OrderId(message.OrderId);
        switch (message.Type)
        {
            case LobsterEventType.NewOrder:
                if (message.Size <= 0)
                {
                    return;
                }

                if (!_book.Add(new BookOrder(id, s_lobsterAccount, message.Side, new Price(message.Price), new Quantity(message.Size))))
                {
                    // A reused id: the old order must be gone from the real book by now.
                    _book.Remove(id, out _);
                    _book.Add(new BookOrder(id, s_lobsterAccount, message.Side, new Price(message.Price), new Quantity(message.Size)));
                    UnmatchedMessages++;
                }

                return;
            case LobsterEventType.PartialCancel:
            case LobsterEventType.VisibleExecution:
            case LobsterEventType.Delete:
                if (message.OrderId > 0 && _book.TryGetOrder(id, out BookOrder order))
                {
                    long left = message.Type == LobsterEventType.Delete ? 0 : order.Quantity.Units - message.Size;
                    if (left > 0)
                    {
                        _book.Reduce(id, new Quantity(left));
                    }
                    else
                    {
                        _book.Remove(id, out _);
                    }
                }
                else
                {
                    TakeUnknown(message.Side, message.Price, message.Size);
                }

                return;
            default:
                // Hidden executions, cross trades and halts do not change the visible book.
                return;
        }
    }

    private void Reconcile(Side side, ReadOnlySpan<long> row, in LobsterMessage message, bool freshLevel)
    {
        int priceColumn = side == Side.Sell ? 0 : 2;

        // 1. Levels in the row's window that were not in the previous row's window entered it: take their size from the
        //    row, unless the message itself just created the level.
        for (int depth = 0; depth < _levels; depth++)
        {
            long price = row[(4 * depth) + priceColumn];
            long size = row[(4 * depth) + priceColumn + 1];
            if (size == 0 || InWindow(_previousRow, price, priceColumn))
            {
                continue;
            }

            if (freshLevel && message.Side == side && message.Price == price)
            {
                continue;
            }

            SetLevel(side, price, size);
            SeededLevels++;
        }

        // 2. Levels the book shows inside the window that the row does not have and that were not in the previous
        //    window either are stale memories of deeper levels: drop them (repeat, as a deeper one may move up).
        for (int depth = 0; depth < _levels; depth++)
        {
            if (!_book.TryGetLevel(side, depth, out BookLevel level))
            {
                break;
            }

            long price = level.Price.Units;
            if (InWindow(row, price, priceColumn) || InWindow(_previousRow, price, priceColumn))
            {
                continue;
            }

            if (freshLevel && message.Side == side && message.Price == price)
            {
                continue;
            }

            SetLevel(side, price, 0);
            SeededLevels++;
            depth--;
        }
    }

    private bool InWindow(ReadOnlySpan<long> row, long price, int priceColumn)
    {
        for (int depth = 0; depth < _levels; depth++)
        {
            if (row[(4 * depth) + priceColumn] == price && row[(4 * depth) + priceColumn + 1] != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Makes the level at a price total <paramref name="size"/>, all anonymous: while the level was outside the window
    /// its orders may have changed unannounced, so what the book remembers about them cannot be trusted.
    /// </summary>
    private void SetLevel(Side side, long price, long size)
    {
        RemoveLevelOrders(side, price, keepAnonymous: true);
        SetAnonymous(side, price, size);
    }

    private void RemoveLevelOrders(Side side, long price, bool keepAnonymous)
    {
        var collector = new LevelOrderCollector(price, _scratch);
        _book.VisitOrders(side, ref collector);
        _scratch = collector.Buffer;
        OrderId anonymous = AnonymousId(side, price);
        for (int i = 0; i < collector.Count; i++)
        {
            if (!keepAnonymous || _scratch[i] != anonymous)
            {
                _book.Remove(_scratch[i], out _);
            }
        }
    }

    /// <summary>
    /// Takes <paramref name="size"/> of an order the book does not know from its level: from the anonymous liquidity
    /// first, then (the book's memory of that level being wrong) from the known orders in time priority.
    /// </summary>
    private void TakeUnknown(Side side, long price, long size)
    {
        long anonymousSize = _book.TryGetOrder(AnonymousId(side, price), out BookOrder anonymous) ? anonymous.Quantity.Units : 0;
        long fromAnonymous = Math.Min(size, anonymousSize);
        SetAnonymous(side, price, anonymousSize - fromAnonymous);
        long shortfall = size - fromAnonymous;
        if (shortfall == 0)
        {
            return;
        }

        UnmatchedMessages++;
        var collector = new LevelOrderCollector(price, _scratch);
        _book.VisitOrders(side, ref collector);
        _scratch = collector.Buffer;
        for (int i = 0; i < collector.Count && shortfall > 0; i++)
        {
            _book.TryGetOrder(_scratch[i], out BookOrder known);
            long taken = Math.Min(shortfall, known.Quantity.Units);
            shortfall -= taken;
            if (taken == known.Quantity.Units)
            {
                _book.Remove(known.OrderId, out _);
            }
            else
            {
                _book.Reduce(known.OrderId, new Quantity(known.Quantity.Units - taken));
            }
        }
    }

    private void AdjustAnonymous(Side side, long price, long delta)
    {
        long current = _book.TryGetOrder(AnonymousId(side, price), out BookOrder existing) ? existing.Quantity.Units : 0;
        long target = current + delta;
        if (target < 0)
        {
            UnmatchedMessages++;
            target = 0;
        }

        SetAnonymous(side, price, target);
    }

    private void SetAnonymous(Side side, long price, long size)
    {
        if (size == 0 && (price == LobsterFormat.EmptyAskPrice || price == -LobsterFormat.EmptyAskPrice))
        {
            return;
        }

        OrderId id = AnonymousId(side, price);
        if (_book.TryGetOrder(id, out BookOrder existing))
        {
            if (existing.Quantity.Units == size)
            {
                return;
            }

            if (size > 0 && size < existing.Quantity.Units)
            {
                _book.Reduce(id, new Quantity(size));
                return;
            }

            _book.Remove(id, out _);
        }

        if (size > 0)
        {
            _book.Add(new BookOrder(id, AccountId.None, side, new Price(price), new Quantity(size)));
        }
    }

    /// <summary>Anonymous liquidity has a negative id derived from side and price; LOBSTER ids are positive.</summary>
    private static OrderId AnonymousId(Side side, long price) => new(-((price * 2) + (side == Side.Sell ? 1 : 0)) - 1);

    private void RequireRow(ReadOnlySpan<long> row)
    {
        if (row.Length < 4 * _levels)
        {
            throw new ArgumentException($"an orderbook row of {_levels} levels needs {4 * _levels} values, got {row.Length}", nameof(row));
        }
    }
}
