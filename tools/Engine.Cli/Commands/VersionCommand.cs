using System.CommandLine;
using System.Reflection;

namespace Engine.Cli.Commands;

/// <summary><c>engine version</c>: the engine's version and the runtime it runs on.</summary>
public static class VersionCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("version", "Print the engine version and the .NET runtime it runs on.");
        command.SetAction(_ =>
        {
            output.WriteLine($"engine {EngineVersion} (.NET {Environment.Version})");
            return CommandLineApp.Success;
        });
        return command;
    }

    public static string EngineVersion
    {
        get
        {
            Assembly assembly = typeof(VersionCommand).Assembly;
            string? informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
            return informational ?? assembly.GetName().Version?.ToString() ?? "unknown";
        }
    }
}
