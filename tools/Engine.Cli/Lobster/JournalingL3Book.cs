using Engine.Journal.Writing;
using Engine.Matching;
using Engine.Primitives;
using Wire = Engine.Codecs;

namespace Engine.Cli.Lobster;

/// <summary>
/// An L3 book that journals every change made to it as the SBE L3 message that makes the same change to the BLP's L3
/// mirror (add → L3OrderAdded, reduce → L3OrderModified at the same price, remove → L3OrderDeleted), so a journal
/// replayed through the BLP ends with exactly this book. While <see cref="BeginExecution"/>'s budget lasts, reductions
/// and removals at the executed side and price are journaled as L3OrderExecuted instead: the trades of a LOBSTER
/// visible execution. Single-threaded: owned by the import.
/// </summary>
internal sealed class JournalingL3Book : IL3Book
{
    private readonly FastL3Book _book = new(orderCapacity: 1 << 16, levelCapacity: 4096);
    private readonly JournalWriter _journal;
    private readonly uint _instrument;
    private readonly ushort _venue;
    private readonly byte[] _buffer = new byte[256];
    private long _venueTime;
    private Side _executionSide;
    private long _executionPrice;
    private long _executionBudget;

    public JournalingL3Book(JournalWriter journal, InstrumentId instrument, VenueId venue)
    {
        _journal = journal;
        _instrument = (uint)instrument.Value;
        _venue = (ushort)venue.Value;
    }

    public long Added { get; private set; }

    public long Modified { get; private set; }

    public long Deleted { get; private set; }

    public long Executed { get; private set; }

    public long Trades { get; private set; }

    public int OrderCount => _book.OrderCount;

    /// <summary>The venue time of the records journaled from now on (ns since the Unix epoch).</summary>
    public void SetTime(long exchangeTime) => _venueTime = exchangeTime;

    /// <summary>Up to <paramref name="quantity"/> taken from the orders at this side and price are trades, not cancels.</summary>
    public void BeginExecution(Side side, long price, long quantity)
    {
        _executionSide = side;
        _executionPrice = price;
        _executionBudget = quantity;
    }

    public void EndExecution() => _executionBudget = 0;

    /// <summary>A trade that changes no visible order (a hidden execution or a cross): a Trade print.</summary>
    public void JournalTrade(long price, long quantity, Side? aggressor)
    {
        var trade = Wire.TradeEncoder.WrapAndApplyHeader(_buffer, 0);
        long sequence = _journal.NextSequence;
        trade.ExchangeTime = _venueTime;
        trade.GatewayReceiveTime = _venueTime;
        trade.VenueSequence = (ulong)sequence;
        trade.TradeId = (ulong)sequence;
        trade.Price.SetMantissa(price);
        trade.Quantity.SetMantissa(quantity);
        trade.InstrumentId = _instrument;
        trade.VenueId = _venue;
        trade.AggressorSide = aggressor is { } side ? (side == Side.Buy ? Wire.Side.Buy : Wire.Side.Sell) : Wire.Side.NullValue;
        Append(Wire.TradeEncoder.TemplateId, Wire.EngineSchema.HeaderLength + trade.EncodedLength);
        Trades++;
    }

    public int LevelCount(Side side) => _book.LevelCount(side);

    public bool Add(in BookOrder order)
    {
        if (!_book.Add(order))
        {
            return false;
        }

        var added = Wire.L3OrderAddedEncoder.WrapAndApplyHeader(_buffer, 0);
        long sequence = _journal.NextSequence;
        added.ExchangeTime = _venueTime;
        added.GatewayReceiveTime = _venueTime;
        added.VenueSequence = (ulong)sequence;
        added.VenueOrderId = (ulong)order.OrderId.Value;
        added.Price.SetMantissa(order.Price.Units);
        added.Quantity.SetMantissa(order.Quantity.Units);
        added.InstrumentId = _instrument;
        added.VenueId = _venue;
        added.Side = ToWire(order.Side);
        Append(Wire.L3OrderAddedEncoder.TemplateId, Wire.EngineSchema.HeaderLength + added.EncodedLength);
        Added++;
        return true;
    }

