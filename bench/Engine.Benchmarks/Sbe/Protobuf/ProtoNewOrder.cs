using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Engine.Benchmarks.Sbe.Protobuf;

/// <summary>
/// The Protobuf baseline's new order, hand-written like protoc's C# output:
/// <c>message NewOrder { uint64 client_order_id = 1; uint64 account_id = 2; int64 price = 3; int64 stop_price = 4;
/// int64 quantity = 5; int64 expire_time = 6; int64 sending_time = 7; uint32 instrument_id = 8; uint32 strategy_id = 9;
/// Side side = 10; OrderType order_type = 11; TimeInForce tif = 12; uint32 flags = 13; }</c>. Owned by the benchmark thread.
/// </summary>
public sealed class ProtoNewOrder : IMessage<ProtoNewOrder>, IBufferMessage
{
    public static readonly MessageParser<ProtoNewOrder> Parser = new(() => new ProtoNewOrder());

    public ulong ClientOrderId { get; set; }

    public ulong AccountId { get; set; }

    public long Price { get; set; }

    public long StopPrice { get; set; }

    public long Quantity { get; set; }

    public long ExpireTime { get; set; }

    public long SendingTime { get; set; }

    public uint InstrumentId { get; set; }

    public uint StrategyId { get; set; }

    public int Side { get; set; }

    public int OrderType { get; set; }

    public int TimeInForce { get; set; }

    public uint Flags { get; set; }

    public MessageDescriptor Descriptor => throw new NotSupportedException("hand-written baseline message: no descriptor");

    public int CalculateSize()
    {
        int size = 0;
        size += ClientOrderId != 0 ? 1 + CodedOutputStream.ComputeUInt64Size(ClientOrderId) : 0;
        size += AccountId != 0 ? 1 + CodedOutputStream.ComputeUInt64Size(AccountId) : 0;
        size += Price != 0 ? 1 + CodedOutputStream.ComputeInt64Size(Price) : 0;
        size += StopPrice != 0 ? 1 + CodedOutputStream.ComputeInt64Size(StopPrice) : 0;
        size += Quantity != 0 ? 1 + CodedOutputStream.ComputeInt64Size(Quantity) : 0;
        size += ExpireTime != 0 ? 1 + CodedOutputStream.ComputeInt64Size(ExpireTime) : 0;
        size += SendingTime != 0 ? 1 + CodedOutputStream.ComputeInt64Size(SendingTime) : 0;
        size += InstrumentId != 0 ? 1 + CodedOutputStream.ComputeUInt32Size(InstrumentId) : 0;
        size += StrategyId != 0 ? 1 + CodedOutputStream.ComputeUInt32Size(StrategyId) : 0;
        size += Side != 0 ? 1 + CodedOutputStream.ComputeEnumSize(Side) : 0;
        size += OrderType != 0 ? 1 + CodedOutputStream.ComputeEnumSize(OrderType) : 0;
        size += TimeInForce != 0 ? 1 + CodedOutputStream.ComputeEnumSize(TimeInForce) : 0;
        size += Flags != 0 ? 1 + CodedOutputStream.ComputeUInt32Size(Flags) : 0;
        return size;
    }

    public void InternalWriteTo(ref WriteContext output)
    {
        if (ClientOrderId != 0)
        {
            output.WriteRawTag(8);
            output.WriteUInt64(ClientOrderId);
        }

        if (AccountId != 0)
        {
            output.WriteRawTag(16);
            output.WriteUInt64(AccountId);
        }

        if (Price != 0)
        {
            output.WriteRawTag(24);
            output.WriteInt64(Price);
        }

        if (StopPrice != 0)
        {
            output.WriteRawTag(32);
            output.WriteInt64(StopPrice);
        }

        if (Quantity != 0)
        {
            output.WriteRawTag(40);
            output.WriteInt64(Quantity);
        }

        if (ExpireTime != 0)
        {
            output.WriteRawTag(48);
            output.WriteInt64(ExpireTime);
        }

        if (SendingTime != 0)
        {
            output.WriteRawTag(56);
            output.WriteInt64(SendingTime);
        }

        if (InstrumentId != 0)
        {
            output.WriteRawTag(64);
            output.WriteUInt32(InstrumentId);
        }

        if (StrategyId != 0)
        {
            output.WriteRawTag(72);
            output.WriteUInt32(StrategyId);
        }

        if (Side != 0)
        {
            output.WriteRawTag(80);
            output.WriteEnum(Side);
        }

        if (OrderType != 0)
        {
            output.WriteRawTag(88);
            output.WriteEnum(OrderType);
        }

        if (TimeInForce != 0)
        {
            output.WriteRawTag(96);
            output.WriteEnum(TimeInForce);
        }

        if (Flags != 0)
        {
            output.WriteRawTag(104);
            output.WriteUInt32(Flags);
        }
    }

    public void InternalMergeFrom(ref ParseContext input)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: ClientOrderId = input.ReadUInt64(); break;
                case 16: AccountId = input.ReadUInt64(); break;
                case 24: Price = input.ReadInt64(); break;
                case 32: StopPrice = input.ReadInt64(); break;
                case 40: Quantity = input.ReadInt64(); break;
                case 48: ExpireTime = input.ReadInt64(); break;
                case 56: SendingTime = input.ReadInt64(); break;
                case 64: InstrumentId = input.ReadUInt32(); break;
                case 72: StrategyId = input.ReadUInt32(); break;
                case 80: Side = input.ReadEnum(); break;
                case 88: OrderType = input.ReadEnum(); break;
                case 96: TimeInForce = input.ReadEnum(); break;
                case 104: Flags = input.ReadUInt32(); break;
                default: throw new InvalidDataException("unexpected protobuf tag " + tag);
            }
        }
    }

    public void WriteTo(CodedOutputStream output) => output.WriteRawMessage(this);

    public void MergeFrom(CodedInputStream input) => input.ReadRawMessage(this);

    public void MergeFrom(ProtoNewOrder message)
    {
        ArgumentNullException.ThrowIfNull(message);
        ClientOrderId = message.ClientOrderId;
        AccountId = message.AccountId;
        Price = message.Price;
        StopPrice = message.StopPrice;
        Quantity = message.Quantity;
        ExpireTime = message.ExpireTime;
        SendingTime = message.SendingTime;
        InstrumentId = message.InstrumentId;
        StrategyId = message.StrategyId;
        Side = message.Side;
        OrderType = message.OrderType;
        TimeInForce = message.TimeInForce;
        Flags = message.Flags;
    }

    public ProtoNewOrder Clone()
    {
        var clone = new ProtoNewOrder();
        clone.MergeFrom(this);
        return clone;
    }

    public bool Equals(ProtoNewOrder? other) =>
        other is not null && ClientOrderId == other.ClientOrderId && AccountId == other.AccountId && Price == other.Price
        && StopPrice == other.StopPrice && Quantity == other.Quantity && ExpireTime == other.ExpireTime && SendingTime == other.SendingTime
        && InstrumentId == other.InstrumentId && StrategyId == other.StrategyId && Side == other.Side && OrderType == other.OrderType
        && TimeInForce == other.TimeInForce && Flags == other.Flags;

    public override bool Equals(object? obj) => Equals(obj as ProtoNewOrder);

    public override int GetHashCode() => HashCode.Combine(ClientOrderId, AccountId, Price, Quantity, SendingTime, InstrumentId, Side);
}
