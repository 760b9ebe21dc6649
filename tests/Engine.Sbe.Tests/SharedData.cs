namespace Engine.Sbe.Tests;

/// <summary>
/// The reference data in ../shared/data (next to the folder holding Engine.sln). Tests that need it are ignored
/// when it is absent, except in CI (environment variable CI set), where its absence is a failure.
/// </summary>
public static class SharedData
{
    public static string SbeDirectory
    {
        get
        {
            string? directory = TestContext.CurrentContext.TestDirectory;
            while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
            {
                directory = Path.GetDirectoryName(directory);
            }

            string? sbe = directory is null ? null : Path.GetFullPath(Path.Combine(directory, "..", "shared", "data", "sbe"));
            if (sbe is null || !Directory.Exists(sbe))
            {
                const string Message = "the reference data ../shared/data/sbe is absent";
                if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
                {
                    Assert.Fail(Message + " (required in CI)");
                }

                Assert.Ignore(Message);
            }

            return sbe!;
        }
    }

    public static string SbeFile(string name) => Path.Combine(SbeDirectory, name);
}
