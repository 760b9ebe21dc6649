namespace Engine.Risk.Tests;

/// <summary>
/// The repository root (the folder holding Engine.sln) and the reference data in ../shared/data next to it. Tests
/// that need the reference data are ignored when it is absent, except in CI (environment variable CI set), where
/// its absence is a failure.
/// </summary>
internal static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            string? directory = TestContext.CurrentContext.TestDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            return directory ?? throw new InvalidOperationException($"no Engine.sln above {TestContext.CurrentContext.TestDirectory}");
        }
    }

    /// <summary>A file of ../shared/data/matching, or the test is ignored (failed in CI) when the data is absent.</summary>
    public static string MatchingFile(string name)
    {
        string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "matching", name));
        if (!File.Exists(path))
        {
            string message = $"the reference data {path} is absent";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(message + " (required in CI)");
            }

            Assert.Ignore(message);
        }

        return path;
    }
}
