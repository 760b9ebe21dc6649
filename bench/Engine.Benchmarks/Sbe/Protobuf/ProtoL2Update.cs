using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Engine.Benchmarks.Sbe.Protobuf;

/// <summary>
/// The Protobuf baseline's L2 update, hand-written like protoc's C# output:
/// <c>message L2Update { int64 venue_time = 1; int64 receive_time = 2; uint64 venue_sequence = 3;
/// uint32 instrument_id = 4; uint32 venue_id = 5; repeated Level levels = 6; }</c>. Owned by the benchmark thread.
/// </summary>
public sealed class ProtoL2Update : IMessage<ProtoL2Update>, IBufferMessage
{
    public static readonly MessageParser<ProtoL2Update> Parser = new(() => new ProtoL2Update());

    public long VenueTime { get; set; }

    public long ReceiveTime { get; set; }

    public ulong VenueSequence { get; set; }

    public uint InstrumentId { get; set; }

    public uint VenueId { get; set; }

    public List<ProtoL2Level> Levels { get; } = [];

    public MessageDescriptor Descriptor => throw new NotSupportedException("hand-written baseline message: no descriptor");

    public int CalculateSize()
    {
        int size = 0;
        if (VenueTime != 0)
        {
            size += 1 + CodedOutputStream.ComputeInt64Size(VenueTime);
        }

        if (ReceiveTime != 0)
        {
            size += 1 + CodedOutputStream.ComputeInt64Size(ReceiveTime);
        }

        if (VenueSequence != 0)
        {
            size += 1 + CodedOutputStream.ComputeUInt64Size(VenueSequence);
        }

        if (InstrumentId != 0)
        {
            size += 1 + CodedOutputStream.ComputeUInt32Size(InstrumentId);
        }

        if (VenueId != 0)
        {
            size += 1 + CodedOutputStream.ComputeUInt32Size(VenueId);
        }

        foreach (ProtoL2Level level in Levels)
        {
            size += 1 + CodedOutputStream.ComputeMessageSize(level);
        }

        return size;
    }

    public void InternalWriteTo(ref WriteContext output)
    {
        if (VenueTime != 0)
        {
            output.WriteRawTag(8);
            output.WriteInt64(VenueTime);
        }

        if (ReceiveTime != 0)
        {
            output.WriteRawTag(16);
            output.WriteInt64(ReceiveTime);
        }

        if (VenueSequence != 0)
        {
            output.WriteRawTag(24);
            output.WriteUInt64(VenueSequence);
        }

        if (InstrumentId != 0)
        {
            output.WriteRawTag(32);
            output.WriteUInt32(InstrumentId);
        }

        if (VenueId != 0)
        {
            output.WriteRawTag(40);
            output.WriteUInt32(VenueId);
        }

        foreach (ProtoL2Level level in Levels)
        {
            output.WriteRawTag(50);
            output.WriteMessage(level);
        }
    }

    public void InternalMergeFrom(ref ParseContext input)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (tag)
            {
                case 8: VenueTime = input.ReadInt64(); break;
                case 16: ReceiveTime = input.ReadInt64(); break;
                case 24: VenueSequence = input.ReadUInt64(); break;
                case 32: InstrumentId = input.ReadUInt32(); break;
                case 40: VenueId = input.ReadUInt32(); break;
                case 50:
                    var level = new ProtoL2Level();
                    input.ReadMessage(level);
                    Levels.Add(level);
                    break;
                default: throw new InvalidDataException("unexpected protobuf tag " + tag);
            }
        }
    }

    public void WriteTo(CodedOutputStream output) => output.WriteRawMessage(this);

    public void MergeFrom(CodedInputStream input) => input.ReadRawMessage(this);

    public void MergeFrom(ProtoL2Update message)
    {
        ArgumentNullException.ThrowIfNull(message);
        VenueTime = message.VenueTime;
        ReceiveTime = message.ReceiveTime;
        VenueSequence = message.VenueSequence;
        InstrumentId = message.InstrumentId;
        VenueId = message.VenueId;
        foreach (ProtoL2Level level in message.Levels)
        {
            Levels.Add(level.Clone());
        }
    }

    public ProtoL2Update Clone()
    {
        var clone = new ProtoL2Update();
        clone.MergeFrom(this);
        return clone;
    }

    public bool Equals(ProtoL2Update? other)
    {
        if (other is null || VenueTime != other.VenueTime || ReceiveTime != other.ReceiveTime || VenueSequence != other.VenueSequence
            || InstrumentId != other.InstrumentId || VenueId != other.VenueId || Levels.Count != other.Levels.Count)
        {
            return false;
        }

        for (int i = 0; i < Levels.Count; i++)
        {
            if (!Levels[i].Equals(other.Levels[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as ProtoL2Update);

    public override int GetHashCode() => HashCode.Combine(VenueTime, VenueSequence, InstrumentId, Levels.Count);
}
