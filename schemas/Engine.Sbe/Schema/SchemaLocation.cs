namespace Engine.Sbe.Schema;

/// <summary>Where a schema element was declared: the file (as given to the loader) and the 1-based line.</summary>
public sealed class SchemaLocation
{
    public SchemaLocation(string file, int line)
    {
        File = file;
        Line = line;
    }

    public string File { get; }

    public int Line { get; }

    public override string ToString() => File + ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
