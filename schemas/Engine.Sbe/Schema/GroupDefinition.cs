namespace Engine.Sbe.Schema;

/// <summary>A repeating group: a dimension (block length and count) followed by that many entries.</summary>
public sealed class GroupDefinition : BlockDefinition
{
    public GroupDefinition(
        string name,
        int id,
        int blockLength,
        int sinceVersion,
        string? description,
        SchemaLocation location,
        IReadOnlyList<FieldDefinition> fields,
        IReadOnlyList<GroupDefinition> groups,
        IReadOnlyList<VarDataDefinition> varData,
        CompositeType dimension)
        : base(name, id, blockLength, sinceVersion, description, location, fields, groups, varData)
    {
        Dimension = dimension;
        BlockLengthMember = dimension.Find("blockLength")!;
        NumInGroupMember = dimension.Find("numInGroup")!;
    }

    public CompositeType Dimension { get; }

    public FieldDefinition BlockLengthMember { get; }

    public FieldDefinition NumInGroupMember { get; }

    public PrimitiveType BlockLengthPrimitive => ((EncodedType)BlockLengthMember.Type).Primitive;

    public PrimitiveType NumInGroupPrimitive => ((EncodedType)NumInGroupMember.Type).Primitive;

    /// <summary>The largest entry count the dimension allows (numInGroup's <c>maxValue</c>).</summary>
    public ulong MaxCount => ((EncodedType)NumInGroupMember.Type).MaxValue;
}
