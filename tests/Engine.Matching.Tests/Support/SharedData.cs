namespace Engine.Matching.Tests;

/// <summary>
/// Locates ../shared/data next to the repository (the folder holding Engine.sln). Tests that need it are ignored with a
/// clear message when it is absent, except in CI (environment variable CI set), where its absence is a failure.
/// </summary>
public static class SharedData
{
    public static string Folder(string relative)
    {
        string? directory = TestContext.CurrentContext.TestDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string? path = directory is null ? null : Path.GetFullPath(Path.Combine(directory, "..", "shared", "data", relative));
        if (path is null || !Directory.Exists(path))
        {
            string message = $"shared data folder '{path ?? "../shared/data/" + relative}' not found next to the repository";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(message + " (required in CI)");
            }

            Assert.Ignore(message);
        }

        return path!;
    }
}
