using System.Diagnostics;

namespace Engine.Cli.Tests;

/// <summary>Runs the built <c>engine</c> command as a real child process and captures what it prints.</summary>
public static class EngineProcess
{
    public static EngineRun Run(params string[] arguments) => RunIn(TestContext.CurrentContext.WorkDirectory, arguments);

    public static EngineRun RunIn(string workingDirectory, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        string engineDll = Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(engineDll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"engine {string.Join(' ', arguments)} did not exit");
        }

        return new EngineRun(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }
}

public sealed record EngineRun(int ExitCode, string StandardOutput, string StandardError);
