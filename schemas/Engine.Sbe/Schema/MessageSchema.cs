namespace Engine.Sbe.Schema;

/// <summary>
/// A loaded and validated SBE message schema. Immutable, so one instance can serve any number of threads.
/// </summary>
public sealed class MessageSchema
{
    public MessageSchema(
        string package,
        int id,
        int version,
        string? semanticVersion,
        string? description,
        ByteOrder byteOrder,
        CompositeType header,
        IReadOnlyList<SbeType> types,
        IReadOnlyList<MessageDefinition> messages,
        SchemaLocation location,
        IReadOnlyList<SchemaWarning>? warnings = null)
    {
        Warnings = warnings ?? new List<SchemaWarning>();
        Package = package;
        Id = id;
        Version = version;
        SemanticVersion = semanticVersion;
        Description = description;
        ByteOrder = byteOrder;
        Header = header;
        Types = types;
        Messages = messages;
        Location = location;
        HeaderBlockLength = header.Find("blockLength")!;
        HeaderTemplateId = header.Find("templateId")!;
        HeaderSchemaId = header.Find("schemaId")!;
        HeaderVersion = header.Find("version")!;
    }

    public string Package { get; }

    /// <summary>What the schema does that the reference SBE tool accepts but a stricter rule would not (see <see cref="SchemaWarning"/>).</summary>
    public IReadOnlyList<SchemaWarning> Warnings { get; }

    public int Id { get; }

    public int Version { get; }

    public string? SemanticVersion { get; }

    public string? Description { get; }

    public ByteOrder ByteOrder { get; }

    /// <summary>The message header composite (<c>headerType</c>, by default <c>messageHeader</c>).</summary>
    public CompositeType Header { get; }

    public FieldDefinition HeaderBlockLength { get; }

    public FieldDefinition HeaderTemplateId { get; }

    public FieldDefinition HeaderSchemaId { get; }

    public FieldDefinition HeaderVersion { get; }

    /// <summary>Every named type in declaration order, including types declared inline in composites.</summary>
    public IReadOnlyList<SbeType> Types { get; }

    public IReadOnlyList<MessageDefinition> Messages { get; }

    public SchemaLocation Location { get; }

    public MessageDefinition? FindMessage(int templateId)
    {
        foreach (MessageDefinition message in Messages)
        {
            if (message.Id == templateId)
            {
                return message;
            }
        }

        return null;
    }
}
