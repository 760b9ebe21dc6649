using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Engine.Benchmarks.Sbe.Protobuf;

/// <summary>
/// The Protobuf baseline's L2 level, written by hand the way protoc's C# output works (no protoc here):
/// <c>message Level { int64 price = 1; int64 quantity = 2; Side side = 3; Action action = 4; }</c>.
/// Serialization goes through Google.Protobuf's own WriteContext/ParseContext, as generated code does.
/// Owned by the benchmark thread.
/// </summary>
public sealed class ProtoL2Level : IMessage<ProtoL2Level>, IBufferMessage
{
    public long Price { get; set; }

    public long Quantity { get; set; }

    public int Side { get; set; }

    public int Action { get; set; }

    /// <summary>Reflection descriptors need protoc's file descriptor; the benchmark path never uses them.</summary>
    public MessageDescriptor Descriptor => throw new NotSupportedException("hand-written baseline message: no descriptor");

    public int CalculateSize()
    {
        int size = 0;
        if (Price != 0)
        {
            size += 1 + CodedOutputStream.ComputeInt64Size(Price);
        }

        if (Quantity != 0)
        {
            size += 1 + CodedOutputStream.ComputeInt64Size(Quantity);
        }

        if (Side != 0)
        {
            size += 1 + CodedOutputStream.ComputeEnumSize(Side);
        }

        if (Action != 0)
        {
            size += 1 + CodedOutputStream.ComputeEnumSize(Action);
        }

        return size;
    }

    public void InternalWriteTo(ref WriteContext output)
    {
        if (Price != 0)
        {
            output.WriteRawTag(8);
            output.WriteInt64(Price);
        }

        if (Quantity != 0)
        {
            output.WriteRawTag(16);
            output.WriteInt64(Quantity);
        }

        if (Side != 0)
        {
            output.WriteRawTag(24);
            output.WriteEnum(Side);
        }

        if (Action != 0)
        {
            output.WriteRawTag(32);
            output.WriteEnum(Action);
        }
    }

    public void InternalMergeFrom(ref ParseContext input)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: Price = input.ReadInt64(); break;
                case 16: Quantity = input.ReadInt64(); break;
                case 24: Side = input.ReadEnum(); break;
                case 32: Action = input.ReadEnum(); break;
                default: throw new InvalidDataException("unexpected protobuf tag " + tag);
            }
        }
    }

    public void WriteTo(CodedOutputStream output) => output.WriteRawMessage(this);

    public void MergeFrom(CodedInputStream input) => input.ReadRawMessage(this);

    public void MergeFrom(ProtoL2Level message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Price = message.Price;
        Quantity = message.Quantity;
        Side = message.Side;
        Action = message.Action;
    }

    public ProtoL2Level Clone() => new() { Price = Price, Quantity = Quantity, Side = Side, Action = Action };

    public bool Equals(ProtoL2Level? other) =>
        other is not null && Price == other.Price && Quantity == other.Quantity && Side == other.Side && Action == other.Action;

    public override bool Equals(object? obj) => Equals(obj as ProtoL2Level);

    public override int GetHashCode() => HashCode.Combine(Price, Quantity, Side, Action);
}
