namespace Engine.Sbe.Schema;

/// <summary>
/// Something in a schema that the reference SBE tool accepts but that breaks a stricter rule the engine's own schemas
/// follow (for example fields of a later version placed before fields of an earlier one). The schema still loads;
/// tools report the warning with the file and line. Immutable.
/// </summary>
public sealed class SchemaWarning
{
    public SchemaWarning(SchemaLocation location, string problem)
    {
        Location = location;
        Problem = problem;
    }

    public SchemaLocation Location { get; }

    public string Problem { get; }

    public override string ToString() => Location + ": " + Problem;
}
