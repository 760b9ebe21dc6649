namespace Engine.Sbe.Schema;

/// <summary>
/// Where the loader reads schema files from: the file system for the command line and tests, the compiler's
/// additional files for the source generator (which must not touch the disk itself).
/// </summary>
public abstract class SchemaSource
{
    /// <summary>The text of a file, or null when there is no such file.</summary>
    public abstract string? ReadText(string path);

    /// <summary>The path of <paramref name="href"/> relative to the directory of <paramref name="includingFile"/>.</summary>
    public virtual string Resolve(string includingFile, string href)
    {
        string? directory = Path.GetDirectoryName(includingFile);
        return string.IsNullOrEmpty(directory) ? href : Path.Combine(directory, href);
    }
}
