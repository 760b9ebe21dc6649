namespace Engine.Sbe.Schema;

/// <summary>
/// A schema that cannot be used. The message is one line that names the file, the line and the problem
/// (<c>engine.xml:42: field 'price' refers to unknown type 'Prise'</c>).
/// </summary>
public sealed class SchemaException : Exception
{
    public SchemaException(SchemaLocation location, string problem)
        : base(location + ": " + problem)
    {
        Location = location;
        Problem = problem;
    }

    public SchemaException()
        : base("invalid SBE schema")
    {
        Location = new SchemaLocation("<unknown>", 0);
        Problem = "invalid SBE schema";
    }

    public SchemaException(string message)
        : base(message)
    {
        Location = new SchemaLocation("<unknown>", 0);
        Problem = message;
    }

    public SchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
        Location = new SchemaLocation("<unknown>", 0);
        Problem = message;
    }

    public SchemaLocation Location { get; }

    public string Problem { get; }
}