    public bool Remove(OrderId orderId, out BookOrder removed)
    {
        if (!_book.Remove(orderId, out removed))
        {
            return false;
        }

        if (TakeExecution(removed, removed.Quantity.Units))
        {
            JournalExecution(removed, removed.Quantity.Units);
            return true;
        }

        var deleted = Wire.L3OrderDeletedEncoder.WrapAndApplyHeader(_buffer, 0);
        long sequence = _journal.NextSequence;
        deleted.ExchangeTime = _venueTime;
        deleted.GatewayReceiveTime = _venueTime;
        deleted.VenueSequence = (ulong)sequence;
        deleted.VenueOrderId = (ulong)orderId.Value;
        deleted.InstrumentId = _instrument;
        deleted.VenueId = _venue;
        deleted.Side = ToWire(removed.Side);
        Append(Wire.L3OrderDeletedEncoder.TemplateId, Wire.EngineSchema.HeaderLength + deleted.EncodedLength);
        Deleted++;
        return true;
    }

    public bool Reduce(OrderId orderId, Quantity newQuantity)
    {
        if (!_book.TryGetOrder(orderId, out BookOrder order) || !_book.Reduce(orderId, newQuantity))
        {
            return false;
        }

        long taken = order.Quantity.Units - newQuantity.Units;
        if (TakeExecution(order, taken))
        {
            JournalExecution(order, taken);
            return true;
        }

        var modified = Wire.L3OrderModifiedEncoder.WrapAndApplyHeader(_buffer, 0);
        long sequence = _journal.NextSequence;
        modified.ExchangeTime = _venueTime;
        modified.GatewayReceiveTime = _venueTime;
        modified.VenueSequence = (ulong)sequence;
        modified.VenueOrderId = (ulong)orderId.Value;
        modified.Price.SetMantissa(order.Price.Units);
        modified.Quantity.SetMantissa(newQuantity.Units);
        modified.InstrumentId = _instrument;
        modified.VenueId = _venue;
        modified.Side = ToWire(order.Side);
        Append(Wire.L3OrderModifiedEncoder.TemplateId, Wire.EngineSchema.HeaderLength + modified.EncodedLength);
        Modified++;
        return true;
    }

    public bool TryGetOrder(OrderId orderId, out BookOrder order) => _book.TryGetOrder(orderId, out order);

    public bool TryGetBestOrder(Side side, out BookOrder order) => _book.TryGetBestOrder(side, out order);

    public bool TryGetLevel(Side side, int depth, out BookLevel level) => _book.TryGetLevel(side, depth, out level);

    public bool TryGetLevelAt(Side side, Price price, out BookLevel level) => _book.TryGetLevelAt(side, price, out level);

    public void VisitOrders<TVisitor>(Side side, ref TVisitor visitor)
        where TVisitor : IOrderVisitor => _book.VisitOrders(side, ref visitor);

    /// <summary>Only an empty book can be cleared: a journal has no "clear" record, and the mirror must stay equal.</summary>
    public void Clear()
    {
        if (_book.OrderCount != 0)
        {
            throw new InvalidOperationException("a journaled L3 book cannot be cleared once it holds orders");
        }
    }

    public ulong StateHash() => _book.StateHash();

    public void ValidateInternalState() => _book.ValidateInternalState();

    private static Wire.BookSide ToWire(Side side) => side == Side.Buy ? Wire.BookSide.Bid : Wire.BookSide.Ask;

    private bool TakeExecution(in BookOrder order, long quantity)
    {
        if (_executionBudget <= 0 || order.Side != _executionSide || order.Price.Units != _executionPrice || quantity > _executionBudget)
        {
            return false;
        }

        _executionBudget -= quantity;
        return true;
    }

    private void JournalExecution(in BookOrder order, long quantity)
    {
        var executed = Wire.L3OrderExecutedEncoder.WrapAndApplyHeader(_buffer, 0);
        long sequence = _journal.NextSequence;
        executed.ExchangeTime = _venueTime;
        executed.GatewayReceiveTime = _venueTime;
        executed.VenueSequence = (ulong)sequence;
        executed.VenueOrderId = (ulong)order.OrderId.Value;
        executed.TradeId = (ulong)sequence;
        executed.Price.SetMantissa(order.Price.Units);
        executed.ExecutedQuantity.SetMantissa(quantity);
        executed.InstrumentId = _instrument;
        executed.VenueId = _venue;
        executed.Side = ToWire(order.Side);
        Append(Wire.L3OrderExecutedEncoder.TemplateId, Wire.EngineSchema.HeaderLength + executed.EncodedLength);
        Executed++;
    }

    private void Append(int templateId, int length)
    {
        long sequence = _journal.NextSequence;
        _journal.Append(sequence, templateId, _venueTime, _venueTime, _buffer.AsSpan(0, length));
        if ((sequence & 4095) == 0)
        {
            _journal.Commit();
        }
    }
}
