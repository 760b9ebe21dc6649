namespace Engine.PerfTests;

/// <summary>Finds a file of ../shared/data (next to the repository, the folder holding Engine.sln) or fails the harness naming it.</summary>
internal static class SharedDataFiles
{
    public static string Find(string relative)
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string? path = directory is null ? null : Path.GetFullPath(Path.Combine(directory, "..", "shared", "data", relative));
        if (path is null || !File.Exists(path))
        {
            throw new HarnessVerificationException($"'{relative}' was not found in ../shared/data next to the repository");
        }

        return path;
    }
}
