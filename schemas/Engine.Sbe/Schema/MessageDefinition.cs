namespace Engine.Sbe.Schema;

/// <summary>A <c>message</c>: its template id is <see cref="BlockDefinition.Id"/>.</summary>
public sealed class MessageDefinition : BlockDefinition
{
    public MessageDefinition(
        string name,
        int id,
        int blockLength,
        int sinceVersion,
        string? description,
        SchemaLocation location,
        IReadOnlyList<FieldDefinition> fields,
        IReadOnlyList<GroupDefinition> groups,
        IReadOnlyList<VarDataDefinition> varData,
        string? semanticType)
        : base(name, id, blockLength, sinceVersion, description, location, fields, groups, varData)
    {
        SemanticType = semanticType;
    }

    public string? SemanticType { get; }
}
