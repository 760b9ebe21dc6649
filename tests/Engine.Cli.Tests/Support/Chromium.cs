using System.Diagnostics;

namespace Engine.Cli.Tests;

/// <summary>
/// Debian's Chromium (<c>apt-get install chromium</c>; <c>./build.sh test</c> installs it when run as root), run
/// headless as a real process. Absent: the test is skipped with a message, or fails when <c>CI</c> is set.
/// </summary>
internal static class Chromium
{
    private static readonly string[] s_candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string RequirePath()
    {
        string? path = s_candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            string message = "Chromium is not installed (apt-get install chromium; ./build.sh test installs it when run as root)";
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail(message);
            }

            Assert.Ignore(message);
        }

        return path!;
    }

    /// <summary>Runs headless Chromium with the arguments and the page last; returns its standard output.</summary>
    public static string Run(string chromium, params string[] arguments)
    {
        string profile = Path.Combine(Path.GetTempPath(), "chromium-profile-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // As root (CI containers) Chromium refuses to start without --no-sandbox; the page is our own file.
        foreach (string argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--user-data-dir=" + profile }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + chromium);
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium {string.Join(' ', arguments)} did not exit within 2 minutes");
            }

            Assert.That(process.ExitCode, Is.Zero, $"chromium {string.Join(' ', arguments)}: {stderr.GetAwaiter().GetResult()}");
            return stdout.GetAwaiter().GetResult();
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a Chromium helper process may hold the profile for a moment.
            }
        }
    }
}
